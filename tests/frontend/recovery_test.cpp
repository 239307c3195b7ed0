// A broken line is given up whole and parsing goes on with the next line, inside the same
// stanza: nothing after the error is lost or glued onto it.
#include <gtest/gtest.h>

#include "frontend_test_util.h"

namespace havpnc::frontend::testing {
namespace {

TEST(Recovery, BrokenLineInsideStanzaKeepsTheRestOfTheStanza) {
  auto d = parse(
      "interface GigabitEthernet0/1\n"
      " ip address 6.6.156.10\n"            // mask missing
      " standby 2 priority high\n"          // not a number
      " standby 2 ip 6.6.156.100 extra\n"   // trailing junk: the whole line is rejected
      " standby 2 preempt\n"
      " ip ospf cost 10\n"                  // known first word, unknown command
      " bandwidth 1000\n"                   // unknown first word
      " crypto map MAP2\n");
  const auto& itf = d.interfaces.at("GigabitEthernet0/1");
  EXPECT_FALSE(itf.address);
  ASSERT_EQ(itf.hsrp_groups.size(), 1u);
  EXPECT_TRUE(itf.hsrp_groups[0].preempt);
  EXPECT_TRUE(itf.hsrp_groups[0].priority.defaulted);
  EXPECT_FALSE(itf.hsrp_groups[0].virtual_ip);
  EXPECT_EQ(itf.crypto_map->map.value, "MAP2");
  ASSERT_EQ(d.unrecognized.size(), 5u);
  std::vector<std::uint32_t> lines;
  for (const auto& u : d.unrecognized) lines.push_back(u.range.line);
  EXPECT_EQ(lines, (std::vector<std::uint32_t>{2, 3, 4, 6, 7}));
  EXPECT_EQ(d.status, model::ParseStatus::PartiallyUnrecognized);
}

TEST(Recovery, BrokenHeaderLeavesChildrenUnrecognizedNotMisattributed) {
  auto d = parse(
      "crypto isakmp policy ten\n"
      " encr aes\n"
      "crypto isakmp policy 20\n"
      " encr 3des\n");
  ASSERT_EQ(d.isakmp_policies.size(), 1u);
  EXPECT_EQ(d.isakmp_policies.at(20).encryption.value, model::IkeCipher::TripleDes);
  EXPECT_EQ(d.lines.unrecognized, 2u);
}

TEST(Recovery, EveryLineIsAccountedFor) {
  auto d = parse(
      "hostname R\n"
      "router ospf 1\n"
      " network 10.0.0.0 0.255.255.255 area 0\n"
      "!\n"
      "\n"
      "interface Gi0/0\n"
      " ip address 1.1.1.1 255.255.255.0 bogus\n"
      "end\n");
  EXPECT_EQ(d.lines.total, 8u);
  EXPECT_EQ(d.lines.blank + d.lines.comment + d.lines.typed + d.lines.ignored + d.lines.unrecognized, 8u);
  EXPECT_EQ(d.lines.unrecognized, 3u);
  EXPECT_EQ(d.lines.blank, 1u);
  EXPECT_EQ(d.lines.comment, 1u);
}

}  // namespace
}  // namespace havpnc::frontend::testing
