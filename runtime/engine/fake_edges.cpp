#include "runtime/engine/fake_edges.h"

#include <algorithm>

namespace havpnc::engine {

std::optional<EdgeResult> FakeEdges::injected(Op op) {
  if (!failure_ || failure_->first != op) return std::nullopt;
  EdgeResult r = EdgeResult::failure(failure_->second);
  failure_.reset();
  return r;
}

EdgeResult FakeEdges::send(const SendDatagram& datagram) {
  calls.emplace_back(datagram);
  return injected(Op::Send).value_or(EdgeResult::success());
}

EdgeResult FakeEdges::add_address(const InterfaceAddress& address) {
  calls.emplace_back(AddAddress{address});
  if (auto r = injected(Op::AddAddress)) return *r;
  if (std::find(addresses.begin(), addresses.end(), address) != addresses.end())
    return EdgeResult::present();
  addresses.push_back(address);
  return EdgeResult::success();
}

EdgeResult FakeEdges::remove_address(const InterfaceAddress& address) {
  calls.emplace_back(RemoveAddress{address});
  if (auto r = injected(Op::RemoveAddress)) return *r;
  if (std::erase(addresses, address) == 0) return EdgeResult::failure("no such address");
  return EdgeResult::success();
}

EdgeResult FakeEdges::add_route(const Route& route) {
  calls.emplace_back(AddRoute{route});
  if (auto r = injected(Op::AddRoute)) return *r;
  if (std::find(routes.begin(), routes.end(), route) != routes.end()) return EdgeResult::present();
  routes.push_back(route);
  return EdgeResult::success();
}

EdgeResult FakeEdges::remove_route(const Route& route) {
  calls.emplace_back(RemoveRoute{route});
  if (auto r = injected(Op::RemoveRoute)) return *r;
  if (std::erase(routes, route) == 0) return EdgeResult::failure("no such route");
  return EdgeResult::success();
}

EdgeResult FakeEdges::gratuitous_arp(const SendGratuitousArp& announcement) {
  calls.emplace_back(announcement);
  return injected(Op::Arp).value_or(EdgeResult::success());
}

}  // namespace havpnc::engine
