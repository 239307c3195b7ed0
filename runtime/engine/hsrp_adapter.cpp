#include "runtime/engine/hsrp_adapter.h"

#include <type_traits>

namespace havpnc::engine {

namespace {

MacAddress mac_of(const hsrp::MacAddress& mac) { return mac.octets; }

}  // namespace

TimerKey hsrp_timer_key(const HsrpBinding& binding, hsrp::Timer timer) {
  return binding.timer_base + static_cast<TimerKey>(timer);
}

std::optional<hsrp::Timer> hsrp_timer_of(const HsrpBinding& binding, TimerKey key) {
  if (key < binding.timer_base || key - binding.timer_base >= kHsrpTimersPerGroup)
    return std::nullopt;
  return static_cast<hsrp::Timer>(key - binding.timer_base);
}

void adapt_hsrp(std::vector<hsrp::Action> in, const HsrpBinding& binding, Actions& out) {
  for (hsrp::Action& action : in) {
    std::visit(
        [&](auto& a) {
          using T = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<T, hsrp::SendPacket>) {
            out.emplace_back(SendDatagram{Transport::Udp, binding.own_ip, hsrp::kUdpPort,
                                          a.destination, hsrp::kUdpPort, binding.interface, 1,
                                          std::move(a.payload)});
          } else if constexpr (std::is_same_v<T, hsrp::ArmTimer>) {
            out.emplace_back(ArmTimer{hsrp_timer_key(binding, a.timer), a.deadline});
          } else if constexpr (std::is_same_v<T, hsrp::CancelTimer>) {
            out.emplace_back(CancelTimer{hsrp_timer_key(binding, a.timer)});
          } else if constexpr (std::is_same_v<T, hsrp::AddVirtualIp>) {
            // /32: the interface's own address already brings the connected route; a VIP
            // with the subnet's prefix would add a second one and confuse source selection.
            out.emplace_back(AddAddress{{binding.interface, a.address, 32}});
          } else if constexpr (std::is_same_v<T, hsrp::RemoveVirtualIp>) {
            out.emplace_back(RemoveAddress{{binding.interface, a.address, 32}});
          } else if constexpr (std::is_same_v<T, hsrp::SendGratuitousArp>) {
            out.emplace_back(SendGratuitousArp{binding.interface, a.address, mac_of(a.mac)});
          } else if constexpr (std::is_same_v<T, LogRecord>) {
            out.emplace_back(std::move(a));
          }
        },
        action);
  }
}

}  // namespace havpnc::engine
