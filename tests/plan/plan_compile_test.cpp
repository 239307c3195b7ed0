// compile(): the seed routers against their checked-in plans, and the resolutions and errors
// the compiler owns (globals applied per entry, ACL lines as selectors, keys decoded,
// unresolvable references with file:line).
#include <gtest/gtest.h>

#include <cstdlib>

#include "compiler/frontend/frontend.h"
#include "compiler/plan/acl_selectors.h"
#include "compiler/plan/compile.h"
#include "compiler/plan/ios_key.h"
#include "runtime/plan/load_plan.h"
#include "runtime/plan/write_plan.h"
#include "tests/plan/plan_test_support.h"

namespace havpnc::compiler {
namespace {

using plan_test::golden;
using plan_test::read_file;
using plan_test::seed;

std::string compile_seed(const std::string& name) {
  model::SourceFiles files;
  const model::Device device = frontend::parse_file(seed(name).string(), files);
  const CompileResult result = compile(device);
  EXPECT_TRUE(result.ok());
  EXPECT_TRUE(result.warnings.empty());
  return plan::write_plan(result.plan);
}

class SeedGolden : public ::testing::TestWithParam<std::string> {};

// HAVPNC_UPDATE_GOLDEN=1 rewrites the files (review the diff before committing it).
TEST_P(SeedGolden, CompilesToTheCheckedInPlanTwice) {
  const std::string first = compile_seed(GetParam());
  const std::string second = compile_seed(GetParam());
  EXPECT_EQ(first, second);
  if (std::getenv("HAVPNC_UPDATE_GOLDEN") != nullptr) plan_test::write_file(golden(GetParam()), first);
  EXPECT_EQ(first, read_file(golden(GetParam())));
  auto loaded = plan::load_plan(first);
  EXPECT_TRUE(loaded.ok()) << loaded.error.to_string();
}

INSTANTIATE_TEST_SUITE_P(Seed, SeedGolden, ::testing::Values("R10", "R11", "R2"));

// A small router, with `extra` global lines and `entry` lines in crypto map M 10.
std::string config(const std::string& extra, const std::string& entry = "", const std::string& acl =
                                                                                " permit ip 10.0.0.0 0.0.0.255 10.1.0.0 0.0.0.255\n") {
  return "hostname T\n"
         "crypto isakmp policy 10\n encr aes\n authentication pre-share\n group 14\n"
         "crypto ipsec transform-set TS esp-aes 256 esp-sha-hmac\n"
         "crypto map M 10 ipsec-isakmp\n set peer 192.0.2.1\n set transform-set TS\n match address A\n" +
         entry +
         "interface GigabitEthernet0/1\n ip address 192.0.2.2 255.255.255.0\n crypto map M\n"
         "ip access-list extended A\n" +
         acl + extra;
}

CompileResult compile_text(const std::string& text, model::Device* out = nullptr) {
  model::Device device = frontend::parse_text(text, "dir/t.cfg", 0);
  CompileResult r = compile(device);
  if (out != nullptr) *out = std::move(device);
  return r;
}

const plan::CryptoMapEntry& only_entry(const CompileResult& r) {
  static const plan::CryptoMapEntry none{};
  if (r.plan.crypto_maps.size() != 1 || r.plan.crypto_maps[0].entries.size() != 1) {
    ADD_FAILURE() << "expected one crypto map with one entry";
    return none;
  }
  return r.plan.crypto_maps[0].entries[0];
}

TEST(Resolve, ReplayWindowEntryBeatsGlobalBeatsDefault) {
  EXPECT_EQ(only_entry(compile_text(config(""))).replay_window, 64u);
  EXPECT_EQ(only_entry(compile_text(config("crypto ipsec security-association replay window-size 256\n"))).replay_window,
            256u);
  EXPECT_EQ(only_entry(compile_text(config("crypto ipsec security-association replay window-size 256\n",
                                           " set security-association replay window-size 1024\n")))
                .replay_window,
            1024u);
  EXPECT_EQ(only_entry(compile_text(config("crypto ipsec security-association replay disable\n"))).replay_window, 0u);
  EXPECT_EQ(only_entry(compile_text(config("crypto ipsec security-association replay disable\n",
                                           " set security-association replay window-size 128\n")))
                .replay_window,
            128u);
  EXPECT_EQ(only_entry(compile_text(config("", " set security-association replay disable\n"))).replay_window, 0u);
}

TEST(Resolve, LifetimesEntryBeatsGlobal) {
  auto r = compile_text(config("crypto ipsec security-association lifetime seconds 7200\n"
                               "crypto ipsec security-association lifetime kilobytes 100000\n",
                               " set security-association lifetime seconds 1800\n"));
  EXPECT_EQ(only_entry(r).lifetime_seconds, 1800u);
  EXPECT_EQ(only_entry(r).lifetime_kilobytes, 100000u);
  auto d = compile_text(config(""));
  EXPECT_EQ(only_entry(d).lifetime_seconds, 3600u);
  EXPECT_EQ(only_entry(d).lifetime_kilobytes, 4608000u);
}

TEST(Resolve, AclLinesBecomeSelectorsInOrderWithDenies) {
  auto r = compile_text(config("", "",
                               " deny udp host 10.0.0.5 any eq isakmp\n"
                               " permit tcp 10.0.0.0 0.0.0.255 10.1.0.0 0.0.0.255 neq 23\n"
                               " permit udp any range 1000 2000 host 10.1.0.9 eq 53 443\n"));
  ASSERT_TRUE(r.ok()) << r.errors[0].message;
  const auto& s = only_entry(r).selectors;
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0].action, plan::SelectorAction::Deny);
  EXPECT_EQ(s[0].protocol, 17u);
  EXPECT_EQ(s[0].local.to_string(), "10.0.0.5/32");
  EXPECT_EQ(s[0].remote.to_string(), "0.0.0.0/0");
  EXPECT_EQ(s[0].remote_ports, (plan::PortRange{500, 500}));
  // neq 23 is two ranges: a selector holds one range per side.
  EXPECT_EQ(s[1].remote_ports, (plan::PortRange{0, 22}));
  EXPECT_EQ(s[2].remote_ports, (plan::PortRange{24, 65535}));
  EXPECT_EQ(s[3].local_ports, (plan::PortRange{1000, 2000}));
  EXPECT_EQ(s[3].remote_ports, (plan::PortRange{53, 53}));
  EXPECT_EQ(s[4].remote_ports, (plan::PortRange{443, 443}));
  EXPECT_EQ(s[4].remote.to_string(), "10.1.0.9/32");
}

TEST(Resolve, SelectorAddressesAreNetworks) {
  auto r = compile_text(config("", "", " permit ip 10.0.0.77 0.0.0.255 10.1.0.1 0.0.255.255\n"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(only_entry(r).selectors[0].local.to_string(), "10.0.0.0/24");
  EXPECT_EQ(only_entry(r).selectors[0].remote.to_string(), "10.1.0.0/16");
}

TEST(Errors, NonContiguousWildcardNamesTheLine) {
  auto r = compile_text(config("", "", " permit ip 10.0.0.0 0.255.0.255 any\n"));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].range.line, 15u);
  EXPECT_EQ(r.errors[0].message,
            "crypto map M 10: access list A: wildcard 0.255.0.255 is not contiguous: a traffic selector is one subnet");
}

TEST(Errors, UnknownPortName) {
  auto r = compile_text(config("", "", " permit udp any any eq frobnicate\n"));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message,
            "crypto map M 10: access list A: port \"frobnicate\" is not a number or a port name havpnc knows");
}

TEST(Errors, UnresolvedReferencesListFileLine) {
  model::Device device;
  auto r = compile_text("hostname T\n"
                        "track 3 list boolean and\n object 1\n"
                        "crypto ipsec transform-set TS esp-aes esp-sha-hmac\n"
                        "crypto map M 10 ipsec-isakmp\n set peer 192.0.2.1\n set transform-set NOPE\n match address NOACL\n"
                        "interface GigabitEthernet0/1\n ip address 192.0.2.2 255.255.255.0\n"
                        " standby 1 ip 192.0.2.100\n standby 1 track 9 decrement 20\n"
                        " crypto map M redundancy GHOST stateful\n",
                        &device);
  std::vector<std::string> lines;
  for (const auto& e : r.errors) lines.push_back(format_issue(device, e, model::Severity::Error));
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "dir/t.cfg:7:20: error: crypto map M 10: transform set NOPE is not defined [plan-compile]",
                       "dir/t.cfg:8:16: error: crypto map M 10: access list NOACL is not defined [plan-compile]",
                       "dir/t.cfg:12:18: error: GigabitEthernet0/1 standby 1 track 9: track object 9 is not defined [plan-compile]",
                       "dir/t.cfg:3:9: error: track 3 object 1: track object 1 is not defined [plan-compile]",
                   }));
  // The map exists but nothing in it can run: the interface is bound to nothing, and says so.
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[1].message, "GigabitEthernet0/1: crypto map M has no runnable entry; the interface runs without it");
}

TEST(Warnings, IncompleteEntryIsLeftOutLikeIos) {
  auto r = compile_text("hostname T\n"
                        "crypto ipsec transform-set TS esp-aes esp-sha-hmac\n"
                        "crypto map M 10 ipsec-isakmp\n set peer 192.0.2.1\n set transform-set TS\n"
                        "crypto map M 20 ipsec-isakmp\n set peer 192.0.2.1\n set transform-set TS\n match address A\n"
                        "ip access-list extended A\n permit ip any any\n");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].message,
            "crypto map M 10 is incomplete (no `match address`); IOS does not apply it and neither does the plan");
  ASSERT_EQ(r.plan.crypto_maps.size(), 1u);
  ASSERT_EQ(r.plan.crypto_maps[0].entries.size(), 1u);
  EXPECT_EQ(r.plan.crypto_maps[0].entries[0].sequence, 20u);
}

TEST(Keys, Type7IsDecodedType6IsAnError) {
  std::string why;
  model::KeyText seven{7, Secret(std::string_view("02050D480809"))};
  auto clear = decode_key(seven, &why);
  ASSERT_TRUE(clear) << why;
  EXPECT_TRUE(*clear == Secret(std::string_view("cisco")));
  for (const char* bad : {"0", "02050D48080", "99050D480809", "02050D4808ZZ", "02FF"}) {
    model::KeyText k{7, Secret(std::string_view(bad))};
    EXPECT_FALSE(decode_key(k, &why)) << bad;
  }
  auto r = compile_text(config("crypto isakmp key 6 AbCdEfGh address 192.0.2.1\n"));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("type 6 key is encrypted with the router's master key"), std::string::npos);
  EXPECT_EQ(r.errors[0].message.find("AbCdEfGh"), std::string::npos);
  auto ok = compile_text(config("crypto isakmp key 7 02050D480809 address 192.0.2.0 255.255.255.0\n"));
  ASSERT_TRUE(ok.ok());
  ASSERT_EQ(ok.plan.pre_shared_keys.size(), 1u);
  EXPECT_TRUE(ok.plan.pre_shared_keys[0].key == Secret(std::string_view("cisco")));
  EXPECT_EQ(ok.plan.pre_shared_keys[0].mask.to_string(), "255.255.255.0");
}

TEST(Hsrp, DefaultsTimersAndAuthentication) {
  auto r = compile_text("hostname T\n"
                        "interface GigabitEthernet0/1\n ip address 192.0.2.2 255.255.255.0\n"
                        " standby version 2\n standby 300 ip 192.0.2.100\n standby 300 timers msec 200 msec 750\n"
                        " standby 300 authentication md5 key-string 7 02050D480809\n"
                        " standby 5 ip 192.0.2.101\n");
  ASSERT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].message);
  ASSERT_EQ(r.plan.hsrp_groups.size(), 2u);
  const auto& five = r.plan.hsrp_groups[0];  // ordered by group number
  EXPECT_EQ(five.group, 5u);
  EXPECT_FALSE(five.timers_configured);
  EXPECT_EQ(five.hello_ms, 3000u);
  EXPECT_EQ(five.authentication, plan::HsrpAuthKind::Text);
  EXPECT_TRUE(five.authentication_key == Secret(std::string_view("cisco")));
  const auto& big = r.plan.hsrp_groups[1];
  EXPECT_EQ(big.version, 2u);
  EXPECT_TRUE(big.timers_configured);
  EXPECT_EQ(big.hello_ms, 200u);
  EXPECT_EQ(big.hold_ms, 750u);
  EXPECT_EQ(big.authentication, plan::HsrpAuthKind::Md5);
  EXPECT_TRUE(big.authentication_key == Secret(std::string_view("cisco")));
  EXPECT_TRUE(plan::load_plan(plan::write_plan(r.plan)).ok());
}

TEST(Hsrp, KeyChainIsAnError) {
  auto r = compile_text("interface GigabitEthernet0/1\n ip address 192.0.2.2 255.255.255.0\n"
                        " standby 1 ip 192.0.2.100\n standby 1 authentication md5 key-chain KC\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].range.line, 4u);
  EXPECT_EQ(r.plan.hostname, "Router");
}

TEST(Determinism, ConfigLineOrderDoesNotChangeTheBytes) {
  const std::string a = "hostname T\ninterface GigabitEthernet0/2\n ip address 10.0.2.1 255.255.255.0\n"
                        " standby 2 ip 10.0.2.100\n standby 1 ip 10.0.2.101\n"
                        "interface GigabitEthernet0/1\n ip address 10.0.1.1 255.255.255.0\n"
                        "track 2 interface GigabitEthernet0/1 line-protocol\ntrack 1 interface GigabitEthernet0/2 line-protocol\n";
  const std::string b = "hostname T\n"
                        "track 1 interface GigabitEthernet0/2 line-protocol\ntrack 2 interface GigabitEthernet0/1 line-protocol\n"
                        "interface GigabitEthernet0/1\n ip address 10.0.1.1 255.255.255.0\n"
                        "interface GigabitEthernet0/2\n ip address 10.0.2.1 255.255.255.0\n"
                        " standby 1 ip 10.0.2.101\n standby 2 ip 10.0.2.100\n";
  auto ra = compile_text(a);
  auto rb = compile_text(b);
  ASSERT_TRUE(ra.ok());
  ASSERT_TRUE(rb.ok());
  EXPECT_EQ(plan::write_plan(ra.plan), plan::write_plan(rb.plan));
}

}  // namespace
}  // namespace havpnc::compiler
