#include <gtest/gtest.h>

#include "frontend_test_util.h"

namespace havpnc::frontend::testing {
namespace {

TEST(AccessLists, ExtendedNamedEntries) {
  auto d = parse(
      "ip access-list extended HA_VPN\n"
      " remark traffic to protect\n"
      " permit ip 6.6.146.0 0.0.0.255 6.6.2.0 0.0.0.255\n"
      " 20 permit udp host 6.6.25.2 eq isakmp any eq 500 4500 log\n"
      " deny esp any any\n"
      " permit tcp any range 1000 2000 host 10.0.0.1 established\n");
  const auto& acl = d.access_lists.at("HA_VPN");
  EXPECT_EQ(acl.kind, model::AccessList::Kind::Extended);
  ASSERT_EQ(acl.entries.size(), 5u);
  EXPECT_EQ(acl.entries[0].action, model::AclEntry::Action::Remark);
  EXPECT_EQ(acl.entries[0].remark, "traffic to protect");
  const auto& e = acl.entries[1];
  EXPECT_EQ(e.protocol, "ip");
  EXPECT_EQ(e.source.prefix().to_string(), "6.6.146.0/24");
  EXPECT_EQ(e.destination->prefix().to_string(), "6.6.2.0/24");
  const auto& udp = acl.entries[2];
  EXPECT_EQ(udp.sequence->value, 20u);
  EXPECT_EQ(udp.source.kind, model::AclAddress::Kind::Host);
  EXPECT_EQ(udp.source_port->ports, std::vector<std::string>{"isakmp"});
  EXPECT_EQ(udp.destination_port->ports, (std::vector<std::string>{"500", "4500"}));
  EXPECT_EQ(udp.options, std::vector<std::string>{"log"});
  EXPECT_EQ(acl.entries[3].action, model::AclEntry::Action::Deny);
  EXPECT_EQ(acl.entries[4].source_port->op, model::AclPort::Op::Range);
  EXPECT_TRUE(d.diagnostics.empty());
  EXPECT_EQ(d.status, model::ParseStatus::Passed);
}

TEST(AccessLists, NumberedStandardAndExtended) {
  auto d = parse(
      "access-list 10 permit 10.1.1.0 0.0.0.255\n"
      "access-list 10 deny any\n"
      "access-list 110 permit ip any host 1.2.3.4\n"
      "access-list 10 permit ip any any\n"      // extended entry in a standard list
      "access-list 250 permit any\n");          // not an IP access list
  EXPECT_EQ(d.access_lists.at("10").entries.size(), 2u);
  EXPECT_EQ(d.access_lists.at("10").kind, model::AccessList::Kind::Standard);
  EXPECT_TRUE(d.access_lists.at("10").numbered);
  EXPECT_EQ(d.access_lists.at("110").kind, model::AccessList::Kind::Extended);
  EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", 4));
  EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", 5));
}

TEST(AccessLists, PortOutOfRange) {
  auto d = parse("ip access-list extended X\n permit udp any any eq 70000\n");
  EXPECT_TRUE(has_diagnostic_at(d, "syntax-invalid", 2));
}

}  // namespace
}  // namespace havpnc::frontend::testing
