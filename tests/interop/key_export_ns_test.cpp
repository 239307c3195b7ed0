// `havpnc run --export-keys FILE` checked by an independent dissector: tshark decrypts what
// havpnc put on the wire with nothing but the records havpnc wrote. Two runs in namespaces
// (ns_lab.h), each ~25-35 s (HSRP election before the VIP answers, then IKE):
//  - havpnc <-> havpnc: ESP as raw IP protocol 50, as between IOS routers;
//  - havpnc <-> strongSwan 5.9.8 (kernel-libipsec): NAT-T forced, ESP in UDP 4500.
// Every ISAKMP and ESP frame of the capture must dissect without a malformed flag or an
// expert error, every ESP frame must authenticate (esp.icv_good == 1) and decrypt to ICMP,
// and the encrypted main mode and quick mode messages must show their ID payloads. The
// records are fed with `tshark -o uat:...` as ../shared/lab/strongswan-peer.sh does with a
// config dir. Skipped unless root (and strongSwan for the second).
#include <sys/stat.h>

#include <set>

#include "tests/interop/ns_lab.h"

namespace havpnc::interop {
namespace {

struct KeyRecords {
  std::vector<std::string> esp_sa;
  std::vector<std::string> ikev1;
};

KeyRecords parse_key_file(const std::string& text) {
  KeyRecords k;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    (line[0] == '"' ? k.esp_sa : k.ikev1).push_back(line);
  }
  return k;
}

std::string quote_for_shell(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

class Tshark {
 public:
  Tshark(fs::path pcap, const KeyRecords& keys) : pcap_(std::move(pcap)) {
    options_ = " -o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE";
    for (const auto& r : keys.esp_sa) options_ += " -o " + quote_for_shell("uat:esp_sa:" + r);
    for (const auto& r : keys.ikev1) options_ += " -o " + quote_for_shell("uat:ikev1_decryption_table:" + r);
  }
  // Frames matching a display filter (-1 when tshark failed).
  int count(const std::string& filter) const {
    const ShellResult r = shell("tshark -n -r " + pcap_.string() + options_ + " -Y " + quote_for_shell(filter) +
                                " -T fields -e frame.number");
    if (!r.ok()) return -1;
    int n = 0;
    for (char c : r.out) n += c == '\n';
    return n;
  }
  std::string text(const std::string& filter) const {
    return shell("tshark -n -r " + pcap_.string() + options_ + " -Y " + quote_for_shell(filter)).out;
  }

 private:
  fs::path pcap_;
  std::string options_;
};

void expect_key_file_safe(const fs::path& file, const std::string& router_log) {
  struct stat st {};
  ASSERT_EQ(::lstat(file.c_str(), &st), 0) << file;
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // No key of the file ever reaches the router's log.
  const KeyRecords k = parse_key_file(slurp(file));
  for (const auto& r : k.ikev1) {
    const std::string key = r.substr(r.find(',') + 1);
    EXPECT_EQ(router_log.find(key), std::string::npos);
  }
  for (const auto& r : k.esp_sa) {
    // "...","0x<enc>","...","0x<auth>": every 0x value longer than an SPI is a key.
    for (std::size_t at = r.find("\"0x"); at != std::string::npos; at = r.find("\"0x", at + 1)) {
      const std::string v = r.substr(at + 3, r.find('"', at + 3) - at - 3);
      if (v.size() > 8) {
        EXPECT_EQ(router_log.find(v), std::string::npos);
      }
    }
  }
}

// Every ISAKMP and ESP frame dissects cleanly and decrypts with the exported records.
void expect_decrypted_capture(const Tshark& t, bool udp_encapsulated) {
  const int isakmp = t.count("isakmp");
  const int esp = t.count("esp");
  EXPECT_GT(isakmp, 0);
  EXPECT_GT(esp, 0);
  EXPECT_EQ(t.count("_ws.malformed"), 0) << t.text("_ws.malformed");
  EXPECT_EQ(t.count("_ws.expert.severity == error"), 0) << t.text("_ws.expert.severity == error");
  EXPECT_EQ(t.count("esp.icv_good == 1"), esp) << t.text("esp && !(esp.icv_good == 1)");
  EXPECT_EQ(t.count("esp && icmp"), esp) << "every ESP frame decrypts to the ping";
  if (udp_encapsulated) {
    EXPECT_EQ(t.count("udp.port == 4500 && esp"), esp);
    EXPECT_EQ(t.count("ip.proto == 50"), 0);
  } else {
    EXPECT_EQ(t.count("ip.proto == 50"), esp);
  }
  // Encrypted main mode 5/6 carry ID_IPV4_ADDR of both ends; quick mode the subnets.
  EXPECT_GE(t.count("isakmp.exchangetype == 2 && isakmp.id.data.ipv4_addr"), 2)
      << t.text("isakmp.exchangetype == 2");
  EXPECT_GE(t.count("isakmp.exchangetype == 32 && isakmp.id.data.ipv4_addr == 6.6.146.0"), 2)
      << t.text("isakmp.exchangetype == 32");
}

class KeyExportTest : public NsLab {};

TEST_F(KeyExportTest, HavpncToHavpncRawEspDecryptsWithExportedKeys) {
  ASSERT_TRUE(built);
  const fs::path keys2 = dir / "R2.keys", keys10 = dir / "R10.keys";
  start_capture();
  if (HasFatalFailure()) return;
  run_router(r2, "R2", crypto::testing::r2_plan(), {"--export-keys", keys2.string()});
  run_router(r10, "R10", crypto::testing::r10_plan(), {"--export-keys", keys10.string()});
  if (HasFatalFailure()) return;
  ASSERT_TRUE(ping_until_answered(r2, "6.6.2.2", "6.6.146.4", 90)) << slurp(log_of("R2")) << slurp(log_of("R10"));
  EXPECT_EQ(ping_count(r2, "6.6.2.2", "6.6.146.4", 5), 5);
  std::this_thread::sleep_for(500ms);
  stop_capture();

  const KeyRecords k2 = parse_key_file(slurp(keys2)), k10 = parse_key_file(slurp(keys10));
  ASSERT_EQ(k2.esp_sa.size(), 2u) << slurp(keys2);
  ASSERT_EQ(k2.ikev1.size(), 1u) << slurp(keys2);
  // Both ends export the same two directions (in another order) and the same Ka.
  EXPECT_EQ(std::set<std::string>(k2.esp_sa.begin(), k2.esp_sa.end()),
            std::set<std::string>(k10.esp_sa.begin(), k10.esp_sa.end()));
  EXPECT_EQ(k2.ikev1, k10.ikev1);
  expect_key_file_safe(keys2, slurp(log_of("R2")));
  expect_key_file_safe(keys10, slurp(log_of("R10")));

  expect_decrypted_capture(Tshark(pcap(), k2), false);
  // Without the records tshark cannot authenticate anything: the check above means something.
  EXPECT_EQ(Tshark(pcap(), {}).count("esp.icv_good == 1"), 0);
}

TEST_F(KeyExportTest, HavpncToStrongswanEspInUdpDecryptsWithExportedKeys) {
  ASSERT_TRUE(built);
  if (auto missing = strongswan_missing(); !missing.empty()) GTEST_SKIP() << "strongSwan missing: " << missing;
  const fs::path keys10 = dir / "R10.keys";
  start_capture();
  if (HasFatalFailure()) return;
  start_charon(crypto::testing::r2_plan());
  run_router(r10, "R10", crypto::testing::r10_plan(), {"--export-keys", keys10.string()});
  if (HasFatalFailure()) return;
  // R10 initiates on traffic from its LAN (charon only answers: start_action = none).
  ASSERT_TRUE(ping_until_answered(h146, "", "6.6.2.2", 90)) << slurp(log_of("R10")) << charon_log();
  EXPECT_EQ(ping_count(h146, "", "6.6.2.2", 5), 5);
  std::this_thread::sleep_for(500ms);
  stop_capture();

  const KeyRecords k = parse_key_file(slurp(keys10));
  ASSERT_EQ(k.esp_sa.size(), 2u) << slurp(keys10);
  ASSERT_EQ(k.ikev1.size(), 1u) << slurp(keys10);
  expect_key_file_safe(keys10, slurp(log_of("R10")));
  const Tshark t(pcap(), k);
  expect_decrypted_capture(t, true);
  EXPECT_GT(t.count("isakmp && udp.port == 4500"), 0) << "IKE floated behind the non-ESP marker";
}

// The file is refused rather than followed or reused when it is not safely ours.
TEST_F(KeyExportTest, UnsafeKeyFileRefusesTheStart) {
  ASSERT_TRUE(built);
  const fs::path plan_file = dir / "R2.plan.json";
  std::ofstream(plan_file) << plan::write_plan(crypto::testing::r2_plan());
  const fs::path target = dir / "target";
  std::ofstream(target) << "x";
  fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
  const fs::path link = dir / "link.keys";
  fs::create_symlink(target, link);
  const fs::path loose = dir / "loose.keys";
  std::ofstream(loose) << "";
  fs::permissions(loose, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
  const fs::path foreign = dir / "foreign.keys";
  std::ofstream(foreign) << "";
  fs::permissions(foreign, fs::perms::owner_read | fs::perms::owner_write);
  ASSERT_EQ(::chown(foreign.c_str(), 65534, 65534), 0);
  for (const auto& [file, why] : std::vector<std::pair<fs::path, std::string>>{
           {link, "symbolic link"}, {loose, "not 0600"}, {foreign, "owned by uid 65534"}}) {
    const ShellResult r = shell("{ " + in(r2) + std::string(HAVPNC_BINARY) + " run --plan " + plan_file.string() +
                                " --control " + socket("R2") + " --export-keys " + file.string() + " 2>&1; }");
    EXPECT_EQ(r.status, 2) << file << r.out;
    EXPECT_NE(r.out.find(why), std::string::npos) << r.out;
  }
  EXPECT_EQ(slurp(target), "x") << "the symlink's target was not touched";
  EXPECT_FALSE(fs::exists(socket("R2"))) << "a refused start leaves no control socket";
}

}  // namespace
}  // namespace havpnc::interop
