#include "runtime/ike/main_mode.h"

#include <openssl/crypto.h>

#include <algorithm>

#include "runtime/ike/vendor_id.h"

namespace havpnc::ike {

namespace {

constexpr std::size_t kMinNonce = 8;    // RFC 2409 §5
constexpr std::size_t kMaxNonce = 256;
constexpr std::uint8_t kProtocolUdp = 17;

bool is_zero(const Cookie& c) {
  return std::all_of(c.begin(), c.end(), [](std::uint8_t b) { return b == 0; });
}

Bytes cookie_pair(const Cookie& i, const Cookie& r) { return concat({i, r}); }

bool constant_time_equal(ByteView a, ByteView b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string notify_name(std::uint16_t type) {
  switch (static_cast<NotifyType>(type)) {
    case NotifyType::NoProposalChosen: return "NO-PROPOSAL-CHOSEN";
    case NotifyType::PayloadMalformed: return "PAYLOAD-MALFORMED";
    case NotifyType::InvalidKeyInformation: return "INVALID-KEY-INFORMATION";
    case NotifyType::InvalidIdInformation: return "INVALID-ID-INFORMATION";
    case NotifyType::InvalidHashInformation: return "INVALID-HASH-INFORMATION";
    case NotifyType::AuthenticationFailed: return "AUTHENTICATION-FAILED";
    case NotifyType::InvalidPayloadType: return "INVALID-PAYLOAD-TYPE";
    default: return "notify type " + std::to_string(type);
  }
}

// RFC 2408 §3.14.1: types below 8192 are errors; status types are informative.
const NotificationPayload* error_notification(const std::vector<Payload>& payloads) {
  for (const auto& p : payloads)
    if (const auto* n = std::get_if<NotificationPayload>(&p.body))
      if (n->type < 8192) return n;
  return nullptr;
}

LogRecord bad_message(const Endpoint& peer) {
  // IOS's wording for undecryptable or unauthenticated main mode messages (PSK mismatch).
  return LogRecord{"CRYPTO", Severity::Warning, "IKMP_BAD_MESSAGE",
                   "IKE message from " + to_string(peer.address) +
                       " failed its sanity check or is malformed"};
}

LogRecord mode_failure(const Endpoint& peer) {
  return LogRecord{"CRYPTO", Severity::Informational, "IKMP_MODE_FAILURE",
                   "Processing of Main mode failed with peer at " + to_string(peer.address)};
}

}  // namespace

MainMode::MainMode(IkeRole role, MainModeConfig config, crypto::RandomSource& random,
                   IkeCounters& counters)
    : role_(role), config_(std::move(config)), random_(&random), counters_(&counters) {
  // IOS identifies itself by address with UDP/500 (RFC 2407 §4.6.2 allows 0/0 or 17/500).
  local_id_ = IdPayload::ipv4(config_.local.address, kProtocolUdp, kIkePort);
}

MainMode MainMode::initiator(MainModeConfig config, crypto::RandomSource& random,
                             IkeCounters& counters) {
  return MainMode(IkeRole::Initiator, std::move(config), random, counters);
}

MainMode MainMode::responder(MainModeConfig config, crypto::RandomSource& random,
                             IkeCounters& counters) {
  return MainMode(IkeRole::Responder, std::move(config), random, counters);
}

Header MainMode::header() const {
  Header h;
  h.initiator_cookie = cky_i_;
  h.responder_cookie = cky_r_;
  h.exchange = ExchangeType::IdentityProtection;
  return h;
}

TaskStep MainMode::ignore(IkeErrorCode code, std::string text) {
  TaskStep step;
  step.status = TaskStatus::NeedMore;
  step.logs.push_back(bad_message(config_.remote));
  step.error = IkeError{code, std::move(text)};
  return step;
}

TaskStep MainMode::fail(IkeErrorCode code, std::string text) {
  state_ = State::Failed;
  counters_->count_failure(code);
  TaskStep step;
  step.status = TaskStatus::Failed;
  if (code == IkeErrorCode::AuthenticationFailed) step.logs.push_back(bad_message(config_.remote));
  step.logs.push_back(mode_failure(config_.remote));
  step.error = IkeError{code, std::move(text)};
  return step;
}

std::optional<TaskStep> MainMode::check_header(const Header& h, bool encrypted) {
  std::string why;
  if (h.exchange != ExchangeType::IdentityProtection) why = "exchange is not main mode";
  else if (h.message_id != 0) why = "main mode message with non-zero message ID";
  else if (h.initiator_cookie != cky_i_) why = "initiator cookie does not match";
  else if (h.responder_cookie != cky_r_) why = "responder cookie does not match";
  else if (h.encrypted() != encrypted)
    why = encrypted ? "message should be encrypted" : "message should not be encrypted";
  if (why.empty()) return std::nullopt;
  ++counters_->unexpected_messages;
  return ignore(IkeErrorCode::UnexpectedMessage, why);
}

// The responder answers MM3 where it came from (500); it floats for MM6, after the
// initiator moved with MM5 (RFC 3947 §4).
bool MainMode::nat_t_float() const {
  if (!config_.send_nat_t_vendor_id || !peer_nat_t_) return false;
  if (!nat_.nat_detected() && !config_.force_encapsulation) return false;
  switch (state_) {
    case State::Mm4Received: case State::Mm5Sent: case State::Mm5Received:
    case State::Established:
      return true;
    default:
      return false;
  }
}

void MainMode::note_vendor_ids(const Message& m) {
  for (const auto* vid : m.find_all<VendorIdPayload>()) {
    auto known = recognise_vendor_id(*vid);
    if (known == KnownVendor::DeadPeerDetection) peer_dpd_ = true;
    if (known == KnownVendor::NatTraversalRfc3947) peer_nat_t_ = true;
  }
}

Bytes MainMode::own_id_body() const { return *encode_payload_body(local_id_); }

TaskStep MainMode::build(TimePoint now) {
  if (role_ == IkeRole::Initiator) {
    switch (state_) {
      case State::Start: return build_sa(now);
      case State::Mm2Received: return build_ke(now);
      case State::Mm4Received: return build_auth(now);
      default: break;
    }
  } else {
    switch (state_) {
      case State::Mm1Received: return build_sa(now);
      case State::Mm3Received: return build_ke(now);
      case State::Mm5Received: return build_auth(now);
      default: break;
    }
  }
  TaskStep step;
  step.status = state_ == State::Failed ? TaskStatus::Failed
                : state_ == State::Established ? TaskStatus::Done
                                               : TaskStatus::NeedMore;
  step.error = IkeError{IkeErrorCode::UnexpectedMessage, "nothing to build in this state"};
  return step;
}

TaskStep MainMode::process(TimePoint now, ByteView datagram) {
  auto raw = decode_header(datagram);
  if (!raw) {
    counters_->count(raw.error());
    return ignore(IkeErrorCode::Malformed, raw.error().describe());
  }
  bool initiator = role_ == IkeRole::Initiator;
  if (initiator && state_ == State::Mm1Sent) return process_sa(*raw);
  if (initiator && state_ == State::Mm3Sent) return process_ke(*raw);
  if (initiator && state_ == State::Mm5Sent) return process_auth(now, *raw);
  if (!initiator && state_ == State::Start) return process_sa(*raw);
  if (!initiator && state_ == State::Mm2Sent) return process_ke(*raw);
  if (!initiator && state_ == State::Mm4Sent) return process_auth(now, *raw);
  ++counters_->unexpected_messages;
  TaskStep step = ignore(IkeErrorCode::UnexpectedMessage, "no main mode message expected now");
  step.status = state_ == State::Failed ? TaskStatus::Failed
                : state_ == State::Established ? TaskStatus::Done
                                               : TaskStatus::NeedMore;
  return step;
}

// --- MM1 / MM2: SA negotiation ---------------------------------------------------------

TaskStep MainMode::build_sa(TimePoint) {
  Message m;
  SaPayload sa;
  if (role_ == IkeRole::Initiator) {
    do random_->fill(cky_i_);
    while (is_zero(cky_i_));
    sa = build_phase1_sa(config_.policies);
    sai_b_ = *encode_payload_body(sa);
  } else {
    sa = phase1_reply_sa(*selection_);
  }
  m.header = header();
  m.payloads.push_back(Payload{std::move(sa), {}});
  if (config_.send_dpd_vendor_id)
    m.payloads.push_back(Payload{vendor_id_payload(KnownVendor::DeadPeerDetection), {}});
  if (config_.send_nat_t_vendor_id)
    m.payloads.push_back(Payload{vendor_id_payload(KnownVendor::NatTraversalRfc3947), {}});
  auto bytes = encode_message(m);
  if (!bytes) return fail(IkeErrorCode::Internal, "cannot encode SA message");
  state_ = role_ == IkeRole::Initiator ? State::Mm1Sent : State::Mm2Sent;
  TaskStep step;
  step.send = std::move(*bytes);
  return step;
}

TaskStep MainMode::process_sa(const RawMessage& raw) {
  const Header& h = raw.header;
  if (role_ == IkeRole::Responder) {
    // MM1 creates the exchange: it is the only message with a zero responder cookie.
    if (is_zero(h.initiator_cookie) || !is_zero(h.responder_cookie)) {
      ++counters_->unexpected_messages;
      return ignore(IkeErrorCode::UnexpectedMessage, "MM1 must carry CKY-I and a zero CKY-R");
    }
    cky_i_ = h.initiator_cookie;
  } else if (h.exchange == ExchangeType::Informational && !h.encrypted() &&
             h.initiator_cookie == cky_i_) {
    // An unprotected error notify in place of MM2 (e.g. NO-PROPOSAL-CHOSEN).
    auto chain = decode_payload_chain(h.next_payload, raw.body, kHeaderSize, ChainEnd::Exact);
    if (!chain) {
      counters_->count(chain.error());
      return ignore(IkeErrorCode::Malformed, chain.error().describe());
    }
    if (const auto* n = error_notification(*chain))
      return fail(IkeErrorCode::PeerNotification, "peer answered MM1 with " + notify_name(n->type));
    ++counters_->unexpected_messages;
    return ignore(IkeErrorCode::UnexpectedMessage, "informational without error notification");
  } else {
    if (is_zero(h.responder_cookie) || h.initiator_cookie != cky_i_) {
      ++counters_->unexpected_messages;
      return ignore(IkeErrorCode::UnexpectedMessage, "MM2 cookies do not match the exchange");
    }
    cky_r_ = h.responder_cookie;
  }
  if (auto bad = check_header(h, false)) {
    if (role_ == IkeRole::Initiator) cky_r_ = Cookie{};
    return *bad;
  }
  auto chain = decode_payload_chain(h.next_payload, raw.body, kHeaderSize, ChainEnd::Exact);
  if (!chain) {
    counters_->count(chain.error());
    if (role_ == IkeRole::Initiator) cky_r_ = Cookie{};
    return ignore(IkeErrorCode::Malformed, chain.error().describe());
  }
  Message m{h, std::move(*chain)};
  const Payload* sa_payload = m.find_payload(PayloadType::SecurityAssociation);
  if (!sa_payload) return fail(IkeErrorCode::MissingPayload, "SA payload missing");
  const auto& sa = std::get<SaPayload>(sa_payload->body);
  note_vendor_ids(m);

  if (role_ == IkeRole::Responder) {
    auto sel = select_phase1(config_.policies, sa);
    if (!sel) {
      do random_->fill(cky_r_);
      while (is_zero(cky_r_));
      // RFC 2408 §5.2: tell the initiator, unprotected, why nothing was accepted.
      Message notify;
      notify.header = header();
      notify.header.exchange = ExchangeType::Informational;
      Bytes mid = random_->bytes(4);
      notify.header.message_id = (std::uint32_t{mid[0]} << 24) | (std::uint32_t{mid[1]} << 16) |
                                 (std::uint32_t{mid[2]} << 8) | mid[3];
      notify.payloads.push_back(Payload{
          NotificationPayload{kDoiIpsec, static_cast<std::uint8_t>(ProtocolId::Isakmp),
                              static_cast<std::uint16_t>(NotifyType::NoProposalChosen),
                              cookie_pair(cky_i_, cky_r_), {}},
          {}});
      TaskStep step = fail(IkeErrorCode::NoProposalChosen,
                           "offer from " + to_string(config_.remote.address) + ": " + sel.error());
      step.send = encode_message(notify);
      return step;
    }
    selection_ = *sel;
    chosen_ = sel->proposal;
    sai_b_ = sa_payload->received_body;  // byte-exact as received (RFC 2409 §5)
    do random_->fill(cky_r_);
    while (is_zero(cky_r_));
    state_ = State::Mm1Received;
  } else {
    auto accepted = accept_phase1_reply(config_.policies, sa);
    if (!accepted) return fail(IkeErrorCode::NoProposalChosen, "MM2: " + accepted.error());
    chosen_ = *accepted;
    state_ = State::Mm2Received;
  }
  return TaskStep{};
}

// --- MM3 / MM4: Diffie-Hellman and nonces ----------------------------------------------

TaskStep MainMode::build_ke(TimePoint) {
  if (!dh_) dh_ = crypto::DiffieHellman::create(chosen_.group);
  Bytes nonce = random_->bytes(config_.nonce_size);
  Message m;
  m.header = header();
  m.payloads.push_back(Payload{KePayload{dh_->public_value()}, {}});
  m.payloads.push_back(Payload{NoncePayload{nonce}, {}});
  if (config_.send_nat_t_vendor_id && peer_nat_t_) {
    auto natd = build_nat_d(chosen_.hash, cky_i_, cky_r_, config_.local, config_.remote);
    // A hash nobody can match: the peer sees our source as translated (forced encapsulation).
    if (config_.force_encapsulation) natd[1].hash = random_->bytes(natd[1].hash.size());
    for (auto& payload : natd) m.payloads.push_back(Payload{std::move(payload), {}});
  }
  auto bytes = encode_message(m);
  if (!bytes) return fail(IkeErrorCode::Internal, "cannot encode KE message");
  TaskStep step;
  if (role_ == IkeRole::Initiator) {
    gxi_ = dh_->public_value();
    ni_b_ = std::move(nonce);
    state_ = State::Mm3Sent;
  } else {
    gxr_ = dh_->public_value();
    nr_b_ = std::move(nonce);
    // The responder has everything for the keys once MM4 is out (RFC 2409 §5).
    crypto::Phase1Inputs in{chosen_.hash, chosen_.cipher, &config_.pre_shared_key,
                            ni_b_, nr_b_, &*gxy_, gxi_, gxr_, cky_i_, cky_r_};
    keys_ = crypto::derive_phase1_keys(in);
    gxy_.reset();  // SKEYID_* now hold everything g^xy is needed for
    protection_.emplace(chosen_.hash, chosen_.cipher, keys_->encryption_key, keys_->initial_iv);
    state_ = State::Mm4Sent;
  }
  step.send = std::move(*bytes);
  return step;
}

TaskStep MainMode::process_ke(const RawMessage& raw) {
  if (auto bad = check_header(raw.header, false)) return *bad;
  auto chain = decode_payload_chain(raw.header.next_payload, raw.body, kHeaderSize, ChainEnd::Exact);
  if (!chain) {
    counters_->count(chain.error());
    return ignore(IkeErrorCode::Malformed, chain.error().describe());
  }
  Message m{raw.header, std::move(*chain)};
  if (const auto* n = error_notification(m.payloads))
    return fail(IkeErrorCode::PeerNotification, "peer sent " + notify_name(n->type));
  const auto* ke = m.find<KePayload>();
  const auto* nonce = m.find<NoncePayload>();
  if (!ke || !nonce) return fail(IkeErrorCode::MissingPayload, "KE or nonce payload missing");
  if (ke->data.size() != crypto::public_value_size(chosen_.group)) {
    return fail(IkeErrorCode::InvalidKeyExchange,
                "KE of " + std::to_string(ke->data.size()) + " bytes for " +
                    crypto::to_string(chosen_.group));
  }
  if (nonce->data.size() < kMinNonce || nonce->data.size() > kMaxNonce)
    return fail(IkeErrorCode::InvalidNonce,
                "nonce of " + std::to_string(nonce->data.size()) + " bytes (8..256 allowed)");
  bool nat_t = config_.send_nat_t_vendor_id && peer_nat_t_;
  if (nat_t) {
    auto natd = m.find_all<NatDPayload>();
    auto detection = evaluate_nat_d(chosen_.hash, cky_i_, cky_r_, config_.local, config_.remote, natd);
    // RFC 3947 §3.2: NAT-T negotiated but no NAT-D means the peer cannot do NAT-T here.
    if (detection) nat_ = *detection;
    else peer_nat_t_ = false;
  }
  if (role_ == IkeRole::Responder) {
    gxi_ = ke->data;
    ni_b_ = nonce->data;
    dh_ = crypto::DiffieHellman::create(chosen_.group);
    // Agree on g^xy now: a bad g^xi must fail before we send MM4.
    auto gxy = dh_->compute_shared_secret(gxi_);
    if (!gxy) return fail(IkeErrorCode::InvalidKeyExchange, "g^xi: " + gxy.error());
    gxy_ = std::move(*gxy);
    state_ = State::Mm3Received;
    return TaskStep{};
  }
  gxr_ = ke->data;
  nr_b_ = nonce->data;
  auto gxy = dh_->compute_shared_secret(gxr_);
  if (!gxy) return fail(IkeErrorCode::InvalidKeyExchange, "g^xr: " + gxy.error());
  crypto::Phase1Inputs in{chosen_.hash, chosen_.cipher, &config_.pre_shared_key,
                          ni_b_, nr_b_, &*gxy, gxi_, gxr_, cky_i_, cky_r_};
  keys_ = crypto::derive_phase1_keys(in);
  protection_.emplace(chosen_.hash, chosen_.cipher, keys_->encryption_key, keys_->initial_iv);
  state_ = State::Mm4Received;
  return TaskStep{};
}

// --- MM5 / MM6: identities and authentication ------------------------------------------

TaskStep MainMode::build_auth(TimePoint now) {
  Bytes id_b = own_id_body();
  Bytes auth = role_ == IkeRole::Initiator
                   ? crypto::hash_i(chosen_.hash, keys_->skeyid, gxi_, gxr_, cky_i_, cky_r_,
                                    sai_b_, id_b)
                   : crypto::hash_r(chosen_.hash, keys_->skeyid, gxi_, gxr_, cky_i_, cky_r_,
                                    sai_b_, id_b);
  Message m;
  m.header = header();
  m.payloads.push_back(Payload{local_id_, {}});
  m.payloads.push_back(Payload{HashPayload{std::move(auth)}, {}});
  if (role_ == IkeRole::Initiator && config_.send_initial_contact) {
    // RFC 2407 §4.6.3.3: protocol ISAKMP, SPI = CKY-I | CKY-R.
    m.payloads.push_back(Payload{
        NotificationPayload{kDoiIpsec, static_cast<std::uint8_t>(ProtocolId::Isakmp),
                            static_cast<std::uint16_t>(NotifyType::InitialContact),
                            cookie_pair(cky_i_, cky_r_), {}},
        {}});
  }
  auto bytes = protection_->seal(m);
  if (!bytes) return fail(IkeErrorCode::Internal, "cannot encode authentication message");
  TaskStep step;
  step.send = std::move(*bytes);
  if (role_ == IkeRole::Initiator) {
    state_ = State::Mm5Sent;
  } else {
    state_ = State::Established;
    established_ = make_sa(now);
    ++counters_->phase1_established;
    step.status = TaskStatus::Done;
  }
  return step;
}

TaskStep MainMode::process_auth(TimePoint now, const RawMessage& raw) {
  if (auto bad = check_header(raw.header, true)) return *bad;
  const char* which = role_ == IkeRole::Responder ? "MM5" : "MM6";
  auto opened = protection_->open(raw);
  if (!opened) {
    // With a wrong key the plaintext is noise; the payload chain almost never parses.
    counters_->count(opened.error());
    return fail(IkeErrorCode::AuthenticationFailed,
                std::string(which) + " from " + to_string(config_.remote.address) +
                    " did not decrypt to a valid payload chain (" + opened.error().describe() +
                    "): pre-shared key mismatch?");
  }
  const Message& m = opened->message;
  const Payload* id = m.find_payload(PayloadType::Identification);
  const auto* hash = m.find<HashPayload>();
  if (!id || !hash) {
    return fail(IkeErrorCode::AuthenticationFailed,
                std::string(which) + " decrypted without ID and HASH: pre-shared key mismatch?");
  }
  Bytes expected =
      role_ == IkeRole::Responder
          ? crypto::hash_i(chosen_.hash, keys_->skeyid, gxi_, gxr_, cky_i_, cky_r_, sai_b_,
                           id->received_body)
          : crypto::hash_r(chosen_.hash, keys_->skeyid, gxi_, gxr_, cky_i_, cky_r_, sai_b_,
                           id->received_body);
  if (!constant_time_equal(expected, hash->data)) {
    return fail(IkeErrorCode::AuthenticationFailed,
                std::string(role_ == IkeRole::Responder ? "HASH_I" : "HASH_R") + " from " +
                    to_string(config_.remote.address) +
                    " does not verify: pre-shared key mismatch");
  }
  protection_->accept(0, opened->last_block);
  peer_id_ = std::get<IdPayload>(id->body);
  for (const auto* n : m.find_all<NotificationPayload>())
    if (n->type == static_cast<std::uint16_t>(NotifyType::InitialContact))
      initial_contact_received_ = true;
  if (role_ == IkeRole::Responder) {
    state_ = State::Mm5Received;
    return TaskStep{};
  }
  state_ = State::Established;
  established_ = make_sa(now);
  ++counters_->phase1_established;
  TaskStep step;
  step.status = TaskStatus::Done;
  return step;
}

IkeSa MainMode::make_sa(TimePoint now) {
  IkeSa sa;
  sa.role = role_;
  sa.initiator_cookie = cky_i_;
  sa.responder_cookie = cky_r_;
  sa.local = config_.local;
  sa.remote = config_.remote;
  sa.cipher = chosen_.cipher;
  sa.hash = chosen_.hash;
  sa.group = chosen_.group;
  sa.authentication = chosen_.authentication;
  sa.lifetime_seconds = chosen_.lifetime_seconds;
  sa.policy_priority = selection_ ? selection_->policy_priority : 0;
  sa.established_at = now;
  sa.skeyid_d = keys_->skeyid_d;
  sa.skeyid_a = keys_->skeyid_a;
  sa.skeyid_e = keys_->skeyid_e;
  sa.encryption_key = keys_->encryption_key;
  sa.phase1_iv = protection_->ivs().phase1_iv();
  sa.local_id = local_id_;
  sa.peer_id = peer_id_;
  sa.peer_supports_dpd = peer_dpd_;
  sa.nat_traversal = config_.send_nat_t_vendor_id && peer_nat_t_;
  sa.local_behind_nat = nat_.local_behind_nat || (sa.nat_traversal && config_.force_encapsulation);
  sa.remote_behind_nat = nat_.remote_behind_nat;
  sa.initial_contact_received = initial_contact_received_;
  return sa;
}

}  // namespace havpnc::ike
