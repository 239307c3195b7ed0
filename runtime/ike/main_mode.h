#pragma once
// IKEv1 Main Mode with pre-shared keys (RFC 2409 §5, §5.4), after strongSwan's
// sa/ikev1/tasks/main_mode.c: one object per exchange, initiator or responder half fixed at
// creation, a private state enum, build() for the next outgoing message and process() for
// the next incoming one. Sans-IO: bytes in, bytes out, `now` passed in.
//
//   MM1 I->R  HDR, SA, VID(DPD), VID(RFC 3947)
//   MM2 R->I  HDR, SA, VID(DPD), VID(RFC 3947)
//   MM3 I->R  HDR, KE, Ni, NAT-D, NAT-D
//   MM4 R->I  HDR, KE, Nr, NAT-D, NAT-D
//   MM5 I->R  HDR*, IDii, HASH_I [, N(INITIAL-CONTACT)]
//   MM6 R->I  HDR*, IDir, HASH_R
//
// Failure policy: a datagram that does not decode, or arrives out of order, is counted,
// logged and ignored (NeedMore) — it may be spoofed or a retransmission, which the task
// manager answers. A decoded message that makes the exchange impossible (no proposal
// chosen, bad KE/nonce, an error notification, MM5/MM6 that fail decryption or HASH
// verification — a PSK mismatch) fails the task.
#include <memory>
#include <optional>
#include <vector>

#include "runtime/core/secret.h"
#include "runtime/core/time.h"
#include "runtime/ike/counters.h"
#include "runtime/ike/crypto/dh.h"
#include "runtime/ike/crypto/keymat.h"
#include "runtime/ike/crypto/random.h"
#include "runtime/ike/ike_sa.h"
#include "runtime/ike/nat_detection.h"
#include "runtime/ike/proposal.h"
#include "runtime/ike/protection.h"
#include "runtime/ike/task.h"

namespace havpnc::ike {

struct MainModeConfig {
  std::vector<Phase1Policy> policies;  // `crypto isakmp policy` entries, any order
  Secret pre_shared_key;               // `crypto isakmp key K address <remote>`
  Endpoint local;
  Endpoint remote;
  bool send_dpd_vendor_id = true;      // `crypto isakmp keepalive` (RFC 3706 §7)
  bool send_nat_t_vendor_id = true;    // RFC 3947 §3.1
  // Claim a NAT even where there is none (strongSwan `encap = yes`): our own NAT-D hash is
  // replaced by random bytes, so both ends float to 4500 and ESP goes in UDP (RFC 3948).
  bool force_encapsulation = false;
  bool send_initial_contact = false;   // initiator: no other SA with this peer
  std::size_t nonce_size = 20;         // RFC 2409 §5: 8..256 bytes; IOS uses 20
};

class MainMode {
 public:
  static MainMode initiator(MainModeConfig config, crypto::RandomSource& random,
                            IkeCounters& counters);
  static MainMode responder(MainModeConfig config, crypto::RandomSource& random,
                            IkeCounters& counters);

  IkeRole role() const { return role_; }
  const Cookie& initiator_cookie() const { return cky_i_; }
  const Cookie& responder_cookie() const { return cky_r_; }

  // Initiator: MM1, MM3, MM5. Responder: MM2, MM4, MM6 (after the matching process()).
  TaskStep build(TimePoint now);
  // Initiator: MM2, MM4, MM6 (or an error notification). Responder: MM1, MM3, MM5.
  TaskStep process(TimePoint now, ByteView datagram);

  // The established SA once a step returned Done.
  const IkeSa* established() const { return established_ ? &*established_ : nullptr; }
  // RFC 3947 §4: once NAT-D showed a NAT (MM3/MM4 handled), MM5 and everything after it
  // goes from and to port 4500 behind the non-ESP marker.
  bool nat_t_float() const;

 private:
  // Named after the last message handled; each half uses its own subset.
  enum class State {
    Start,
    Mm1Sent, Mm2Received, Mm3Sent, Mm4Received, Mm5Sent,            // initiator
    Mm1Received, Mm2Sent, Mm3Received, Mm4Sent, Mm5Received,        // responder
    Established,
    Failed,
  };

  MainMode(IkeRole role, MainModeConfig config, crypto::RandomSource& random,
           IkeCounters& counters);

  TaskStep build_sa(TimePoint now);
  TaskStep build_ke(TimePoint now);
  TaskStep build_auth(TimePoint now);
  TaskStep process_sa(const RawMessage& raw);
  TaskStep process_ke(const RawMessage& raw);
  TaskStep process_auth(TimePoint now, const RawMessage& raw);

  TaskStep ignore(IkeErrorCode code, std::string text);
  TaskStep fail(IkeErrorCode code, std::string text);
  std::optional<TaskStep> check_header(const Header& h, bool encrypted);
  void note_vendor_ids(const Message& m);
  Bytes own_id_body() const;
  IkeSa make_sa(TimePoint now);
  Header header() const;

  IkeRole role_;
  MainModeConfig config_;
  crypto::RandomSource* random_;
  IkeCounters* counters_;
  State state_ = State::Start;

  Cookie cky_i_{};
  Cookie cky_r_{};
  Bytes sai_b_;  // initiator's SA body as sent/received: HASH_I and HASH_R cover it
  std::optional<Phase1Selection> selection_;  // responder
  Phase1Proposal chosen_;
  bool peer_dpd_ = false;
  bool peer_nat_t_ = false;
  NatDetection nat_;

  std::unique_ptr<crypto::DiffieHellman> dh_;
  Bytes ni_b_, nr_b_, gxi_, gxr_;
  std::optional<Secret> gxy_;  // responder: between MM3 and MM4 only
  std::optional<crypto::Phase1Keys> keys_;
  std::optional<MessageProtection> protection_;
  IdPayload local_id_;
  IdPayload peer_id_;
  bool initial_contact_received_ = false;
  std::optional<IkeSa> established_;
};

}  // namespace havpnc::ike
