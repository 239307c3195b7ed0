// The Cleanup registry: everything added is withdrawn (newest first), things the kernel
// already dropped are not errors, and a crashed run's leftovers — stamped kHavpncProtocol —
// are swept at the next start while addresses and routes of others stay.
#include "runtime/net/cleanup.h"

#include <net/if.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "runtime/net/error.h"
#include "tests/net/two_routers.h"

namespace havpnc::net {
namespace {

using testing::EnterNetns;
Ipv4 v4(const char* text) { return boost::asio::ip::make_address_v4(text); }

using CleanupTest = testing::TwoRoutersTest;

bool has_address(Rtnetlink& rtnl, const char* address) {
  auto all = rtnl.addresses();
  return std::any_of(all.begin(), all.end(), [&](auto& a) { return a.prefix.address == v4(address); });
}

bool has_route(Rtnetlink& rtnl, const char* destination) {
  auto all = rtnl.routes();
  return std::any_of(all.begin(), all.end(),
                     [&](auto& r) { return r.destination.to_string() == destination; });
}

TEST_F(CleanupTest, WithdrawsEverythingItAddedAndNothingElse) {
  EnterNetns enter(a);
  Rtnetlink rtnl;
  int a0 = static_cast<int>(::if_nametoindex("a0"));
  {
    Cleanup cleanup(rtnl);
    cleanup.add_address(a0, {v4("10.98.0.100"), 24}, "a0:vip");
    Route into_lan;
    into_lan.destination = {v4("6.6.2.0"), 24};
    into_lan.oif = a0;
    cleanup.add_route(into_lan);
    Route via;  // a route whose source is the VIP: must go before the VIP does
    via.destination = {v4("6.6.146.0"), 24};
    via.gateway = v4("10.98.0.2");
    via.preferred_source = v4("10.98.0.100");
    cleanup.add_route(via);
    EXPECT_EQ(cleanup.recorded(), 3u);
    ASSERT_TRUE(has_address(rtnl, "10.98.0.100"));
    ASSERT_TRUE(has_route(rtnl, "6.6.146.0/24"));

    auto report = cleanup.withdraw_all();
    EXPECT_EQ(report.withdrawn, 3u);
    EXPECT_EQ(report.already_gone, 0u);
    EXPECT_TRUE(report.errors.empty()) << report.errors.front();
    EXPECT_EQ(cleanup.recorded(), 0u);
    EXPECT_FALSE(has_address(rtnl, "10.98.0.100"));
    EXPECT_FALSE(has_route(rtnl, "6.6.2.0/24"));
    EXPECT_FALSE(has_route(rtnl, "6.6.146.0/24"));
    EXPECT_TRUE(has_address(rtnl, "10.98.0.1"));  // not ours
    EXPECT_TRUE(has_route(rtnl, "10.98.0.0/24"));

    // Refused additions are not recorded.
    EXPECT_THROW(cleanup.add_address(a0, {v4("10.98.0.1"), 24}), NetError);
    EXPECT_EQ(cleanup.recorded(), 0u);

    // Removed by hand meanwhile: already gone, not an error.
    cleanup.add_address(a0, {v4("10.98.0.101"), 24});
    ip(a, {"addr", "del", "10.98.0.101/24", "dev", "a0"});
    report = cleanup.withdraw_all();
    EXPECT_EQ(report.already_gone, 1u);
    EXPECT_TRUE(report.errors.empty());

    // remove_address() forgets it, so the destructor does not try again.
    cleanup.add_address(a0, {v4("10.98.0.102"), 24});
    cleanup.remove_address(a0, {v4("10.98.0.102"), 24});
    EXPECT_EQ(cleanup.recorded(), 0u);

    // Left for the destructor (SIGTERM handling returns from main through it).
    cleanup.add_address(a0, {v4("10.98.0.103"), 24});
  }
  EXPECT_FALSE(has_address(rtnl, "10.98.0.103"));
}

TEST_F(CleanupTest, SweepsWhatACrashedRunLeftBehind) {
  EnterNetns enter(a);
  int a0 = static_cast<int>(::if_nametoindex("a0"));
  // An earlier router process that adds its VIP and a route, then is killed (SIGKILL):
  // no destructor, no signal handler.
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      Rtnetlink rtnl;
      auto* cleanup = new Cleanup(rtnl);  // never destroyed: the process dies first
      cleanup->add_address(a0, {v4("10.98.0.100"), 24});
      Route r;
      r.destination = {v4("6.6.2.0"), 24};
      r.oif = a0;
      cleanup->add_route(r);
    } catch (...) {
      ::_exit(1);
    }
    ::raise(SIGKILL);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child did not die as planned";
  // Somebody else's address and route (an operator's), not stamped.
  ip(a, {"addr", "add", "10.98.0.200/24", "dev", "a0"});
  ip(a, {"route", "add", "6.6.3.0/24", "dev", "a0"});

  Rtnetlink rtnl;
  ASSERT_TRUE(has_address(rtnl, "10.98.0.100"));
  ASSERT_TRUE(has_route(rtnl, "6.6.2.0/24"));
  Cleanup cleanup(rtnl);
  auto report = cleanup.sweep_leftovers();
  EXPECT_EQ(report.withdrawn, 2u);
  EXPECT_TRUE(report.errors.empty()) << report.errors.front();
  EXPECT_FALSE(has_address(rtnl, "10.98.0.100"));
  EXPECT_FALSE(has_route(rtnl, "6.6.2.0/24"));
  EXPECT_TRUE(has_address(rtnl, "10.98.0.200"));
  EXPECT_TRUE(has_route(rtnl, "6.6.3.0/24"));
  EXPECT_EQ(cleanup.sweep_leftovers().withdrawn, 0u);
}

}  // namespace
}  // namespace havpnc::net
