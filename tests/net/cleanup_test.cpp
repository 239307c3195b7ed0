// The Cleanup registry: everything added is withdrawn (newest first), things the kernel
// already dropped are not errors, and a crashed run's leftovers — stamped kHavpncProtocol —
// are swept at the next start while addresses and routes of others stay.
#include "runtime/net/cleanup.h"

#include <net/if.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>

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

// An earlier router process that left things behind and was then killed (SIGKILL): no
// destructor, no signal handler. `leave_behind(rtnl, cleanup)` runs in a forked child, in the
// calling thread's namespace; the child must die by the signal, not by a failed set-up.
template <class LeaveBehind>
void crashed_run(LeaveBehind leave_behind) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      Rtnetlink rtnl;
      auto* cleanup = new Cleanup(rtnl);  // never destroyed: the process dies first
      leave_behind(rtnl, *cleanup);
    } catch (...) {
      ::_exit(1);
    }
    ::raise(SIGKILL);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child did not finish its set-up";
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
  // An earlier router process added its VIP and a route.
  ASSERT_NO_FATAL_FAILURE(crashed_run([a0](Rtnetlink&, Cleanup& cleanup) {
    cleanup.add_address(a0, {v4("10.98.0.100"), 24});
    Route r;
    r.destination = {v4("6.6.2.0"), 24};
    r.oif = a0;
    cleanup.add_route(r);
  }));
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

bool has_link(Rtnetlink& rtnl, const char* name) { return rtnl.link(name).has_value(); }

// A crashed HSRP Active leaves its macvlan (virtual MAC) and the VIP on it: both are swept,
// an operator's macvlan and a bridge merely named like ours stay.
TEST_F(CleanupTest, SweepsACrashedRunsMacvlanAndNothingElse) {
  EnterNetns enter(a);
  int a0 = static_cast<int>(::if_nametoindex("a0"));
  ASSERT_NO_FATAL_FAILURE(crashed_run([a0](Rtnetlink& rtnl, Cleanup& cleanup) {
    const int m = cleanup.add_macvlan("hvh2.9", a0, {0x00, 0x00, 0x0c, 0x07, 0xac, 0x02});
    rtnl.set_link_up(m, true);
    cleanup.add_address(m, {v4("10.98.0.100"), 32});
  }));
  ip(a, {"link", "add", "op0", "link", "a0", "type", "macvlan", "mode", "bridge"});
  ip(a, {"link", "add", "hvhbr0", "type", "bridge"});

  Rtnetlink rtnl;
  const auto left = rtnl.link("hvh2.9");
  ASSERT_TRUE(left);
  EXPECT_EQ(left->kind, "macvlan");
  EXPECT_EQ(left->lower_ifindex, a0);
  EXPECT_TRUE(is_havpnc_macvlan(*left));
  ASSERT_TRUE(has_address(rtnl, "10.98.0.100"));
  Cleanup cleanup(rtnl);
  auto report = cleanup.sweep_leftovers();
  EXPECT_TRUE(report.errors.empty()) << report.errors.front();
  EXPECT_EQ(report.withdrawn, 2u);  // the VIP, then its macvlan
  EXPECT_FALSE(has_link(rtnl, "hvh2.9"));
  EXPECT_FALSE(has_address(rtnl, "10.98.0.100"));
  EXPECT_TRUE(has_link(rtnl, "op0"));
  EXPECT_TRUE(has_link(rtnl, "hvhbr0"));
  // A name outside the prefix is refused before anything is created.
  EXPECT_THROW(cleanup.add_macvlan("mine0", a0, {0x02, 0, 0, 0, 0, 1}), NetError);
}

// A VIP with a lifetime outlives its process by at most that long: the kernel deletes it
// (net/ipv4/devinet.c check_lifetime, whole seconds), while refreshes keep it.
TEST_F(CleanupTest, AddressWithALifetimeExpiresUnlessRefreshed) {
  EnterNetns enter(a);
  int a0 = static_cast<int>(::if_nametoindex("a0"));
  Rtnetlink rtnl;
  Cleanup cleanup(rtnl);
  cleanup.add_address(a0, {v4("10.98.0.100"), 32}, {}, 1);
  cleanup.add_address(a0, {v4("10.98.0.101"), 32}, {}, 1);
  const auto start = std::chrono::steady_clock::now();
  std::optional<double> expired_after;
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(4)) {
    cleanup.refresh_address(a0, {v4("10.98.0.101"), 32}, 1);
    if (!expired_after && !has_address(rtnl, "10.98.0.100"))
      expired_after = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(expired_after) << "a 1 s VIP was still there after 4 s";
  EXPECT_GE(*expired_after, 0.9);
  EXPECT_LE(*expired_after, 2.5);
  std::printf("figure: a 1 s lifetime VIP expired after %.2f s\n", *expired_after);
  EXPECT_TRUE(has_address(rtnl, "10.98.0.101"));  // refreshed every 100 ms
  // A refresh brings an expired address back.
  cleanup.refresh_address(a0, {v4("10.98.0.100"), 32}, 1);
  EXPECT_TRUE(has_address(rtnl, "10.98.0.100"));
  // Withdrawing what already expired is not an error.
  std::this_thread::sleep_for(std::chrono::milliseconds(2600));
  auto report = cleanup.withdraw_all();
  EXPECT_TRUE(report.errors.empty()) << report.errors.front();
  EXPECT_EQ(report.already_gone, 2u);
}

}  // namespace
}  // namespace havpnc::net
