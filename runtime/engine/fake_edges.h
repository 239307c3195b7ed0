#pragma once
// Edges for tests: records every call in order, keeps the set of addresses and routes it
// holds (so "already present" and "withdrawn" are observable), and fails on request.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "runtime/engine/edges.h"

namespace havpnc::engine {

class FakeEdges final : public Edges {
 public:
  using Call = std::variant<SendDatagram, AddAddress, RemoveAddress, AddRoute, RemoveRoute,
                            SendGratuitousArp>;
  enum class Op { Send, AddAddress, RemoveAddress, AddRoute, RemoveRoute, Arp };

  EdgeResult send(const SendDatagram& datagram) override;
  EdgeResult add_address(const InterfaceAddress& address) override;
  EdgeResult remove_address(const InterfaceAddress& address) override;
  EdgeResult add_route(const Route& route) override;
  EdgeResult remove_route(const Route& route) override;
  EdgeResult gratuitous_arp(const SendGratuitousArp& announcement) override;

  // The next call of `op` fails with `error`.
  void fail_next(Op op, std::string error) { failure_ = {op, std::move(error)}; }

  std::vector<Call> calls;
  std::vector<InterfaceAddress> addresses;  // what the "system" has now
  std::vector<Route> routes;

 private:
  std::optional<EdgeResult> injected(Op op);
  std::optional<std::pair<Op, std::string>> failure_;
};

}  // namespace havpnc::engine
