#pragma once
// IKEv1 Quick Mode (RFC 2409 §5.5), after strongSwan's sa/ikev1/tasks/quick_mode.c: one
// object per exchange (per M-ID), initiator or responder half fixed at creation.
//
//   QM1 I->R  HDR*, HASH(1), SA, Ni [, KE] , IDci, IDcr
//   QM2 R->I  HDR*, HASH(2), SA, Nr [, KE] , IDci, IDcr [, N(RESPONDER-LIFETIME)]
//   QM3 I->R  HDR*, HASH(3)
//
// HASH(1) = prf(SKEYID_a, M-ID | everything after HASH)
// HASH(2) = prf(SKEYID_a, M-ID | Ni_b | everything after HASH)
// HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b)
//
// Protection state (IV chains) belongs to the ISAKMP SA, so the task borrows the session's
// MessageProtection and IkeSa; both must outlive it. Proxy identities come from the crypto
// ACL line (TrafficSelector); the responder requires the offered pair to lie inside one
// of its own permit lines mirrored (IOS: one SA per line), else INVALID-ID-INFORMATION. The commit bit
// (RFC 2408 §3.1) is never set by havpnc and, when a peer sets it, is tolerated: the SA is
// used at once, as strongSwan does, instead of waiting for CONNECTED.
//
// Failure policy as in main mode: undecodable or unauthenticated datagrams are counted and
// ignored (they may be forged, or be retransmissions the session answers); a decoded and
// authenticated message that makes the exchange impossible fails the task, and the
// responder then also sends a protected NO-PROPOSAL-CHOSEN / INVALID-ID-INFORMATION.
#include <memory>
#include <optional>

#include "runtime/core/time.h"
#include "runtime/ike/child_sa.h"
#include "runtime/ike/counters.h"
#include "runtime/ike/crypto/dh.h"
#include "runtime/ike/crypto/random.h"
#include "runtime/ike/ike_sa.h"
#include "runtime/ike/ipsec_proposal.h"
#include "runtime/ike/protection.h"
#include "runtime/ike/task.h"

namespace havpnc::ike {

struct QuickModeConfig {
  Phase2Policy policy;
  std::size_t nonce_size = 20;  // RFC 2409 §5: 8..256; IOS sends 20
};

class QuickMode {
 public:
  // `message_id` must be fresh for this ISAKMP SA (the session picks it).
  static QuickMode initiator(const IkeSa& sa, MessageProtection& protection,
                             QuickModeConfig config, std::uint32_t message_id,
                             crypto::RandomSource& random, IkeCounters& counters);
  // Created by the session for a QM1 with a new M-ID.
  static QuickMode responder(const IkeSa& sa, MessageProtection& protection,
                             QuickModeConfig config, std::uint32_t message_id,
                             crypto::RandomSource& random, IkeCounters& counters);

  IkeRole role() const { return role_; }
  std::uint32_t message_id() const { return message_id_; }
  std::uint32_t inbound_spi() const { return spi_; }

  // Initiator: QM1, QM3. Responder: QM2.
  TaskStep build(TimePoint now);
  // Initiator: QM2. Responder: QM1, QM3.
  TaskStep process(TimePoint now, ByteView datagram);
  // The peer refused our QM1 with an informational error notification.
  TaskStep peer_refused(std::uint16_t notify_type);

  const ChildSa* established() const { return established_ ? &*established_ : nullptr; }

 private:
  enum class State {
    Start,
    Qm1Sent, Qm2Received,   // initiator
    Qm1Received, Qm2Sent,   // responder
    Done,
    Failed,
  };

  QuickMode(IkeRole role, const IkeSa& sa, MessageProtection& protection, QuickModeConfig config,
            std::uint32_t message_id, crypto::RandomSource& random, IkeCounters& counters);

  TaskStep build_qm1();
  TaskStep build_qm2();
  TaskStep build_qm3(TimePoint now);
  TaskStep process_qm1(const MessageProtection::Opened& opened);
  TaskStep process_qm2(const MessageProtection::Opened& opened);
  TaskStep process_qm3(TimePoint now, const MessageProtection::Opened& opened);

  TaskStep ignore(IkeErrorCode code, std::string text);
  TaskStep fail(IkeErrorCode code, std::string text);
  // Responder refusal: fail, and answer with a protected error notification.
  TaskStep refuse(NotifyType notify, IkeErrorCode code, std::string text);
  std::optional<Bytes> seal(std::vector<Payload> after_hash, ByteView hash_prefix_nonce);
  Header header() const;
  std::uint32_t fresh_spi();
  void make_child_sa(TimePoint now);

  IkeRole role_;
  const IkeSa* sa_;
  MessageProtection* protection_;
  QuickModeConfig config_;
  std::uint32_t message_id_;
  crypto::RandomSource* random_;
  IkeCounters* counters_;
  State state_ = State::Start;

  std::uint32_t spi_ = 0;       // our inbound SPI
  std::uint32_t peer_spi_ = 0;  // the peer's inbound SPI (our outbound)
  Phase2Proposal chosen_;
  std::optional<Phase2Selection> selection_;  // responder
  TrafficSelector selector_;                  // this side's view of the agreed proxies
  IdPayload idci_, idcr_;
  Bytes ni_b_, nr_b_;
  std::unique_ptr<crypto::DiffieHellman> dh_;
  std::optional<Secret> pfs_gxy_;
  std::optional<ChildSa> established_;
};

}  // namespace havpnc::ike
