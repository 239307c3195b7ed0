// The crypto component's UDP 4500 door (RFC 3947 §4, RFC 3948 §2): demultiplex IKE behind
// the non-ESP marker, ESP-in-UDP and NAT keepalives; send ESP of UDP-encapsulated SAs.
#include "runtime/crypto/crypto_component.h"
#include "runtime/crypto/inbound_policy.h"
#include "runtime/esp/framing.h"

namespace havpnc::crypto {

void CryptoComponent::inbound_nat_t(const engine::Datagram& d, TimePoint now,
                                    engine::Actions& out) {
  switch (esp::classify_udp_4500(d.payload)) {
    case esp::Udp4500Kind::Esp:
      ++nat_t_.esp_received;
      inbound_esp(d, now, out);
      return;
    case esp::Udp4500Kind::NatKeepalive:
      ++nat_t_.keepalives_received;
      return;
    case esp::Udp4500Kind::Invalid:
      ++nat_t_.invalid;
      ++counters_.nat_t_dropped;
      return;
    case esp::Udp4500Kind::Ike:
      break;
  }
  auto ike = strip_non_esp_marker(d);
  if (!ike) {
    ++nat_t_.invalid;
    ++counters_.nat_t_dropped;
    return;
  }
  ++nat_t_.ike_received;
  // The peer moved to 4500 (or a NAT gave it another port): answers follow it there.
  if (auto slot = slot_for_peer(d.source)) {
    PeerSlot& s = *slots_[*slot];
    if (s.session) s.session->heard_on_nat_t_port(d.source_port);
    if (s.incoming) s.incoming->heard_on_nat_t_port(d.source_port);
  }
  inbound_ike(*ike, now, out);
}

engine::SendDatagram CryptoComponent::esp_datagram(const SaBinding& sa, engine::Bytes wire) {
  const PeerSlot& s = *slots_[sa.peer];
  if (!sa.udp_encapsulated) {
    return engine::SendDatagram{engine::Transport::Esp, host_order(sa.local.address), 0,
                                host_order(sa.remote.address), 0, s.setup.interface, 64,
                                std::move(wire)};
  }
  // RFC 3948 §2.1: the ESP packet unchanged as the UDP payload, to the port IKE uses now.
  const std::uint16_t port =
      s.session ? s.session->peer_endpoint().port : ike::kNatTraversalPort;
  ++nat_t_.esp_sent;
  return engine::SendDatagram{engine::Transport::Udp, host_order(sa.local.address),
                              ike::kNatTraversalPort, host_order(sa.remote.address),
                              port == ike::kIkePort ? ike::kNatTraversalPort : port,
                              s.setup.interface, 64, std::move(wire)};
}

}  // namespace havpnc::crypto
