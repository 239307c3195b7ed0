// Plan interfaces to Linux interfaces: by address, by --bind (full or abbreviated IOS
// name), and every refusal with the message an operator needs.
#include <gtest/gtest.h>

#include "runtime/engine/interface_binding.h"

namespace havpnc::engine {
namespace {

const std::vector<SystemInterface> kSystem = {
    {"lo", true, true, {{0x7F000001, 8}}},
    {"eth0", true, true, {{0x06069C0A, 24}}},  // 6.6.156.10/24
    {"eth1", true, false, {{0x0606920A, 24}}},  // 6.6.146.10/24
    {"eth2", false, false, {}},
};

std::vector<PlanInterface> r10() {
  return {{"GigabitEthernet0/0", std::make_pair(Ipv4{0x0606920A}, std::uint8_t{24}), false},
          {"GigabitEthernet0/1", std::make_pair(Ipv4{0x06069C0A}, std::uint8_t{24}), false},
          {"GigabitEthernet0/2", std::nullopt, true}};
}

TEST(BindInterfaces, ByTheAddressEachCarries) {
  const BindResult r = bind_interfaces(r10(), kSystem, {});
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.bindings.size(), 3u);
  EXPECT_EQ(r.bindings[0].linux_name, "eth1");
  EXPECT_EQ(r.bindings[1].linux_name, "eth0");
  EXPECT_EQ(r.bindings[2].linux_name, "");  // no address, no --bind: unbound
}

TEST(BindInterfaces, ExplicitBindWinsAndTakesAbbreviations) {
  const BindResult r = bind_interfaces(r10(), kSystem, {{"gi0/2", "eth2"}});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.bindings[2].linux_name, "eth2");
}

TEST(BindInterfaces, RefusalsSayWhy) {
  auto plan = r10();
  plan[1].address->first = 0x06069C0B;  // 6.6.156.11: nobody has it
  EXPECT_EQ(bind_interfaces(plan, kSystem, {}).error,
            "cannot bind GigabitEthernet0/1: no Linux interface carries its address 6.6.156.11/24 "
            "(add the address, or name one with --bind Gi0/1=IFACE)");
  EXPECT_EQ(bind_interfaces(r10(), kSystem, {{"Gi0/2", "eth9"}}).error,
            "--bind Gi0/2=eth9: no Linux interface named eth9");
  EXPECT_EQ(bind_interfaces(r10(), kSystem, {{"Gi0/7", "eth2"}}).error,
            "--bind Gi0/7=eth2: the plan has no interface Gi0/7");
  EXPECT_EQ(bind_interfaces(r10(), kSystem, {{"Gi0/2", "eth0"}}).error,
            "GigabitEthernet0/1 and GigabitEthernet0/2 would both be bound to eth0");
}

TEST(SystemInterfaces, LoopbackIsListedWithItsAddress) {
  bool found = false;
  for (const auto& s : system_interfaces())
    for (const auto& [a, len] : s.addresses) found |= s.name == "lo" && a == 0x7F000001 && len == 8;
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace havpnc::engine
