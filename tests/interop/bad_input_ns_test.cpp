// Hostile input against a running `havpnc run` (R10) with a live tunnel to R2 (both havpnc,
// raw ESP), in namespaces (ns_lab.h; ~30 s, mostly the HSRP election). From R2's namespace and
// address: truncated and unknown-SPI ESP, ESP with R10's real SPI and a forged ICV, every ESP
// packet R2 sent replayed in order and then in reverse order, truncated/garbled/mis-sized
// ISAKMP, an "encrypted" informational with the live cookies and a garbage body, and every
// ISAKMP message of the capture replayed in reverse order. R10 must live, count the drops
// (JSON of `show crypto ipsec sa` / `session detail`), keep the same SAs, and the tunnel
// must carry the ping after. Skipped unless root.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <set>

#include "tests/interop/ns_lab.h"

namespace havpnc::interop {
namespace {

using Bytes = std::vector<std::uint8_t>;

struct Captured {
  std::vector<Bytes> esp;     // ESP payloads R2 sent (IP protocol 50)
  std::vector<Bytes> isakmp;  // UDP 500 payloads both sent
};

// A classic pcap (tshark -F pcap) of Ethernet frames.
Captured read_pcap(const fs::path& file) {
  Captured c;
  const std::string data = slurp(file);
  auto u32 = [&](std::size_t at) {
    std::uint32_t v;
    std::memcpy(&v, data.data() + at, 4);
    return v;
  };
  for (std::size_t at = 24; at + 16 <= data.size();) {
    const std::uint32_t len = u32(at + 8);
    const std::size_t frame = at + 16;
    at = frame + len;
    if (at > data.size() || len < 14 + 20) break;
    const auto* p = reinterpret_cast<const std::uint8_t*>(data.data() + frame + 14);
    const std::size_t ip_len = len - 14, ihl = (p[0] & 0x0F) * 4u;
    if (ihl < 20 || ihl > ip_len) continue;
    const bool from_r2 = p[12] == 6 && p[13] == 6 && p[14] == 25 && p[15] == 2;
    if (p[9] == 50 && from_r2) c.esp.emplace_back(p + ihl, p + ip_len);
    if (p[9] == 17 && ip_len >= ihl + 8 && p[ihl + 2] == 0x01 && p[ihl + 3] == 0xF4)  // to 500
      c.isakmp.emplace_back(p + ihl + 8, p + ip_len);
  }
  return c;
}

// Sends each payload from `ns` to 6.6.156.100, as raw ESP or to UDP 500.
void send_from(const std::string& ns, bool esp, const std::vector<Bytes>& payloads) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int nsfd = ::open(("/run/netns/" + ns).c_str(), O_RDONLY);
    if (nsfd < 0 || ::setns(nsfd, CLONE_NEWNET) != 0) ::_exit(1);
    const int s = esp ? ::socket(AF_INET, SOCK_RAW, IPPROTO_ESP) : ::socket(AF_INET, SOCK_DGRAM, 0);
    if (s < 0) ::_exit(2);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = esp ? 0 : htons(500);
    ::inet_pton(AF_INET, "6.6.156.100", &to.sin_addr);
    for (const auto& p : payloads) {
      ::sendto(s, p.data(), p.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
      ::usleep(2000);
    }
    ::_exit(0);
  }
  ASSERT_GT(pid, 0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

class BadInput : public NsLab {
 protected:
  std::uint64_t drops(const nlohmann::json& ipsec, const char* reason) {
    std::uint64_t n = 0;
    for (const auto& p : ipsec["peers"])
      for (const auto& sa : p["inbound_esp_sas"]) n += sa["drops"][reason].get<std::uint64_t>();
    return n;
  }
  std::set<std::uint64_t> spis(const nlohmann::json& ipsec) {
    std::set<std::uint64_t> s;
    for (const auto& p : ipsec["peers"])
      for (const auto& sa : p["inbound_esp_sas"]) s.insert(sa["spi"].get<std::uint64_t>());
    return s;
  }
};

TEST_F(BadInput, MalformedTruncatedReplayedAndReorderedPacketsAreCountedAndTheTunnelStays) {
  ASSERT_TRUE(built);
  const pid_t tshark = spawn({"ip", "netns", "exec", tr, "tshark", "-q", "-n", "-i", "t25", "-F", "pcap", "-w",
                              pcap().string(), "-f", "udp port 500 or ip proto 50"},
                             dir / "tshark.log");
  procs["tshark"] = tshark;
  for (int i = 0; i < 100 && slurp(dir / "tshark.log").find("Capturing on") == std::string::npos; ++i)
    std::this_thread::sleep_for(100ms);
  run_router(r2, "R2", crypto::testing::r2_plan());
  run_router(r10, "R10", crypto::testing::r10_plan());
  if (HasFatalFailure()) return;
  ASSERT_TRUE(ping_until_answered(r2, "6.6.2.2", "6.6.146.4", 90)) << slurp(log_of("R10"));
  ASSERT_EQ(ping_count(r2, "6.6.2.2", "6.6.146.4", 10, "0.05"), 10);
  std::this_thread::sleep_for(300ms);
  stop_capture();
  const Captured cap = read_pcap(pcap());
  ASSERT_GE(cap.esp.size(), 11u);
  ASSERT_GE(cap.isakmp.size(), 9u);  // MM1..MM6, QM1..QM3

  const nlohmann::json before = show_json("R10", "show crypto ipsec sa");
  const std::set<std::uint64_t> spis_before = spis(before);
  ASSERT_EQ(spis_before.size(), 1u);
  const std::uint32_t spi = static_cast<std::uint32_t>(*spis_before.begin());
  const Bytes spi_bytes{static_cast<std::uint8_t>(spi >> 24), static_cast<std::uint8_t>(spi >> 16),
                        static_cast<std::uint8_t>(spi >> 8), static_cast<std::uint8_t>(spi)};

  // ESP.
  std::vector<Bytes> esp{{}, {0x01}, {1, 2, 3, 4, 5, 6, 7}};                  // too short
  esp.push_back(Bytes{0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 1});                   // unknown SPI
  esp.back().resize(8 + 16 + 64 + 12, 0x42);
  Bytes forged = spi_bytes;                                                    // our SPI, new
  forged.insert(forged.end(), {0, 0, 0x7f, 0xff});                            // sequence number,
  forged.resize(8 + 16 + 64 + 12, 0x17);                                       // forged ICV
  esp.push_back(forged);
  Bytes truncated(cap.esp.back().begin(), cap.esp.back().begin() + 20);        // SPI+seq+IV part
  truncated[7] ^= 0x40;  // not a replay: fails later on length/ICV
  esp.push_back(truncated);
  send_from(r2, true, esp);
  send_from(r2, true, cap.esp);                                                // replayed, in order
  std::vector<Bytes> reversed(cap.esp.rbegin(), cap.esp.rend());
  send_from(r2, true, reversed);                                               // and re-ordered

  // ISAKMP.
  std::vector<Bytes> ike{{}, {0}, Bytes(27, 0), Bytes(200, 0xA5)};
  Bytes mis_sized = cap.isakmp.back();
  mis_sized[24] = 0x7F;  // length field far beyond the datagram
  ike.push_back(mis_sized);
  Bytes garbled = cap.isakmp.back();  // QM3's cookies, informational, garbage "ciphertext"
  garbled[18] = 5;
  garbled[23] ^= 0x5A;
  for (std::size_t i = 28; i < garbled.size(); ++i) garbled[i] = static_cast<std::uint8_t>(i * 7);
  ike.push_back(garbled);
  for (auto it = cap.isakmp.rbegin(); it != cap.isakmp.rend(); ++it) ike.push_back(*it);
  send_from(r2, false, ike);
  std::this_thread::sleep_for(1s);

  ASSERT_EQ(::waitpid(procs["R10"], nullptr, WNOHANG), 0) << "R10 died\n" << slurp(log_of("R10"));
  const nlohmann::json after = show_json("R10", "show crypto ipsec sa");
  EXPECT_EQ(spis(after), spis_before) << "the SAs are kept";
  EXPECT_GE(after["too_short_drops"].get<std::uint64_t>() - before["too_short_drops"].get<std::uint64_t>(), 3u);
  EXPECT_GE(after["unknown_spi_drops"].get<std::uint64_t>() - before["unknown_spi_drops"].get<std::uint64_t>(), 1u);
  EXPECT_GE(drops(after, "replay") - drops(before, "replay"), 2 * cap.esp.size()) << after.dump(1);
  EXPECT_GE(drops(after, "icv") + drops(after, "too-short") - drops(before, "icv") - drops(before, "too-short"), 1u)
      << after.dump(1);
  const nlohmann::json session = show_json("R10", "show crypto session detail");
  const auto& k = session["sessions"][0]["ike_counters"];
  const std::uint64_t refused = k["malformed"].get<std::uint64_t>() + k["unexpected_messages"].get<std::uint64_t>() +
                                k["informational_rejected"].get<std::uint64_t>() + k["no_sa"].get<std::uint64_t>();
  EXPECT_GE(refused, 3u) << session.dump(1);
  std::printf("R10 after the corpus: %s\nike_counters %s\n", after.dump().c_str(), k.dump().c_str());

  // The tunnel carries traffic, on the same SA.
  EXPECT_EQ(ping_count(r2, "6.6.2.2", "6.6.146.4", 5), 5);
  EXPECT_EQ(spis(show_json("R10", "show crypto ipsec sa")), spis_before);
  EXPECT_EQ(::waitpid(procs["R10"], nullptr, WNOHANG), 0);
}

}  // namespace
}  // namespace havpnc::interop
