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
  // The peer moved to 4500 (or a NAT gave it another port): answers follow it there once a
  // message from that port authenticates (inbound_ike passes the port to the session).
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

namespace havpnc::crypto {

// RFC 3948 §2.3: the end behind a NAT keeps the NAT's mapping alive with one 0xFF byte on
// the IKE/ESP 4500 flow, every `crypto isakmp nat keepalive S` seconds, once NAT-T floated.
// IOS sends none without that line, and none when there is no NAT.
void CryptoComponent::arm_nat_keepalive(std::size_t i, TimePoint now, engine::Actions& out) {
  nat_keepalive_at_.resize(slots_.size(), TimePoint::max());
  const PeerSlot& s = *slots_[i];
  if (!s.setup.nat_keepalive_seconds || *s.setup.nat_keepalive_seconds == 0 || !s.session) return;
  const ike::IkeSa* sa = s.session->ike_sa();
  if (!sa || !sa->local_behind_nat || !s.session->nat_t_floated()) return;
  if (nat_keepalive_at_[i] != TimePoint::max()) return;
  nat_keepalive_at_[i] = now + seconds(*s.setup.nat_keepalive_seconds);
  out.emplace_back(engine::ArmTimer{kNatKeepaliveTimerBase + static_cast<engine::TimerKey>(i),
                                    nat_keepalive_at_[i]});
}

bool CryptoComponent::nat_keepalive_timer(engine::TimerKey key, TimePoint now,
                                          engine::Actions& out) {
  if (key < kNatKeepaliveTimerBase || key - kNatKeepaliveTimerBase >= slots_.size()) return false;
  const std::size_t i = key - kNatKeepaliveTimerBase;
  nat_keepalive_at_.resize(slots_.size(), TimePoint::max());
  nat_keepalive_at_[i] = TimePoint::max();
  const PeerSlot& s = *slots_[i];
  const ike::IkeSa* sa = s.session ? s.session->ike_sa() : nullptr;
  if (!sa || !sa->local_behind_nat || !s.session->nat_t_floated()) return true;  // NAT-T gone
  const ike::Endpoint peer = s.session->peer_endpoint();
  out.emplace_back(nat_keepalive(host_order(s.setup.session.main_mode.local.address),
                                 host_order(peer.address), peer.port, s.setup.interface));
  ++nat_t_.keepalives_sent;
  arm_nat_keepalive(i, now, out);
  return true;
}

}  // namespace havpnc::crypto
