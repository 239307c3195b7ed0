// The seed's R2 as strongSwan 5.9.8 (kernel-libipsec) against havpnc's R10/R11, for real, in
// the lab's namespaces (`havpnc lab up --peer strongswan`). kernel-libipsec only does ESP in
// UDP, so the lab's swanctl.conf sets `encap = yes`: charon sends a NAT-D hash nobody can
// match, both ends float IKE to 4500 (non-ESP marker) and the quick mode SA is
// UDP-Encapsulated-Tunnel (RFC 3947/3948). A tshark capture on the transit router must
// dissect ISAKMP on 500 and 4500 and ESP in UDP with no malformed packet.
//
// Skipped (with the reason) unless root, with strongSwan and tshark installed.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "runtime/lab/command.h"
#include "runtime/lab/lab_state.h"
#include "runtime/lab/strongswan_process.h"

namespace havpnc::lab {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string kSeed = std::string(HAVPNC_SOURCE_DIR) + "/samples/seed";

struct InteropLab {
  std::string prefix;
  fs::path temp;
  explicit InteropLab(const std::string& tag)
      : prefix("hvix-" + std::to_string(::getpid()) + tag + "-"),
        temp(fs::temp_directory_path() / ("havpnc-interop-" + std::to_string(::getpid()) + tag)) {
    fs::create_directories(temp);
    fs::permissions(temp, fs::perms::owner_all);
  }
  ~InteropLab() {
    lab({"down"});
    std::error_code ec;
    fs::remove_all(temp, ec);
  }
  CommandResult lab(std::vector<std::string> args) const {
    std::vector<std::string> argv{HAVPNC_BINARY, "lab", args.front(), "--prefix", prefix};
    argv.insert(argv.end(), args.begin() + 1, args.end());
    return run_command(argv);
  }
  std::string vici() const { return std::string(kDefaultStateRoot) + "/" + prefix + "/R2.swan/run/charon.vici"; }
  CommandResult swanctl(std::vector<std::string> args) const {
    std::vector<std::string> argv{"exec", "R2", "swanctl"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--uri", "unix://" + vici()});
    return lab(argv);
  }
  std::string charon_log() const {
    return run_command({"cat", std::string(kDefaultStateRoot) + "/" + prefix + "/R2.swan/run/charon.log"}).out;
  }
};

// The lab's transit router (a static route's next hop) carries R2 <-> the VIP's segment.
void assert_underlay(const InteropLab& lab) {
  const CommandResult p = lab.lab({"exec", "R2", "ping", "-n", "-c", "1", "-W", "2", "-I", "6.6.25.2", "6.6.156.10"});
  ASSERT_TRUE(p.ok()) << "R2 cannot reach R10's outside address: no transit in this lab (did the "
                         "compiled plans lose their static routes?)\n" << p.out << p.err;
}

std::string skip_reason() {
  if (::geteuid() != 0) return "needs root for network namespaces";
  if (std::string missing = strongswan_missing(); !missing.empty()) return "strongSwan not installed: " + missing;
  if (!run_command({"sh", "-c", "command -v tshark"}).ok()) return "tshark not installed";
  return {};
}

// Packets received of `ping -c N`, or -1 when the summary is missing.
int received(const std::string& ping_out) {
  const auto at = ping_out.find(" received");
  if (at == std::string::npos) return -1;
  auto start = ping_out.rfind(", ", at);
  start = start == std::string::npos ? 0 : start + 2;
  return std::stoi(ping_out.substr(start, at - start));
}

// Count of packets in the capture that match a tshark display filter.
int count(const fs::path& pcap, const std::string& filter) {
  const CommandResult r = run_command({"tshark", "-n", "-r", pcap.string(), "-Y", filter, "-T", "fields", "-e", "frame.number"});
  if (!r.ok()) return -1;
  int n = 0;
  for (char c : r.out) n += c == '\n';
  return n;
}

// Captures on the transit router's two interfaces while `body` runs.
class TransitCapture {
 public:
  TransitCapture(const InteropLab& lab, fs::path file, int seconds) : file_(std::move(file)) {
    thread_ = std::thread([this, ns = lab.prefix + "transit", seconds] {
      result_ = run_command({"ip", "netns", "exec", ns, "tshark", "-q", "-n", "-i", "any", "-a",
                             "duration:" + std::to_string(seconds), "-w", file_.string()});
    });
    std::this_thread::sleep_for(2s);  // tshark needs a moment before it sees packets
  }
  void wait() {
    if (thread_.joinable()) thread_.join();
  }
  ~TransitCapture() { wait(); }
  const CommandResult& result() const { return result_; }

 private:
  fs::path file_;
  std::thread thread_;
  CommandResult result_;
};

void expect_clean_nat_t_capture(const fs::path& pcap) {
  EXPECT_GT(count(pcap, "isakmp && udp.port == 500"), 0) << "MM1..MM4 on 500";
  EXPECT_GT(count(pcap, "isakmp && udp.port == 4500"), 0) << "MM5.. behind the non-ESP marker";
  EXPECT_GT(count(pcap, "isakmp.vid_bytes == 4a:13:1c:81:07:03:58:45:5c:57:28:f2:0e:95:45:2f"), 0)
      << "RFC 3947 vendor ID";
  EXPECT_GT(count(pcap, "isakmp.ike.nat_hash"), 0) << "NAT-D payloads in MM3/MM4";
  EXPECT_GT(count(pcap, "udp.port == 4500 && esp"), 0) << "ESP in UDP 4500";
  EXPECT_EQ(count(pcap, "ip.proto == 50"), 0) << "no raw ESP toward kernel-libipsec";
  EXPECT_EQ(count(pcap, "_ws.malformed || _ws.expert.severity == error"), 0);
}

TEST(InteropStrongswan, StrongswanInitiatesAndPingCrossesOverNatT) {
  if (auto why = skip_reason(); !why.empty()) GTEST_SKIP() << why;
  InteropLab lab("i");
  const CommandResult up = lab.lab({"up", "--dir", kSeed, "--peer", "strongswan"});
  ASSERT_TRUE(up.ok()) << up.describe() << "\n" << up.out;
  assert_underlay(lab);
  TransitCapture capture(lab, lab.temp / "transit.pcap", 45);
  // R10/R11 elect an HSRP Active first (the VIP answers only then); charon retries itself.
  bool established = false;
  for (int attempt = 0; attempt < 4 && !established; ++attempt) {
    const CommandResult init = lab.swanctl({"--initiate", "--ike", "MAP2-10", "--child", "MAP2-10-0", "--timeout", "10"});
    established = init.ok();
    if (!established) std::this_thread::sleep_for(2s);
  }
  ASSERT_TRUE(established) << lab.charon_log();
  const CommandResult sas = lab.swanctl({"--list-sas"});
  EXPECT_NE(sas.out.find("ESTABLISHED"), std::string::npos) << sas.out;
  EXPECT_NE(sas.out.find("TUNNEL-in-UDP"), std::string::npos) << sas.out;
  const CommandResult ping = lab.lab({"exec", "R2", "ping", "-n", "-c", "5", "-i", "0.2", "-W", "2", "-I", "6.6.2.2", "6.6.146.4"});
  EXPECT_EQ(received(ping.out), 5) << ping.out << "\n" << lab.charon_log();
  capture.wait();
  ASSERT_TRUE(fs::exists(lab.temp / "transit.pcap")) << capture.result().describe();
  expect_clean_nat_t_capture(lab.temp / "transit.pcap");
}

TEST(InteropStrongswan, HavpncInitiatesOnTrafficAndPingCrossesOverNatT) {
  if (auto why = skip_reason(); !why.empty()) GTEST_SKIP() << why;
  InteropLab lab("r");
  const CommandResult up = lab.lab({"up", "--dir", kSeed, "--peer", "strongswan"});
  ASSERT_TRUE(up.ok()) << up.describe() << "\n" << up.out;
  assert_underlay(lab);
  TransitCapture capture(lab, lab.temp / "transit.pcap", 50);
  // host-R10-R11's ping reaches the HSRP Active's TUN: traffic-triggered main mode toward R2.
  // The first packets wait for the HSRP election and IKE; keep pinging until one crosses.
  int got = 0;
  for (int round = 0; round < 8 && got == 0; ++round) {
    const CommandResult p = lab.lab({"exec", "host-R10-R11", "ping", "-n", "-c", "3", "-W", "2", "6.6.2.2"});
    got = std::max(0, received(p.out));
  }
  ASSERT_GT(got, 0) << lab.charon_log();
  const CommandResult ping = lab.lab({"exec", "host-R10-R11", "ping", "-n", "-c", "5", "-i", "0.2", "-W", "2", "6.6.2.2"});
  EXPECT_EQ(received(ping.out), 5) << ping.out;
  const CommandResult sas = lab.swanctl({"--list-sas"});
  EXPECT_NE(sas.out.find("TUNNEL-in-UDP"), std::string::npos) << sas.out;
  const std::string log = lab.charon_log();
  EXPECT_NE(log.find("received NAT-T (RFC 3947) vendor ID"), std::string::npos);
  capture.wait();
  ASSERT_TRUE(fs::exists(lab.temp / "transit.pcap")) << capture.result().describe();
  expect_clean_nat_t_capture(lab.temp / "transit.pcap");
}

// The generator's two interop settings, as the lab writes them for charon.
TEST(InteropStrongswan, SwanctlConfigForcesEncapsulationAndNoOverTime) {
  if (::geteuid() != 0 || !strongswan_missing().empty()) GTEST_SKIP() << "checked in the lab tests above";
  InteropLab lab("c");
  const CommandResult up = lab.lab({"up", "--dir", kSeed, "--peer", "strongswan"});
  ASSERT_TRUE(up.ok()) << up.describe();
  const std::string conf =
      run_command({"cat", std::string(kDefaultStateRoot) + "/" + lab.prefix + "/R2.swan/run/swanctl.conf"}).out;
  EXPECT_NE(conf.find("over_time = 0s\n"), std::string::npos) << "charon would offer 86400 s + 10%";
  EXPECT_NE(conf.find("encap = yes\n"), std::string::npos) << "kernel-libipsec: ESP in UDP only";
}

}  // namespace
}  // namespace havpnc::lab
