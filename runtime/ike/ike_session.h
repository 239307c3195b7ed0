#pragma once
// One IKE peer (`crypto map ... set peer X` + `crypto isakmp key K address X`): the task
// manager that owns main mode, the quick modes, informational exchanges and DPD for it,
// after strongSwan's task_manager_v1.c. Sans-IO: datagrams, timers and traffic notes in,
// actions out — send a datagram, install or remove an IPsec SA, log, arm the timer.
//
// Routing: main mode by cookies (message ID 0), quick mode by M-ID, informational by
// exchange type; anything else is counted and dropped. Every message that waits for an
// answer is retransmitted (retransmit.h); every request we answered is remembered with
// our answer, so a duplicate gets the same bytes again without being processed.
//
// The initiator starts quick mode as soon as main mode completes (the seed's crypto map
// brings up one tunnel), or the quick modes asked for per ACL line meanwhile; more quick
// modes (another line, rekey) start with initiate_quick_mode().
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "runtime/core/log_record.h"
#include "runtime/ike/child_sa.h"
#include "runtime/ike/dpd.h"
#include "runtime/ike/main_mode.h"
#include "runtime/ike/quick_mode.h"
#include "runtime/ike/retransmit.h"

namespace havpnc::ike {

struct SessionConfig {
  MainModeConfig main_mode;      // policies, PSK, endpoints
  Phase2Policy phase2;           // the crypto map entry
  std::optional<DpdConfig> dpd;  // `crypto isakmp keepalive S R [periodic]`
  RetransmitPolicy retransmit;
  std::size_t nonce_size = 20;
};

struct SendDatagram {
  Endpoint to;
  Bytes bytes;
};
struct InstallChildSa {
  ChildSa sa;
};
struct RemoveChildSa {
  std::uint32_t inbound_spi = 0;
  std::uint32_t outbound_spi = 0;
};
struct IkeSaDeleted {
  Cookie initiator_cookie{};
  Cookie responder_cookie{};
};
struct ArmTimer {
  TimePoint at;  // call timer() then; replaces any earlier request
};
using SessionAction =
    std::variant<SendDatagram, InstallChildSa, RemoveChildSa, IkeSaDeleted, LogRecord, ArmTimer>;
using Actions = std::vector<SessionAction>;

class IkeSession {
 public:
  static IkeSession initiator(SessionConfig config, crypto::RandomSource& random,
                              IkeCounters& counters);
  static IkeSession responder(SessionConfig config, crypto::RandomSource& random,
                              IkeCounters& counters);
  // SSO takeover (issue 7): a session around an ISAKMP SA replicated from the old active, as
  // if its main mode had just completed here (same keys, same phase-1 IV, so the peer's next
  // informational or quick mode decrypts), without starting a quick mode. DPD continues from
  // `dpd_next_sequence`, which the takeover plan already skipped ahead (RFC 3706 §7).
  static IkeSession adopt(IkeRole role, SessionConfig config, const IkeSa& sa,
                          std::uint32_t dpd_next_sequence, crypto::RandomSource& random,
                          IkeCounters& counters, TimePoint now);
  // What a replicated ISAKMP SA carries beside ike::IkeSa: the peer's last accepted
  // R-U-THERE number (RFC 3706 §7) and, once IKE floated, the peer's NAT-T port as the old
  // active last heard it authenticated (RFC 3947 §4: a NAT may have rewritten 4500), so the
  // first DPD answer and ESP in UDP reach the NAT's mapping.
  struct AdoptedState {
    std::uint32_t dpd_next_sequence = 0;
    std::optional<std::uint32_t> dpd_peer_sequence;
    std::optional<std::uint16_t> nat_t_peer_port;
  };
  static IkeSession adopt(IkeRole role, SessionConfig config, const IkeSa& sa,
                          const AdoptedState& state, crypto::RandomSource& random,
                          IkeCounters& counters, TimePoint now);
  IkeSession(IkeSession&&) = default;

  Actions start(TimePoint now);  // initiator: MM1
  Actions receive(TimePoint now, ByteView datagram);
  // A datagram that came to UDP 4500 from `nat_t_source_port`. RFC 3947 §5 / RFC 3948 §2:
  // only a message that authenticates (MM5/MM6, quick mode or informational whose HASH
  // verifies) may move where we answer; anything else leaves the port alone, so a spoofed
  // datagram from the peer's address cannot redirect the tunnel. Before any port is known
  // (MM1..MM4, nothing to protect yet) a message that is accepted sets it.
  Actions receive(TimePoint now, ByteView datagram, std::uint16_t nat_t_source_port);
  Actions timer(TimePoint now);
  Actions initiate_quick_mode(TimePoint now);
  // A quick mode for one permit line of the crypto ACL (IOS negotiates one SA pair per
  // line). Before the ISAKMP SA exists the request waits and starts when main mode is done,
  // in place of the initiator's default quick mode for `phase2.selector`.
  Actions initiate_quick_mode(TimePoint now, const TrafficSelector& proxies);
  // `clear crypto sa spi`-like: Delete to the peer, then remove locally.
  Actions delete_child_sa(TimePoint now, std::uint32_t inbound_spi);
  // `clear crypto isakmp`: Delete for the ISAKMP SA; IPsec SAs stay until they expire.
  Actions delete_ike_sa(TimePoint now);
  // ESP traffic notes for on-demand DPD.
  void outbound_traffic(TimePoint now);
  void inbound_traffic(TimePoint now);

  const IkeSa* ike_sa() const { return sa_.get(); }
  // RFC 3947 §4: IKE moves to UDP 4500 once NAT-D found a NAT; the responder follows the
  // port the initiator's authenticated 4500 datagrams come from (a NAT may have rewritten
  // it). Callers use this only for traffic that verified (an ESP-in-UDP packet whose ICV
  // checked, RFC 3948 §2); IKE goes through receive(now, datagram, port).
  void heard_on_nat_t_port(std::uint16_t peer_port) { nat_t_peer_port_ = peer_port; }
  bool nat_t_floated() const;
  Endpoint peer_endpoint() const;  // where IKE (and ESP-in-UDP) goes now
  struct ChildSaRef {
    std::uint32_t inbound_spi;
    std::uint32_t outbound_spi;
    Cookie initiator_cookie;
    Cookie responder_cookie;
  };
  const std::vector<ChildSaRef>& child_sas() const { return children_; }
  // A replicated IPsec SA pair of this ISAKMP SA, so a Delete or a dead peer removes it.
  void adopt_child_sa(std::uint32_t inbound_spi, std::uint32_t outbound_spi);
  const Dpd* dpd() const { return dpd_ ? &*dpd_ : nullptr; }
  TimePoint next_deadline() const;

 private:
  struct Exchange {
    QuickMode task;
    Retransmitter retransmit;
    ReplyCache replies;
    bool finished = false;
  };

  IkeSession(IkeRole role, SessionConfig config, crypto::RandomSource& random,
             IkeCounters& counters);

  void handle_main_mode(TimePoint now, ByteView datagram, const RawMessage& raw, Actions& out);
  void handle_quick_mode(TimePoint now, ByteView datagram, const RawMessage& raw, Actions& out);
  void handle_informational(TimePoint now, ByteView datagram, const RawMessage& raw,
                            Actions& out);
  void phase1_done(TimePoint now, Actions& out);
  void start_quick_mode(TimePoint now, Actions& out);
  void start_quick_mode(TimePoint now, const TrafficSelector& proxies, Actions& out);
  void child_done(const ChildSa& child, Actions& out);
  void finish_exchange(std::uint32_t message_id);
  void send(Bytes bytes, Actions& out);
  void send_informational(std::vector<Payload> payloads, Actions& out);
  void remove_children(bool keep_current_sa, Actions& out);
  void drop_ike_sa(Actions& out);
  void append_logs(const TaskStep& step, Actions& out);
  Actions finish(Actions out) const;
  LogRecord tunnel_status(bool up) const;

  IkeRole role_;
  SessionConfig config_;
  crypto::RandomSource* random_;
  IkeCounters* counters_;

  std::optional<MainMode> main_mode_;
  Retransmitter main_mode_retransmit_;
  ReplyCache main_mode_replies_;

  std::unique_ptr<IkeSa> sa_;  // stable address: quick mode tasks point at it
  std::unique_ptr<MessageProtection> protection_;
  std::map<std::uint32_t, Exchange> quick_modes_;
  std::deque<std::uint32_t> finished_;  // finished exchanges kept to answer duplicates
  std::vector<ChildSaRef> children_;
  std::vector<TrafficSelector> waiting_quick_modes_;  // asked for before phase 1 was done
  std::optional<Dpd> dpd_;
  std::optional<std::uint16_t> nat_t_peer_port_;
  // The 4500 source port of the datagram being handled; committed by authenticated().
  std::optional<std::uint16_t> candidate_port_;
  void authenticated() {
    if (candidate_port_) nat_t_peer_port_ = candidate_port_;
  }
};

}  // namespace havpnc::ike
