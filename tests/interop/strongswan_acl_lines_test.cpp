// One IPsec SA pair per crypto-ACL permit line against strongSwan: havpnc R10 and charon R2
// (kernel-libipsec, the lab's generated swanctl.conf: one CHILD per permit line) in the seed's
// namespaces (ns_lab.h: hvix-<pid>-*, root only, deleted in TearDown), with R2's ACL of two
// permit lines -- the seed's 6.6.2.0/24 and a second LAN 6.6.22.0/24 on R2 -- and its mirror
// on R10 (as tests/crypto/crypto_acl_lines_ns_test.cpp does havpnc<->havpnc).
//  1. havpnc initiates on traffic: h146's pings to each LAN start main mode and one quick
//     mode per line; pings cross 5/5 each way from both LANs.
//  2. charon tears the IKE SA down and initiates both children itself
//     (`swanctl --initiate --child`, the second a quick mode on the first's ISAKMP SA).
// Each time R10 shows two IPSEC FLOWs with one pair each and charon two CHILD_SAs whose SPIs
// are R10's, mirrored. ~30 s, most of it R10's HSRP election before the VIP answers.
// Skipped unless root with strongSwan and tshark installed.
#include <set>

#include "runtime/lab/strongswan_sas.h"
#include "tests/interop/ns_lab.h"

namespace havpnc::interop {
namespace {

using crypto::testing::r10_two_lines;
using crypto::testing::r2_two_lines;

class StrongswanAclLines : public NsLab {
 protected:
  // R10's SPIs as charon names them: its inbound is charon's outbound.
  struct Spis {
    std::set<std::uint64_t> in, out;
  };
  Spis r10_spis() {
    Spis s;
    const nlohmann::json j = show_json("R10", "show crypto ipsec sa");
    if (!j.contains("peers")) return s;
    for (const auto& p : j["peers"]) {
      for (const auto& sa : p["inbound_esp_sas"]) s.in.insert(sa["spi"].get<std::uint64_t>());
      for (const auto& sa : p["outbound_esp_sas"]) s.out.insert(sa["spi"].get<std::uint64_t>());
    }
    return s;
  }
  bool wait_for(const std::function<bool()>& done, int seconds) {
    for (int i = 0; i < seconds * 4; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(250ms);
    }
    return done();
  }

  void expect_two_pairs(const std::string& when) {
    SCOPED_TRACE(when);
    const auto j = show_json("R10", "show crypto session detail");
    ASSERT_EQ(j["sessions"].size(), 1u) << j.dump();
    const auto& session = j["sessions"][0];
    EXPECT_EQ(session["status"], "UP-ACTIVE");
    EXPECT_EQ(session["active_sas"], 4u);
    ASSERT_EQ(session["flows"].size(), 2u) << session.dump();
    for (const auto& f : session["flows"]) {
      EXPECT_EQ(f["active_sas"], 2u) << f.dump();
      EXPECT_EQ(f["inbound"]["drops"], 0u) << f.dump();
    }
    const std::string text = show_text("R10", "show crypto session detail");
    std::size_t flows = 0;
    for (std::size_t at = 0; (at = text.find("  IPSEC FLOW: ", at)) != std::string::npos; ++at) ++flows;
    EXPECT_EQ(flows, 2u) << text;

    const ShellResult list = swanctl("--list-sas");
    ASSERT_TRUE(list.ok()) << list.out;
    for (const std::string child : {"  MAP2-10-0: #", "  MAP2-10-1: #"}) {
      const auto at = list.out.find(child);
      ASSERT_NE(at, std::string::npos) << child << "\n" << list.out;
      EXPECT_EQ(at, list.out.rfind(child)) << "one CHILD_SA per line\n" << list.out;
      EXPECT_NE(list.out.find("INSTALLED", at), std::string::npos) << list.out;
    }
    EXPECT_NE(list.out.find("    local  6.6.22.0/24\n    remote 6.6.146.0/24\n"), std::string::npos) << list.out;
    const lab::SaSnapshot charon = lab::parse_swanctl_sas(list.out, "");
    const Spis r10 = r10_spis();
    EXPECT_EQ(r10.in.size(), 2u);
    EXPECT_EQ(r10.out.size(), 2u);
    EXPECT_EQ(std::set<std::uint64_t>(charon.inbound_spis.begin(), charon.inbound_spis.end()), r10.out) << list.out;
    EXPECT_EQ(std::set<std::uint64_t>(charon.outbound_spis.begin(), charon.outbound_spis.end()), r10.in) << list.out;
  }

  void expect_both_lans_cross() {
    for (const char* lan : {"6.6.2.2", "6.6.22.2"}) {
      EXPECT_EQ(ping_count(r2, lan, "6.6.146.4", 5), 5) << "R2 " << lan << " -> h146";
      EXPECT_EQ(ping_count(h146, "", lan, 5), 5) << "h146 -> R2 " << lan;
    }
  }
};

TEST_F(StrongswanAclLines, TwoPermitLinesTwoChildSasInitiatedByEitherSide_about30s) {
  ASSERT_TRUE(built);
  if (auto missing = strongswan_missing(); !missing.empty()) GTEST_SKIP() << "strongSwan missing: " << missing;
  ASSERT_EQ(sh("ip -n " + r2 + " addr add 6.6.22.2/24 dev gi01"), 0);
  start_charon(r2_two_lines());
  if (HasFatalFailure()) return;
  run_router(r10, "R10", r10_two_lines());
  if (HasFatalFailure()) return;

  // 1. havpnc initiates: line 1's packet starts main mode, line 2's its own quick mode.
  ASSERT_TRUE(ping_until_answered(h146, "", "6.6.2.2", 90)) << slurp(log_of("R10")) << charon_log();
  ASSERT_TRUE(ping_until_answered(h146, "", "6.6.22.2", 10)) << slurp(log_of("R10")) << charon_log();
  expect_both_lans_cross();
  expect_two_pairs("havpnc initiated");
  const Spis first = r10_spis();

  // 2. charon deletes everything (IKEv1 Delete for both children and the ISAKMP SA), then
  //    initiates each child itself.
  const ShellResult down = swanctl("--terminate --ike MAP2-10 --timeout 10");
  EXPECT_TRUE(down.ok()) << down.out;
  EXPECT_TRUE(wait_for([&] { return r10_spis().in.empty(); }, 10))
      << "R10 removed the deleted pairs\n" << show_text("R10", "show crypto ipsec sa");
  for (const std::string child : {"MAP2-10-0", "MAP2-10-1"}) {
    const ShellResult init = swanctl("--initiate --ike MAP2-10 --child " + child + " --timeout 20");
    ASSERT_TRUE(init.ok()) << child << "\n" << init.out << charon_log();
  }
  expect_both_lans_cross();
  expect_two_pairs("charon initiated");
  for (const std::uint64_t spi : r10_spis().in) EXPECT_EQ(first.in.count(spi), 0u) << "fresh SPIs";
}

}  // namespace
}  // namespace havpnc::interop
