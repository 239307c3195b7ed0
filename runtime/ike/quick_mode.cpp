#include "runtime/ike/quick_mode.h"

#include <algorithm>

#include <openssl/crypto.h>

#include "runtime/ike/crypto/keymat.h"
#include "runtime/ike/informational.h"

namespace havpnc::ike {

namespace {

constexpr std::size_t kMinNonce = 8;  // RFC 2409 §5
constexpr std::size_t kMaxNonce = 256;
// RFC 4303 §2.1: SPIs 1..255 are reserved by IANA, 0 is for local use.
constexpr std::uint32_t kMinSpi = 256;

bool constant_time_equal(ByteView a, ByteView b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

LogRecord bad_message(const Endpoint& peer) {
  return LogRecord{"CRYPTO", Severity::Warning, "IKMP_BAD_MESSAGE",
                   "IKE message from " + to_string(peer.address) +
                       " failed its sanity check or is malformed"};
}

LogRecord mode_failure(const Endpoint& peer) {
  return LogRecord{"CRYPTO", Severity::Informational, "IKMP_MODE_FAILURE",
                   "Processing of Quick mode failed with peer at " + to_string(peer.address)};
}

// KEYMAT for one direction, split into the encryption key (first) and the integrity key.
std::pair<Secret, Secret> direction_keys(const IkeSa& sa, const Secret* pfs_gxy,
                                         const IpsecTransform& t, std::uint32_t spi,
                                         ByteView ni_b, ByteView nr_b) {
  std::size_t enc = encryption_key_size(t), integ = integrity_key_size(t);
  Secret keymat = crypto::derive_keymat(sa.hash, sa.skeyid_d, pfs_gxy,
                                        static_cast<std::uint8_t>(ProtocolId::Esp),
                                        spi_bytes(spi), ni_b, nr_b, enc + integ);
  auto all = keymat.bytes();
  return {Secret(all.first(enc)), Secret(all.subspan(enc, integ))};
}

}  // namespace

QuickMode::QuickMode(IkeRole role, const IkeSa& sa, MessageProtection& protection,
                     QuickModeConfig config, std::uint32_t message_id,
                     crypto::RandomSource& random, IkeCounters& counters)
    : role_(role),
      sa_(&sa),
      protection_(&protection),
      config_(std::move(config)),
      message_id_(message_id),
      random_(&random),
      counters_(&counters) {
  // RFC 3947 §5: with a NAT between the peers (or one forcing it), the SA is offered and
  // accepted only as UDP-Encapsulated-Tunnel, whatever the crypto map entry says.
  if (sa.nat_traversal && (sa.local_behind_nat || sa.remote_behind_nat))
    config_.policy.encapsulation = kEncapsulationUdpTunnel;
}

QuickMode QuickMode::initiator(const IkeSa& sa, MessageProtection& protection,
                               QuickModeConfig config, std::uint32_t message_id,
                               crypto::RandomSource& random, IkeCounters& counters) {
  return QuickMode(IkeRole::Initiator, sa, protection, std::move(config), message_id, random,
                   counters);
}

QuickMode QuickMode::responder(const IkeSa& sa, MessageProtection& protection,
                               QuickModeConfig config, std::uint32_t message_id,
                               crypto::RandomSource& random, IkeCounters& counters) {
  return QuickMode(IkeRole::Responder, sa, protection, std::move(config), message_id, random,
                   counters);
}

Header QuickMode::header() const {
  Header h;
  h.initiator_cookie = sa_->initiator_cookie;
  h.responder_cookie = sa_->responder_cookie;
  h.exchange = ExchangeType::QuickMode;
  h.message_id = message_id_;
  return h;
}

std::uint32_t QuickMode::fresh_spi() {
  std::uint32_t spi = 0;
  while (spi < kMinSpi) spi = spi_value(random_->bytes(4));
  return spi;
}

TaskStep QuickMode::ignore(IkeErrorCode code, std::string text) {
  TaskStep step;
  step.status = state_ == State::Failed ? TaskStatus::Failed
                : state_ == State::Done ? TaskStatus::Done
                                        : TaskStatus::NeedMore;
  step.logs.push_back(bad_message(sa_->remote));
  step.error = IkeError{code, std::move(text)};
  return step;
}

TaskStep QuickMode::fail(IkeErrorCode code, std::string text) {
  state_ = State::Failed;
  counters_->count_failure(code);
  protection_->forget(message_id_);
  TaskStep step;
  step.status = TaskStatus::Failed;
  step.logs.push_back(mode_failure(sa_->remote));
  step.error = IkeError{code, std::move(text)};
  return step;
}

TaskStep QuickMode::refuse(NotifyType notify, IkeErrorCode code, std::string text) {
  TaskStep step = fail(code, std::move(text));
  // RFC 2408 §5.5 / IOS: the refusal travels in a protected informational of its own.
  std::vector<Payload> payloads;
  payloads.push_back(Payload{esp_error_notification(notify, peer_spi_), {}});
  step.send = seal_informational(*sa_, *protection_, random_message_id(*random_),
                                 std::move(payloads));
  return step;
}

TaskStep QuickMode::build(TimePoint now) {
  if (role_ == IkeRole::Initiator && state_ == State::Start) return build_qm1();
  if (role_ == IkeRole::Initiator && state_ == State::Qm2Received) return build_qm3(now);
  if (role_ == IkeRole::Responder && state_ == State::Qm1Received) return build_qm2();
  TaskStep step;
  step.status = state_ == State::Failed ? TaskStatus::Failed
                : state_ == State::Done ? TaskStatus::Done
                                        : TaskStatus::NeedMore;
  step.error = IkeError{IkeErrorCode::UnexpectedMessage, "nothing to build in this state"};
  return step;
}

TaskStep QuickMode::process(TimePoint now, ByteView datagram) {
  auto raw = decode_header(datagram);
  if (!raw) {
    counters_->count(raw.error());
    return ignore(IkeErrorCode::Malformed, raw.error().describe());
  }
  const Header& h = raw->header;
  std::string why;
  if (h.exchange != ExchangeType::QuickMode) why = "exchange is not quick mode";
  else if (h.message_id != message_id_) why = "message ID does not match the exchange";
  else if (h.initiator_cookie != sa_->initiator_cookie ||
           h.responder_cookie != sa_->responder_cookie)
    why = "cookies do not match the ISAKMP SA";
  else if (!h.encrypted()) why = "quick mode message not encrypted";
  bool expected = (role_ == IkeRole::Initiator && state_ == State::Qm1Sent) ||
                  (role_ == IkeRole::Responder &&
                   (state_ == State::Start || state_ == State::Qm2Sent));
  if (why.empty() && !expected) why = "no quick mode message expected now";
  if (!why.empty()) {
    ++counters_->unexpected_messages;
    return ignore(IkeErrorCode::UnexpectedMessage, why);
  }
  auto opened = protection_->open(*raw);
  if (!opened) {
    counters_->count(opened.error());
    return ignore(IkeErrorCode::Malformed, opened.error().describe());
  }
  if (opened->message.payloads.empty() ||
      !std::holds_alternative<HashPayload>(opened->message.payloads[0].body)) {
    ++counters_->unexpected_messages;
    return ignore(IkeErrorCode::MissingPayload, "quick mode message without HASH first");
  }
  if (role_ == IkeRole::Initiator) return process_qm2(*opened);
  if (state_ == State::Start) return process_qm1(*opened);
  return process_qm3(now, *opened);
}

TaskStep QuickMode::peer_refused(std::uint16_t notify_type) {
  if (state_ == State::Done || state_ == State::Failed) return build(TimePoint{});
  return fail(IkeErrorCode::PeerNotification, "peer refused quick mode: " + notify_name(notify_type));
}

// --- QM1 -------------------------------------------------------------------------------

TaskStep QuickMode::build_qm1() {
  const Phase2Policy& pol = config_.policy;
  if (pol.transform_sets.empty()) return fail(IkeErrorCode::Internal, "no transform set");
  spi_ = fresh_spi();
  ni_b_ = random_->bytes(config_.nonce_size);
  selector_ = pol.selector;
  idci_ = to_id(pol.selector.local, pol.selector.protocol, pol.selector.local_port);
  idcr_ = to_id(pol.selector.remote, pol.selector.protocol, pol.selector.remote_port);
  std::vector<Payload> after;
  after.push_back(Payload{build_phase2_sa(pol, spi_), {}});
  after.push_back(Payload{NoncePayload{ni_b_}, {}});
  if (pol.pfs) {
    dh_ = crypto::DiffieHellman::create(*pol.pfs);
    if (!dh_) return fail(IkeErrorCode::Internal, "PFS group not supported");
    after.push_back(Payload{KePayload{dh_->public_value()}, {}});
  }
  after.push_back(Payload{idci_, {}});
  after.push_back(Payload{idcr_, {}});
  auto bytes = seal(std::move(after), {});
  if (!bytes) return fail(IkeErrorCode::Internal, "cannot encode QM1");
  state_ = State::Qm1Sent;
  TaskStep step;
  step.send = std::move(*bytes);
  return step;
}

std::optional<Bytes> QuickMode::seal(std::vector<Payload> after_hash, ByteView ni_b) {
  auto after = encode_payload_chain(after_hash);
  if (!after) return std::nullopt;
  Bytes hash = ni_b.empty()
                   ? crypto::quick_mode_hash1(sa_->hash, sa_->skeyid_a, message_id_, *after)
                   : crypto::quick_mode_hash2(sa_->hash, sa_->skeyid_a, message_id_, ni_b, *after);
  Message m;
  m.header = header();
  m.payloads.push_back(Payload{HashPayload{std::move(hash)}, {}});
  for (auto& p : after_hash) m.payloads.push_back(std::move(p));
  return protection_->seal(m);
}

TaskStep QuickMode::process_qm1(const MessageProtection::Opened& opened) {
  const Message& m = opened.message;
  const auto& hash = std::get<HashPayload>(m.payloads[0].body);
  Bytes expected =
      crypto::quick_mode_hash1(sa_->hash, sa_->skeyid_a, message_id_, payloads_after_first(opened));
  if (!constant_time_equal(expected, hash.data)) {
    // Nothing is kept: a forged QM1 must not create state (the session drops the task).
    TaskStep step = fail(IkeErrorCode::AuthenticationFailed, "QM1 HASH(1) does not verify");
    step.logs.insert(step.logs.begin(), bad_message(sa_->remote));
    return step;
  }
  protection_->accept(message_id_, opened.last_block);
  const auto* sa = m.find<SaPayload>();
  const auto* nonce = m.find<NoncePayload>();
  if (!sa || !nonce) return fail(IkeErrorCode::MissingPayload, "QM1 without SA or nonce");
  if (nonce->data.size() < kMinNonce || nonce->data.size() > kMaxNonce)
    return fail(IkeErrorCode::InvalidNonce, "QM1 nonce of " + std::to_string(nonce->data.size()) +
                                                " bytes (8..256 allowed)");
  ni_b_ = nonce->data;
  for (const auto& p : sa->proposals)
    if (p.protocol == static_cast<std::uint8_t>(ProtocolId::Esp)) {
      peer_spi_ = spi_value(p.spi);
      break;
    }

  // Proxy identities: the initiator's local side is our remote side (mirrored ACL).
  auto ids = m.find_all<IdPayload>();
  if (ids.size() != 2)
    return refuse(NotifyType::InvalidIdInformation, IkeErrorCode::MissingPayload,
                  "QM1 must carry IDci and IDcr (got " + std::to_string(ids.size()) + ")");
  auto ci = from_id(*ids[0]);
  auto cr = from_id(*ids[1]);
  // IOS negotiates one SA per permit line: the offer must lie inside one of them (the
  // first that holds it, as the outbound walk would pick it).
  const std::vector<TrafficSelector> single{config_.policy.selector};
  const auto& lines = config_.policy.acl_lines.empty() ? single : config_.policy.acl_lines;
  auto inside = [&](const TrafficSelector& acl) {
    return contains(ProxyIdentity{acl.remote, acl.protocol, acl.remote_port}, *ci) &&
           contains(ProxyIdentity{acl.local, acl.protocol, acl.local_port}, *cr);
  };
  if (!ci || !cr || ci->protocol != cr->protocol ||
      std::none_of(lines.begin(), lines.end(), inside)) {
    std::string offered = ci && cr ? to_string(*ci) + " -> " + to_string(*cr)
                                   : std::string("unsupported ID types");
    std::string acl_text;
    for (const auto& line : lines) acl_text += (acl_text.empty() ? "" : ", ") + to_string(line.mirrored());
    return refuse(NotifyType::InvalidIdInformation, IkeErrorCode::NoProposalChosen,
                  "proxy identities not supported: offered " + offered + ", crypto ACL " +
                      acl_text);
  }
  idci_ = *ids[0];
  idcr_ = *ids[1];
  selector_ = TrafficSelector{cr->subnet, ci->subnet, ci->protocol, cr->port, ci->port};

  auto sel = select_phase2(config_.policy, *sa);
  if (!sel)
    return refuse(NotifyType::NoProposalChosen, IkeErrorCode::NoProposalChosen,
                  "quick mode offer from " + to_string(sa_->remote.address) + ": " + sel.error());
  selection_ = *sel;
  chosen_ = sel->proposal;
  peer_spi_ = sel->peer_spi;
  if (peer_spi_ < kMinSpi)
    return refuse(NotifyType::NoProposalChosen, IkeErrorCode::NoProposalChosen,
                  "offered SPI " + std::to_string(peer_spi_) + " is reserved");

  const auto* ke = m.find<KePayload>();
  if (chosen_.group) {
    if (!ke) return fail(IkeErrorCode::MissingPayload, "PFS agreed but QM1 has no KE");
    dh_ = crypto::DiffieHellman::create(*chosen_.group);
    if (!dh_) return fail(IkeErrorCode::Internal, "PFS group not supported");
    auto gxy = dh_->compute_shared_secret(ke->data);
    if (!gxy) return fail(IkeErrorCode::InvalidKeyExchange, "QM1 KE: " + gxy.error());
    pfs_gxy_ = std::move(*gxy);
  } else if (ke) {
    return fail(IkeErrorCode::InvalidKeyExchange, "QM1 carries KE without a PFS group");
  }
  state_ = State::Qm1Received;
  return TaskStep{};
}

// --- QM2 -------------------------------------------------------------------------------

TaskStep QuickMode::build_qm2() {
  spi_ = fresh_spi();
  nr_b_ = random_->bytes(config_.nonce_size);
  std::vector<Payload> after;
  after.push_back(Payload{phase2_reply_sa(*selection_, spi_), {}});
  after.push_back(Payload{NoncePayload{nr_b_}, {}});
  if (dh_) after.push_back(Payload{KePayload{dh_->public_value()}, {}});
  after.push_back(Payload{idci_, {}});
  after.push_back(Payload{idcr_, {}});
  if (selection_->lifetime_reduced) {
    // IOS: our shorter lifetime wins and the initiator is told (RFC 2407 §4.6.3.1).
    after.push_back(Payload{responder_lifetime_notify(spi_, chosen_.lifetime_seconds,
                                                      chosen_.lifetime_kilobytes),
                            {}});
  }
  auto bytes = seal(std::move(after), ni_b_);
  if (!bytes) return fail(IkeErrorCode::Internal, "cannot encode QM2");
  state_ = State::Qm2Sent;
  TaskStep step;
  step.send = std::move(*bytes);
  return step;
}

TaskStep QuickMode::process_qm2(const MessageProtection::Opened& opened) {
  const Message& m = opened.message;
  const auto& hash = std::get<HashPayload>(m.payloads[0].body);
  Bytes expected = crypto::quick_mode_hash2(sa_->hash, sa_->skeyid_a, message_id_, ni_b_,
                                            payloads_after_first(opened));
  if (!constant_time_equal(expected, hash.data)) {
    // May be forged; the genuine QM2 can still arrive, so the exchange goes on.
    ++counters_->authentication_failures;
    return ignore(IkeErrorCode::AuthenticationFailed, "QM2 HASH(2) does not verify");
  }
  protection_->accept(message_id_, opened.last_block);
  const auto* sa = m.find<SaPayload>();
  const auto* nonce = m.find<NoncePayload>();
  if (!sa || !nonce) return fail(IkeErrorCode::MissingPayload, "QM2 without SA or nonce");
  if (nonce->data.size() < kMinNonce || nonce->data.size() > kMaxNonce)
    return fail(IkeErrorCode::InvalidNonce, "QM2 nonce of " + std::to_string(nonce->data.size()) +
                                                " bytes (8..256 allowed)");
  auto reply = accept_phase2_reply(config_.policy, *sa);
  if (!reply) return fail(IkeErrorCode::NoProposalChosen, "QM2: " + reply.error());
  chosen_ = reply->proposal;
  peer_spi_ = reply->peer_spi;
  if (peer_spi_ < kMinSpi) return fail(IkeErrorCode::NoProposalChosen, "QM2 SPI is reserved");
  nr_b_ = nonce->data;

  auto ids = m.find_all<IdPayload>();
  if (!ids.empty() && (ids.size() != 2 || !(*ids[0] == idci_) || !(*ids[1] == idcr_)))
    return fail(IkeErrorCode::NoProposalChosen, "QM2 proxy identities differ from QM1's");

  const auto* ke = m.find<KePayload>();
  if (chosen_.group) {
    if (!ke) return fail(IkeErrorCode::MissingPayload, "PFS offered but QM2 has no KE");
    auto gxy = dh_->compute_shared_secret(ke->data);
    if (!gxy) return fail(IkeErrorCode::InvalidKeyExchange, "QM2 KE: " + gxy.error());
    pfs_gxy_ = std::move(*gxy);
  } else if (ke) {
    return fail(IkeErrorCode::InvalidKeyExchange, "QM2 carries KE without a PFS group");
  }
  // What we offered is what the SA lives by, unless the responder says it is shorter.
  chosen_.lifetime_seconds = config_.policy.lifetime_seconds;
  chosen_.lifetime_kilobytes = config_.policy.lifetime_kilobytes;
  for (const auto* n : m.find_all<NotificationPayload>()) {
    auto life = parse_responder_lifetime(*n);
    if (!life) continue;
    if (life->seconds && (chosen_.lifetime_seconds == 0 || *life->seconds < chosen_.lifetime_seconds))
      chosen_.lifetime_seconds = *life->seconds;
    if (life->kilobytes &&
        (chosen_.lifetime_kilobytes == 0 || *life->kilobytes < chosen_.lifetime_kilobytes))
      chosen_.lifetime_kilobytes = *life->kilobytes;
  }
  state_ = State::Qm2Received;
  return TaskStep{};
}

// --- QM3 -------------------------------------------------------------------------------

TaskStep QuickMode::build_qm3(TimePoint now) {
  Message m;
  m.header = header();
  m.payloads.push_back(Payload{
      HashPayload{crypto::quick_mode_hash3(sa_->hash, sa_->skeyid_a, message_id_, ni_b_, nr_b_)},
      {}});
  auto bytes = protection_->seal(m);
  if (!bytes) return fail(IkeErrorCode::Internal, "cannot encode QM3");
  protection_->forget(message_id_);
  make_child_sa(now);
  TaskStep step;
  step.status = TaskStatus::Done;
  step.send = std::move(*bytes);
  return step;
}

TaskStep QuickMode::process_qm3(TimePoint now, const MessageProtection::Opened& opened) {
  const auto& hash = std::get<HashPayload>(opened.message.payloads[0].body);
  Bytes expected = crypto::quick_mode_hash3(sa_->hash, sa_->skeyid_a, message_id_, ni_b_, nr_b_);
  if (!constant_time_equal(expected, hash.data)) {
    ++counters_->authentication_failures;
    return ignore(IkeErrorCode::AuthenticationFailed, "QM3 HASH(3) does not verify");
  }
  protection_->forget(message_id_);
  make_child_sa(now);
  TaskStep step;
  step.status = TaskStatus::Done;
  return step;
}

void QuickMode::make_child_sa(TimePoint now) {
  ChildSa c;
  c.role = role_;
  c.message_id = message_id_;
  c.initiator_cookie = sa_->initiator_cookie;
  c.responder_cookie = sa_->responder_cookie;
  c.local = sa_->local;
  c.remote = sa_->remote;
  c.inbound_spi = spi_;
  c.outbound_spi = peer_spi_;
  c.transform = chosen_.transform;
  c.pfs_group = chosen_.group;
  c.encapsulation = chosen_.encapsulation;
  const Secret* gxy = pfs_gxy_ ? &*pfs_gxy_ : nullptr;
  std::tie(c.inbound_encryption_key, c.inbound_integrity_key) =
      direction_keys(*sa_, gxy, chosen_.transform, spi_, ni_b_, nr_b_);
  std::tie(c.outbound_encryption_key, c.outbound_integrity_key) =
      direction_keys(*sa_, gxy, chosen_.transform, peer_spi_, ni_b_, nr_b_);
  c.selector = selector_;
  c.lifetime_seconds = chosen_.lifetime_seconds;
  c.lifetime_kilobytes = chosen_.lifetime_kilobytes;
  c.established_at = now;
  pfs_gxy_.reset();  // KEYMAT holds everything it was needed for
  dh_.reset();
  established_ = std::move(c);
  state_ = State::Done;
}

}  // namespace havpnc::ike
