#include "runtime/engine/ike_adapter.h"

#include <type_traits>

namespace havpnc::engine {

Ipv4 to_engine_ipv4(const ike::Ipv4& a) {
  return (Ipv4{a[0]} << 24) | (Ipv4{a[1]} << 16) | (Ipv4{a[2]} << 8) | Ipv4{a[3]};
}

ike::Ipv4 to_ike_ipv4(Ipv4 a) {
  return {static_cast<std::uint8_t>(a >> 24), static_cast<std::uint8_t>(a >> 16),
          static_cast<std::uint8_t>(a >> 8), static_cast<std::uint8_t>(a)};
}

ike::Actions adapt_ike(ike::Actions in, const IkeBinding& binding, Actions& out) {
  ike::Actions rest;
  for (ike::SessionAction& action : in) {
    std::visit(
        [&](auto& a) {
          using T = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<T, ike::SendDatagram>) {
            // RFC 3947 §4: after NAT-T floats both ends use 4500, and the peer's port may
            // then be whatever its NAT mapped 4500 to: anything but 500 is floated IKE and
            // leaves from 4500 (never from 500, where the peer would not expect the marker).
            const std::uint16_t local_port =
                a.to.port != ike::kIkePort ? ike::kNatTraversalPort : binding.local.port;
            out.emplace_back(SendDatagram{Transport::Udp, to_engine_ipv4(binding.local.address),
                                          local_port, to_engine_ipv4(a.to.address), a.to.port,
                                          binding.interface, 64, std::move(a.bytes)});
          } else if constexpr (std::is_same_v<T, ike::ArmTimer>) {
            out.emplace_back(ArmTimer{binding.timer_key, a.at});
          } else if constexpr (std::is_same_v<T, LogRecord>) {
            out.emplace_back(std::move(a));
          } else {
            rest.emplace_back(std::move(a));
          }
        },
        action);
  }
  return rest;
}

}  // namespace havpnc::engine
