// rtnetlink against a real kernel in a namespace: listing, link events for down/up and
// for carrier loss, address and route add/remove, and the errors an operator will see.
#include "runtime/net/rtnetlink.h"

#include <linux/capability.h>
#include <linux/if_addr.h>
#include <net/if.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <deque>

#include <boost/asio/io_context.hpp>

#include "runtime/net/error.h"
#include "runtime/net/link_monitor.h"
#include "runtime/net/tun_device.h"
#include "tests/net/two_routers.h"
#include "tests/net/wait.h"

namespace havpnc::net {
namespace {

using testing::EnterNetns;
Ipv4 v4(const char* text) { return boost::asio::ip::make_address_v4(text); }

using RtnetlinkTest = testing::TwoRoutersTest;

std::string error_of(const std::function<void()>& f, int* error_number = nullptr) {
  try {
    f();
  } catch (const NetError& e) {
    if (error_number) *error_number = e.error_number();
    return e.what();
  }
  return "(no error)";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(RtnetlinkTest, ListsInterfacesAndFindsTheOneCarryingAnAddress) {
  EnterNetns enter(a);
  Rtnetlink rtnl;
  auto links = rtnl.links();
  auto a0 = std::find_if(links.begin(), links.end(), [](auto& l) { return l.name == "a0"; });
  ASSERT_NE(a0, links.end());
  EXPECT_EQ(a0->ifindex, static_cast<int>(::if_nametoindex("a0")));
  EXPECT_TRUE(a0->mac);
  EXPECT_TRUE(a0->line_protocol_up());
  auto bound = rtnl.link_with_address(v4("10.98.0.1"));
  ASSERT_TRUE(bound);
  EXPECT_EQ(bound->name, "a0");
  EXPECT_FALSE(rtnl.link_with_address(v4("10.98.0.2")));  // that one is b's
  auto addrs = rtnl.addresses();
  EXPECT_TRUE(std::any_of(addrs.begin(), addrs.end(), [](auto& x) {
    return x.prefix.to_string() == "127.0.0.1/8" && x.label == "lo";
  }));
  EXPECT_EQ(rtnl.malformed_messages(), 0u);
}

TEST_F(RtnetlinkTest, LinkEventsForAdminDownUpAndCarrierLoss) {
  boost::asio::io_context io;
  std::optional<LinkMonitor> monitor;
  int a0 = 0;
  {
    EnterNetns enter(a);
    monitor.emplace(io.get_executor());
    a0 = static_cast<int>(::if_nametoindex("a0"));
  }
  // Waits for an event about a0 matching `want`; events are taken in order, the ones
  // before the match are consumed, the ones after it stay queued for the next wait.
  std::deque<LinkEvent> queued;
  auto await = [&](auto want) {
    return testing::receive_within(io, *monitor, [&](std::error_code& ec) -> std::optional<LinkEvent> {
      ec.clear();
      for (auto& e : monitor->read_events().events) queued.push_back(std::move(e));
      while (!queued.empty()) {
        LinkEvent e = std::move(queued.front());
        queued.pop_front();
        if (e.link.ifindex == a0 && want(e.link)) return e;
      }
      return std::nullopt;
    });
  };
  {
    EnterNetns enter(a);
    Rtnetlink rtnl;
    rtnl.set_link_up(a0, false);
  }
  auto down = await([](const LinkInfo& l) { return !l.admin_up(); });
  ASSERT_TRUE(down);
  EXPECT_EQ(down->link.name, "a0");
  EXPECT_FALSE(down->link.line_protocol_up());

  ip(a, {"link", "set", "a0", "up"});  // changed by another process: still seen
  auto up = await([](const LinkInfo& l) { return l.line_protocol_up(); });
  ASSERT_TRUE(up);

  // The far end goes down: a0 stays admin up but loses carrier — line protocol down, the
  // event an HSRP `track` on the interface reacts to.
  ip(b, {"link", "set", "b0", "down"});
  auto carrier = await([](const LinkInfo& l) { return l.admin_up() && !l.lower_up(); });
  ASSERT_TRUE(carrier);
  EXPECT_FALSE(carrier->link.line_protocol_up());

  ip(a, {"link", "del", "a0"});
  auto gone = await([](const LinkInfo&) { return true; });
  ASSERT_TRUE(gone);
  // Deleting a veth may first report it down; the removal itself must follow.
  bool removed = gone->removed;
  while (!removed) {
    auto next = await([](const LinkInfo&) { return true; });
    ASSERT_TRUE(next);
    removed = next->removed;
  }
  EXPECT_EQ(monitor->malformed_messages(), 0u);
}

TEST_F(RtnetlinkTest, AddressAddAndRemoveWithClearErrors) {
  EnterNetns enter(a);
  Rtnetlink rtnl;
  int a0 = static_cast<int>(::if_nametoindex("a0"));
  AddressOptions vip;
  vip.label = "a0:vip";
  rtnl.add_address(a0, {v4("10.98.0.100"), 24}, vip);
  auto addrs = rtnl.addresses();
  auto found = std::find_if(addrs.begin(), addrs.end(),
                            [](auto& x) { return x.prefix.address == v4("10.98.0.100"); });
  ASSERT_NE(found, addrs.end());
  EXPECT_EQ(found->ifindex, a0);
  EXPECT_EQ(found->prefix.length, 24);
  EXPECT_EQ(found->label, "a0:vip");
  EXPECT_EQ(found->protocol, kHavpncProtocol);
  EXPECT_TRUE(found->flags & IFA_F_SECONDARY);  // 10.98.0.1 is the primary in that subnet

  int e = 0;
  auto text = error_of([&] { rtnl.add_address(a0, {v4("10.98.0.100"), 24}, vip); }, &e);
  EXPECT_EQ(e, EEXIST);
  EXPECT_TRUE(contains(text, "add address 10.98.0.100/24 on a0 (ifindex ")) << text;
  EXPECT_TRUE(contains(text, "already exists")) << text;

  rtnl.remove_address(a0, {v4("10.98.0.100"), 24});
  addrs = rtnl.addresses();
  EXPECT_TRUE(std::none_of(addrs.begin(), addrs.end(),
                           [](auto& x) { return x.prefix.address == v4("10.98.0.100"); }));
  text = error_of([&] { rtnl.remove_address(a0, {v4("10.98.0.100"), 24}); }, &e);
  EXPECT_EQ(e, EADDRNOTAVAIL) << text;

  text = error_of([&] { rtnl.add_address(9999, {v4("10.1.1.1"), 24}); }, &e);
  EXPECT_EQ(e, ENODEV);
  EXPECT_TRUE(contains(text, "on ifindex 9999: no such interface")) << text;
}

TEST_F(RtnetlinkTest, RouteAddAndRemoveWithClearErrors) {
  EnterNetns enter(a);
  Rtnetlink rtnl;
  int a0 = static_cast<int>(::if_nametoindex("a0"));
  Route onlink;
  onlink.destination = {v4("6.6.2.0"), 24};
  onlink.oif = a0;
  Route via;
  via.destination = {v4("6.6.146.0"), 24};
  via.gateway = v4("10.98.0.2");
  via.metric = 10;
  rtnl.add_route(onlink);
  rtnl.add_route(via);
  auto find = [&](const char* dst) -> std::optional<Route> {
    for (auto& r : rtnl.routes())
      if (r.table == 254 && r.destination.to_string() == dst) return r;
    return std::nullopt;
  };
  auto r1 = find("6.6.2.0/24");
  ASSERT_TRUE(r1);
  EXPECT_EQ(r1->oif, a0);
  EXPECT_EQ(r1->protocol, kHavpncProtocol);
  EXPECT_FALSE(r1->gateway);
  auto r2 = find("6.6.146.0/24");
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->gateway, v4("10.98.0.2"));
  EXPECT_EQ(r2->oif, a0);  // the kernel resolved the gateway to a0
  EXPECT_EQ(r2->metric, 10u);

  int e = 0;
  auto text = error_of([&] { rtnl.add_route(onlink); }, &e);
  EXPECT_EQ(e, EEXIST);
  EXPECT_TRUE(contains(text, "add route 6.6.2.0/24 dev a0 (ifindex")) << text;

  Route unreachable;
  unreachable.destination = {v4("6.6.25.0"), 24};
  unreachable.gateway = v4("192.0.2.1");
  text = error_of([&] { rtnl.add_route(unreachable); }, &e);
  EXPECT_EQ(e, ENETUNREACH) << text;
  EXPECT_TRUE(contains(text, "via 192.0.2.1")) << text;

  rtnl.remove_route(onlink);
  rtnl.remove_route(via);
  EXPECT_FALSE(find("6.6.2.0/24"));
  EXPECT_FALSE(find("6.6.146.0/24"));
  text = error_of([&] { rtnl.remove_route(onlink); }, &e);
  EXPECT_EQ(e, ESRCH) << text;
  EXPECT_TRUE(contains(text, "no such route")) << text;

  // Only our routes are removed: the kernel's connected route has protocol "kernel".
  Route connected;
  connected.destination = {v4("10.98.0.0"), 24};
  connected.oif = a0;
  text = error_of([&] { rtnl.remove_route(connected); }, &e);
  EXPECT_EQ(e, ESRCH) << text;
  EXPECT_TRUE(find("10.98.0.0/24"));
}

// Without CAP_NET_ADMIN the kernel says EPERM; the operator reads "must run as root".
TEST_F(RtnetlinkTest, WithoutPrivilegeTheMessageSaysRoot) {
  EnterNetns enter(a);
  int a0 = static_cast<int>(::if_nametoindex("a0"));
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct none[2] = {};
    if (::syscall(SYS_capset, &header, none) != 0) ::_exit(10);
    int result = 0;
    try {
      Rtnetlink rtnl;
      rtnl.add_address(a0, {v4("10.98.0.50"), 24});
      result |= 1;  // should have failed
    } catch (const NetError& e) {
      if (e.error_number() != EPERM || !contains(e.what(), "must run as root")) result |= 2;
    }
    try {
      boost::asio::io_context io;
      if (::access("/dev/net/tun", F_OK) != 0) ::_exit(result);
      TunDevice tun(io.get_executor(), "hvtun9");
      result |= 4;
    } catch (const NetError& e) {
      if (e.error_number() != EPERM || !contains(e.what(), "must run as root")) result |= 8;
    }
    ::_exit(result);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "bits: 1 add allowed, 2 wrong netlink error, "
                                       "4 TUN allowed, 8 wrong TUN error, 10 capset failed";
}

}  // namespace
}  // namespace havpnc::net
