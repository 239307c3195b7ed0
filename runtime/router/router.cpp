#include "runtime/router/router.h"

#include "runtime/router/components.h"

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
      pump_(host_, edges_, sockets_, rtnl_, links_) {
  edges_.add_bindings(bindings);
  ComponentContext context{io, plan, host_, edges_, logger, pump_.read_link_states(), {},
                           [this] { return host_.now(); }};
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
}

void Router::stop() {
  if (stopped_) return;
  stopped_ = true;
  host_.stop();
  // Anything recorded that the host did not know of (nothing today) goes too.
  const net::WithdrawReport report = cleanup_.withdraw_all();
  for (const std::string& e : report.errors)
    logger_.log({"HAVPNC", Severity::Error, "WITHDRAW", e});
}

}  // namespace havpnc::router
