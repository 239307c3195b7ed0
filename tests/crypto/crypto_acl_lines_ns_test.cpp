// One IPsec SA pair per permit line, for real: R2 and R10 under `havpnc run` in the seed's
// namespaces (tests/interop/ns_lab.h: hvix-<pid>-*, root only, deleted in TearDown), with a
// crypto ACL of two permit lines — the seed's 6.6.2.0/24 and a second LAN 6.6.22.0/24 on
// R2 — and the mirror on R10. Pings from both LANs to h146 cross the tunnel, each on its own
// pair; both routers show two IPSEC FLOWs with their own SPIs and counts. ~30 s, most of it
// R10's HSRP election before the VIP answers (as every seed lab test).
#include <gtest/gtest.h>

#include <set>

#include "tests/interop/ns_lab.h"

namespace havpnc::interop {
namespace {

using crypto::testing::r10_two_lines;
using crypto::testing::r2_two_lines;

class CryptoAclLinesNs : public NsLab {};

TEST_F(CryptoAclLinesNs, TwoPermitLinesTwoPairsBothCarryTraffic) {
  ASSERT_EQ(sh("ip -n " + r2 + " addr add 6.6.22.2/24 dev gi01"), 0);
  run_router(r10, "R10", r10_two_lines());
  run_router(r2, "R2", r2_two_lines());
  ASSERT_TRUE(ping_until_answered(r2, "6.6.2.2", "6.6.146.4", 60)) << slurp(log_of("R2"))
                                                                   << slurp(log_of("R10"));
  // Line 2's first packet waits for its own quick mode on the ISAKMP SA that is up.
  EXPECT_EQ(ping_count(r2, "6.6.22.2", "6.6.146.4", 5), 5);
  EXPECT_EQ(ping_count(r2, "6.6.2.2", "6.6.146.4", 5), 5);

  for (const std::string name : {"R2", "R10"}) {
    const auto j = show_json(name, "show crypto session detail");
    ASSERT_EQ(j["sessions"].size(), 1u) << j.dump();
    const auto& s = j["sessions"][0];
    EXPECT_EQ(s["status"], "UP-ACTIVE");
    EXPECT_EQ(s["active_sas"], 4u) << name;
    ASSERT_EQ(s["flows"].size(), 2u);
    for (const auto& f : s["flows"]) {
      EXPECT_EQ(f["active_sas"], 2u) << name << " " << f.dump();
      EXPECT_GE(f["inbound"]["packets_decrypted"].get<int>(), 5) << name << " " << f.dump();
      EXPECT_GE(f["outbound"]["packets_encrypted"].get<int>(), 5) << name << " " << f.dump();
      EXPECT_EQ(f["inbound"]["drops"], 0u) << name;
    }
    EXPECT_EQ(s["ike_counters"]["phase2_established"], 2u) << name;
    const std::string text = show_text(name, "show crypto session detail");
    std::size_t flows = 0;
    for (std::size_t at = 0; (at = text.find("  IPSEC FLOW: ", at)) != std::string::npos; ++at) ++flows;
    EXPECT_EQ(flows, 2u) << text;
  }
  // Four distinct SPIs on R10, each line's inbound SA its own.
  const auto peers = show_json("R10", "show crypto ipsec sa")["peers"];
  ASSERT_EQ(peers.size(), 2u);
  std::set<std::uint64_t> spis;
  for (const auto& p : peers) {
    ASSERT_EQ(p["inbound_esp_sas"].size(), 1u) << p.dump();
    spis.insert(p["inbound_esp_sas"][0]["spi"].get<std::uint64_t>());
    spis.insert(p["outbound_esp_sas"][0]["spi"].get<std::uint64_t>());
  }
  EXPECT_EQ(spis.size(), 4u);
  EXPECT_EQ(peers[1]["remote_ident"], "6.6.22.0/255.255.255.0");
}

}  // namespace
}  // namespace havpnc::interop
