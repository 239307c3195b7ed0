#include "runtime/router/router.h"

#include "runtime/router/components.h"

#include <set>

#include "runtime/hsrp/virtual_mac.h"
#include "runtime/net/error.h"

namespace havpnc::router {

namespace {

// Runs first in the member initialisers: after the lock, before any socket is opened.
bool sweep(net::Cleanup& cleanup, net::Rtnetlink& rtnl, log::Logger& logger) {
  std::map<int, std::string> names;
  for (const net::LinkInfo& l : rtnl.links()) names[l.ifindex] = l.name;
  for (const net::AddressInfo& a : rtnl.addresses())
    if (a.protocol == net::kHavpncProtocol)
      logger.log({"HAVPNC", Severity::Warning, "LEFTOVER",
                  "removing " + a.prefix.to_string() + " on " + names[a.ifindex] +
                      ", left behind by an earlier run that did not stop cleanly"});
  for (const net::Route& r : rtnl.routes())
    if (r.protocol == net::kHavpncProtocol)
      logger.log({"HAVPNC", Severity::Warning, "LEFTOVER",
                  "removing route " + r.destination.to_string() +
                      ", left behind by an earlier run that did not stop cleanly"});
  for (const net::LinkInfo& l : rtnl.links())
    if (net::is_havpnc_macvlan(l))
      logger.log({"HAVPNC", Severity::Warning, "LEFTOVER",
                  "removing macvlan " + l.name + (l.mac ? " (" + net::to_string(*l.mac) + ")" : "") +
                      ", left behind by an earlier run that did not stop cleanly"});
  const net::WithdrawReport report = cleanup.sweep_leftovers();
  for (const std::string& e : report.errors)
    logger.log({"HAVPNC", Severity::Error, "LEFTOVER", "could not remove a leftover: " + e});
  return true;
}

std::function<std::string(const std::string&)> binding_lookup(
    const std::vector<engine::Binding>& bindings) {
  return [bindings](const std::string& ios) {
    for (const engine::Binding& b : bindings)
      if (b.ios_name == ios) return b.linux_name;
    return std::string();
  };
}

}  // namespace

Router::Router(boost::asio::io_context& io, const plan::Plan& plan,
               const std::vector<engine::Binding>& bindings, log::Logger& logger,
               control::ShowRegistry& registry)
    : logger_(logger),
      lock_(),
      rtnl_(),
      cleanup_(rtnl_),
      swept_(sweep(cleanup_, rtnl_, logger)),
      links_(io.get_executor()),
      sockets_(open_sockets(io.get_executor(), plan, binding_lookup(bindings))),
      edges_(rtnl_, cleanup_, sockets_),
      timers_(io),
      host_(timers_, edges_, logger),
      pump_(host_, edges_, sockets_, rtnl_, links_),
      tick_timer_(io) {
  edges_.add_bindings(bindings);
  edges_.set_clock([this] { return host_.now(); });
  // Every group's virtual MAC and VIPs, so the edges place a VIP on its group's macvlan.
  std::set<std::string> hsrp_interfaces;
  for (const plan::HsrpGroup& g : plan.hsrp_groups) {
    const auto lx = edges_.linux_name(g.interface);
    if (!lx) continue;
    VirtualMacGroup v;
    v.interface = g.interface;
    v.linux_name = *lx;
    v.group = static_cast<std::uint16_t>(g.group);
    v.mac = hsrp::virtual_mac(g.version == 2 ? hsrp::Version::V2 : hsrp::Version::V1, v.group).octets;
    if (g.virtual_ip) v.vips.emplace_back(g.virtual_ip->bits);
    for (const plan::Ipv4& s : g.secondary_virtual_ips) v.vips.emplace_back(s.bits);
    edges_.vips().add_group(std::move(v));
    hsrp_interfaces.insert(g.interface);
  }
  edges_.vips().probe();
  for (const std::string& ios : hsrp_interfaces) {
    try {
      arp_watches_.push_back({ios, std::make_unique<net::ArpWatch>(io.get_executor(), *edges_.linux_name(ios))});
    } catch (const net::NetError& e) {
      // Defence is an extra: the group runs without it, and the log says so.
      logger.log({"HSRP", Severity::Warning, "VIRTUAL_MAC",
                  ios + ": no ARP watch, the VIP is not defended against other stations: " + e.what()});
    }
  }
  ComponentContext context{io, plan, host_, edges_, logger, pump_.read_link_states(), {}, {},
                           [this] { return host_.now(); }};
  for (const auto& [ios, mode] : edges_.vips().modes())
    context.virtual_macs[ios] = VirtualMacMode{mode.macvlan, mode.detail};
  for (const net::LinkInfo& l : rtnl_.links())
    if (auto ios = edges_.ios_name(l.name); ios && l.mac) context.macs[*ios] = hsrp::MacAddress{*l.mac};
  add_components(context);
  for (const auto& c : host_.components()) c->register_show(registry);
}

Router::~Router() { stop(); }

void Router::start() {
  if (started_) return;
  started_ = true;
  host_.start();
  pump_.start();
  for (Watch& w : arp_watches_) wait_arp(w);
  schedule_tick();
}

void Router::wait_arp(Watch& w) {
  w.watch->async_wait_readable([this, &w](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    while (true) {
      std::error_code rec;
      const auto frame = w.watch->receive(rec);
      if (!frame) break;
      for (LogRecord& r : edges_.arp_seen(w.ios_name, *frame, host_.now())) logger_.log(r);
    }
    wait_arp(w);
  });
}

void Router::schedule_tick() {
  tick_timer_.expires_after(kTickEvery);
  tick_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    for (LogRecord& r : edges_.tick(host_.now())) logger_.log(r);
    schedule_tick();
  });
}

void Router::stop() {
  if (stopped_) return;
  stopped_ = true;
  tick_timer_.cancel();
  for (Watch& w : arp_watches_) w.watch.reset();
  host_.stop();
  // Anything recorded that the host did not know of (nothing today) goes too.
  const net::WithdrawReport report = cleanup_.withdraw_all();
  for (const std::string& e : report.errors)
    logger_.log({"HAVPNC", Severity::Error, "WITHDRAW", e});
}

}  // namespace havpnc::router
