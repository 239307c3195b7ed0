#pragma once
// The IPsec router: IKE sessions and the ESP data path joined as one engine component.
//
// - One ike::IkeSession per crypto map peer (peer_config.h). Traffic that matches a permit
//   line with no IPsec SA for that line starts main mode toward the entry's first peer
//   (once; again only after that attempt was given up) and a quick mode for that line's
//   proxies (IOS: one SA pair per permit line), and waits in a small PendingQueue of its
//   line; a peer's MM1 makes a responder session. Quick mode results become esp::EspSa
//   pairs bound to their line (sa_bindings.h).
// - Outbound: a packet from the TUN (outbound_packet, called through Host::handle) is
//   classified (classifier.h), encrypted with the newest SA of its peer's line, sent as ESP
//   (raw IP protocol 50) from the crypto map address — the HSRP VIP under `redundancy` —
//   to the peer. A packet no permit line takes is DROPPED and counted: it only reached the
//   TUN through a route for a remote selector subnet, so sending it in the clear (IOS's
//   answer on a real interface) would mean handing it back to the kernel, which would route
//   it into the TUN again.
// - Inbound ESP: SPI lookup, replay check, ICV, decrypt, replay update (runtime/esp), then
//   the inner packet must match the SA's selectors (inbound_policy.h), then the PacketSink.
// - At start, a route for every remote selector subnet into the TUN interface.
//
// Simultaneous main modes (both ends triggered at once): the end with the higher address
// gives way and answers the peer's MM1; the other drops it and carries on with its own.
// An MM1 that arrives once our ISAKMP SA is up runs in a second session beside it; if it
// authenticates (the peer restarted), it replaces the old one and the old IPsec SAs go.
// NAT-T (nat_traversal.h): IKE floats to UDP 4500 behind the non-ESP marker once NAT-D
// found a NAT; SAs negotiated as UDP-Encapsulated-Tunnel send ESP in UDP 4500.
// Rekey (rekey.h): a pair at its soft limit starts a quick mode; the new pair takes outbound
// traffic when installed, the old one decrypts until its hard limit.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "runtime/crypto/classifier.h"
#include "runtime/crypto/nat_traversal.h"
#include "runtime/crypto/crypto_counters.h"
#include "runtime/crypto/key_export.h"
#include "runtime/crypto/packet_sink.h"
#include "runtime/crypto/peer_config.h"
#include "runtime/crypto/pending_queue.h"
#include "runtime/crypto/rekey.h"
#include "runtime/crypto/sa_bindings.h"
#include "runtime/engine/component.h"
#include "runtime/engine/ike_adapter.h"
#include "runtime/esp/iv_source.h"
#include "runtime/ike/crypto/random.h"

namespace havpnc::crypto {

// SSO (runtime/sso/sso_service.h) watches the active's SAs through this, so the crypto
// component needs nothing from SSO. Called from inside the component's own events, only while
// it is the redundancy Active.
class SaObserver {
 public:
  virtual ~SaObserver() = default;
  // A new ISAKMP SA, or one whose replicated state moved (DPD numbers).
  virtual void ike_sa_changed(const ike::IkeSa& sa, const ike::Dpd* dpd, TimePoint now) = 0;
  virtual void ike_sa_deleted(const ike::Cookie& initiator, const ike::Cookie& responder,
                              TimePoint now) = 0;
  virtual void ipsec_sa_added(const ike::ChildSa& child, std::uint32_t replay_window,
                              TimePoint now) = 0;
  virtual void ipsec_sa_deleted(std::uint32_t inbound_spi, std::uint32_t outbound_spi,
                                TimePoint now) = 0;
  // Per packet: the outbound next sequence number / the inbound window's highest.
  virtual void outbound_progress(std::uint32_t inbound_spi, std::uint32_t outbound_spi,
                                 std::uint64_t next_sequence, std::uint64_t bytes,
                                 TimePoint now) = 0;
  virtual void inbound_progress(std::uint32_t inbound_spi, std::uint32_t outbound_spi,
                                std::uint32_t highest, std::uint64_t bytes, TimePoint now) = 0;
};

// What a stateful takeover installs (sso::TakeoverPlan, converted by the SSO service).
// Times are this router's (`sa.established_at`, `child.established_at`): SSO replicates ages
// and the standby turns them into local time points, as two routers' clocks share no epoch.
struct AdoptedIkeSa {
  ike::IkeSa sa;
  std::uint32_t dpd_next_sequence = 0;
  std::optional<std::uint32_t> dpd_peer_sequence;  // the peer's last accepted R-U-THERE
  std::optional<std::uint16_t> nat_t_peer_port;    // floated: where the peer's NAT maps 4500
};
struct AdoptedIpsecSa {
  ike::ChildSa child;
  std::uint32_t replay_window = 64;
  std::uint64_t resume_outbound_at = 1;
  std::uint32_t inbound_highest = 0;
  // Lifetime volume the old active counted per direction (RFC 4301 §4.4.2.1: the SA's).
  std::uint64_t inbound_bytes = 0;
  std::uint64_t outbound_bytes = 0;
};

struct CryptoOptions {
  std::string tun_interface = "Tunnel-havpnc";  // IOS-side name the TUN is bound under
  PendingLimits pending;
  // `show` needs the time for remaining lifetimes; default: the time of the last event.
  std::function<TimePoint()> show_clock;
  // Quick mode before the hard lifetime (rekey.h). `havpnc run` turns it on; off, an SA that
  // expires is removed and the next packet negotiates (what tests of expiry itself want).
  bool rekey_before_expiry = false;
};

// Traffic-triggered quick modes not installed yet, per ACL line. reset() forgets them all
// (a new session, a takeover: the old quick modes are gone with their ISAKMP SA).
struct QuickModeStarts {
  std::map<std::size_t, TimePoint> by_line;
  void reset() { by_line.clear(); }
};

struct PeerSlot {
  PeerSetup setup;
  engine::IkeBinding binding;
  ike::IkeCounters ike_counters;
  std::optional<ike::IkeSession> session;
  ike::IkeRole role = ike::IkeRole::Initiator;
  // A peer's MM1 while `session` is established: a restarted peer, or a stale MM1 of a
  // collision it lost. Runs beside `session` and replaces it only once it authenticates.
  std::optional<ike::IkeSession> incoming;
  engine::IkeBinding incoming_binding;
  std::vector<PendingQueue> pending;  // per ACL line (index as in setup.selectors)
  QuickModeStarts quick_mode_started;
  TimePoint armed = TimePoint::max();
  // IOS "connid" of the current ISAKMP SA (show crypto isakmp sa / session detail).
  std::uint32_t connection_id = 0;
  ike::Cookie connection_cookie{};
  // What SSO last heard about this peer's ISAKMP SA (cookie, DPD numbers): report on change.
  ike::Cookie reported_cookie{};
  std::uint32_t reported_dpd_next = 0;
  std::optional<std::uint32_t> reported_dpd_peer;
  std::uint16_t reported_nat_t_port = 0;  // peer's NAT-T port once floated, else 0
};

class CryptoComponent final : public engine::Component {
 public:
  static constexpr engine::TimerKey kExpiryTimer = 0xFFFFFFFFu;
  static constexpr engine::TimerKey kIncomingTimerBase = 0x10000u;  // + slot index
  static constexpr engine::TimerKey kNatKeepaliveTimerBase = 0x20000u;  // + slot index

  CryptoComponent(PeerSetups setups, CryptoOptions options, ike::crypto::RandomSource& random,
                  esp::IvSource& ivs, PacketSink& sink);

  std::string_view name() const override { return "crypto"; }
  std::vector<engine::Subscription> subscriptions() const override;
  void register_show(control::ShowRegistry& registry) override;
  void start(TimePoint now, engine::Actions& out) override;
  void datagram(const engine::Datagram& d, TimePoint now, engine::Actions& out) override;
  void timer(engine::TimerKey key, TimePoint now, engine::Actions& out) override;

  // An IPv4 packet the kernel routed into the TUN.
  void outbound_packet(std::span<const std::uint8_t> packet, TimePoint now,
                       engine::Actions& out);

  const CryptoCounters& counters() const { return counters_; }
  const NatTraversalCounters& nat_t_counters() const { return nat_t_; }
  std::uint64_t rekeys_started() const { return rekey_.started(); }
  const std::vector<std::unique_ptr<PeerSlot>>& peers() const { return slots_; }
  const SaBindings& sas() const { return sas_; }
  const std::string& tun_interface() const { return options_.tun_interface; }
  TimePoint show_now() const;

  // Stateful redundancy (`crypto map M redundancy GROUP stateful`, issue 7). A router whose
  // redundancy group is not Active neither initiates nor answers IKE and sends no ESP, as an
  // IOS standby: the peer talks to the VIP, and only the Active holds it.
  void set_sa_observer(SaObserver* observer) { observer_ = observer; }
  void set_redundancy_active(bool active) { redundancy_active_ = active; }
  bool redundancy_active() const { return redundancy_active_; }
  // IOS "reload" of a router that lost Active: every IKE and IPsec SA is dropped, silently.
  void reset_sa_state(TimePoint now, engine::Actions& out);
  // The new Active: sessions around the replicated ISAKMP SAs, ESP pairs at their resume
  // positions. Returns how many IPsec SA pairs were installed.
  std::size_t take_over(const std::vector<AdoptedIkeSa>& ike_sas,
                        const std::vector<AdoptedIpsecSa>& ipsec_sas, TimePoint now,
                        engine::Actions& out);
  std::uint64_t standby_drops() const { return standby_drops_; }

  // `--export-keys`: every ISAKMP SA and IPsec SA pair as it comes and goes (key_export.h).
  // nullptr (the default) exports nothing.
  void set_key_export(KeyExportSink* sink) { key_export_ = sink; }

 private:
  void apply(std::size_t slot, ike::Actions actions, TimePoint now, engine::Actions& out);
  void apply_incoming(std::size_t slot, ike::Actions actions, TimePoint now, engine::Actions& out);
  void install(std::size_t slot, const ike::ChildSa& child, TimePoint now, engine::Actions& out);
  void ensure_sa(std::size_t slot, std::size_t line, TimePoint now, engine::Actions& out);
  void discard_pending(PeerSlot& slot);
  void encrypt(SaBinding& sa, std::span<const std::uint8_t> packet, TimePoint now,
               engine::Actions& out);
  void inbound_esp(const engine::Datagram& d, TimePoint now, engine::Actions& out);
  void inbound_ike(const engine::Datagram& d, TimePoint now, engine::Actions& out);
  void inbound_nat_t(const engine::Datagram& d, TimePoint now, engine::Actions& out);
  engine::SendDatagram esp_datagram(const SaBinding& sa, engine::Bytes wire);
  void start_rekeys(TimePoint now, engine::Actions& out);
  TimePoint rekey_deadline();
  void arm_nat_keepalive(std::size_t slot, TimePoint now, engine::Actions& out);
  bool nat_keepalive_timer(engine::TimerKey key, TimePoint now, engine::Actions& out);
  void new_session(std::size_t slot, ike::IkeRole role);
  void rearm(std::size_t slot, engine::Actions& out);
  void arm_expiry(engine::Actions& out);
  void expire_now(TimePoint now, engine::Actions& out);
  void track_connection_id(PeerSlot& slot);
  std::optional<std::size_t> slot_for_peer(std::uint32_t address) const;
  SaBinding* outbound_sa_for_entry(std::size_t slot, std::size_t line);
  void report_ike_sa(PeerSlot& slot, TimePoint now);
  void report_removed(std::uint32_t inbound_spi, std::uint32_t outbound_spi, TimePoint now);

  CryptoOptions options_;
  ike::crypto::RandomSource* random_;
  esp::IvSource* ivs_;
  PacketSink* sink_;
  std::vector<std::unique_ptr<PeerSlot>> slots_;
  OutboundClassifier classifier_;
  SaBindings sas_;
  CryptoCounters counters_;
  NatTraversalCounters nat_t_;
  RekeyTracker rekey_;
  std::vector<TimePoint> nat_keepalive_at_;  // per slot; max() = not armed
  TimePoint expiry_armed_ = TimePoint::max();
  TimePoint last_now_{};
  std::uint32_t next_connection_id_ = 1001;
  std::vector<std::uint8_t> scratch_;
  SaObserver* observer_ = nullptr;
  KeyExportSink* key_export_ = nullptr;
  bool redundancy_active_ = true;
  std::uint64_t standby_drops_ = 0;  // IKE, ESP and TUN packets while not the Active
};

}  // namespace havpnc::crypto
