// SSO takeover (issue 7): the new Active installs what the old one replicated: sessions
// around the ISAKMP SAs, ESP pairs at their resume positions. Kept apart from the rest of the
// component because only the redundancy path calls it.
#include "runtime/crypto/crypto_component.h"
#include "runtime/crypto/inbound_policy.h"

namespace havpnc::crypto {

std::size_t CryptoComponent::take_over(const std::vector<AdoptedIkeSa>& ike_sas,
                                       const std::vector<AdoptedIpsecSa>& ipsec_sas,
                                       TimePoint now, engine::Actions& out) {
  last_now_ = now;
  for (const auto& adopted : ike_sas) {
    const auto found = slot_for_peer(host_order(adopted.sa.remote.address));
    if (!found) continue;
    PeerSlot& s = *slots_[*found];
    s.session.reset();
    s.incoming.reset();
    s.role = adopted.sa.role;
    ike::IkeSession::AdoptedState state;
    state.dpd_next_sequence = adopted.dpd_next_sequence;
    state.dpd_peer_sequence = adopted.dpd_peer_sequence;
    state.nat_t_peer_port = adopted.nat_t_peer_port;
    s.session.emplace(ike::IkeSession::adopt(adopted.sa.role, s.setup.session, adopted.sa,
                                             state, *random_, s.ike_counters, now));
    s.quick_mode_started.reset();
    s.armed = TimePoint::max();
    s.connection_id = 0;
    track_connection_id(s);
    s.quick_mode_started.reset();  // the adopted SA's quick mode ran on the old active
  }
  std::size_t installed = 0;
  for (const auto& adopted : ipsec_sas) {
    const auto found = slot_for_peer(host_order(adopted.child.remote.address));
    if (!found) continue;
    std::string error;
    if (!sas_.install(*found, adopted.child, adopted.replay_window, now, &error)) {
      ++counters_.sa_install_failed;
      out.emplace_back(LogRecord{"CRYPTO", Severity::Warning, "IPSEC_SA_INSTALL_FAILED",
                                 "replicated IPsec SA with peer " +
                                     ike::to_string(adopted.child.remote.address) +
                                     " not installed: " + error});
      continue;
    }
    SaBinding* b = sas_.by_inbound_spi(adopted.child.inbound_spi);
    if (!b || !b->outbound->resume_outbound_at(adopted.resume_outbound_at)) {
      sas_.remove(adopted.child.inbound_spi, adopted.child.outbound_spi);
      ++counters_.sa_install_failed;
      continue;
    }
    b->inbound->restore_replay_checkpoint(adopted.inbound_highest);
    // The SA's lifetime runs from its negotiation on the old active, not from this takeover.
    b->inbound->restore_lifetime(adopted.child.established_at, adopted.inbound_bytes);
    b->outbound->restore_lifetime(adopted.child.established_at, adopted.outbound_bytes);
    PeerSlot& s = *slots_[*found];
    if (s.session) s.session->adopt_child_sa(adopted.child.inbound_spi, adopted.child.outbound_spi);
    if (key_export_) key_export_->ipsec_sa_installed(adopted.child);
    ++counters_.sa_installed;
    ++installed;
  }
  arm_expiry(out);
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    report_ike_sa(*slots_[i], now);
    rearm(i, out);
  }
  return installed;
}

}  // namespace havpnc::crypto
