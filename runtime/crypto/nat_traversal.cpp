#include "runtime/crypto/nat_traversal.h"

#include <algorithm>

#include "runtime/esp/framing.h"
#include "runtime/ike/endpoint.h"

namespace havpnc::crypto {

void add_non_esp_markers(engine::Actions& out, std::size_t from, NatTraversalCounters& counters) {
  for (std::size_t i = from; i < out.size(); ++i) {
    auto* send = std::get_if<engine::SendDatagram>(&out[i]);
    if (!send || send->transport != engine::Transport::Udp) continue;
    // The IKE adapter already sends floated IKE (any peer port but 500) from 4500.
    if (send->source_port != ike::kNatTraversalPort) continue;
    send->payload.insert(send->payload.begin(), kNonEspMarkerSize, std::uint8_t{0});
    ++counters.ike_sent;
  }
}

std::optional<engine::Datagram> strip_non_esp_marker(const engine::Datagram& d) {
  if (esp::classify_udp_4500(d.payload) != esp::Udp4500Kind::Ike) return std::nullopt;
  engine::Datagram ike = d;
  ike.payload.erase(ike.payload.begin(), ike.payload.begin() + kNonEspMarkerSize);
  return ike;
}

engine::SendDatagram nat_keepalive(std::uint32_t local, std::uint32_t remote,
                                   std::uint16_t remote_port, const std::string& interface) {
  return engine::SendDatagram{engine::Transport::Udp, local, ike::kNatTraversalPort, remote,
                              remote_port, interface, 64, engine::Bytes{0xFF}};
}

}  // namespace havpnc::crypto
