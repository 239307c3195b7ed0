#include "runtime/sso/record_codec.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <optional>
#include <type_traits>

namespace havpnc::sso {

namespace {

constexpr std::uint8_t kFlagDpdPeerValid = 0x01;
constexpr std::uint8_t kFlagPeerSupportsDpd = 0x02;
constexpr std::uint8_t kFlagNatTraversal = 0x04;
constexpr std::uint8_t kFlagLocalBehindNat = 0x08;
constexpr std::uint8_t kFlagRemoteBehindNat = 0x10;
constexpr std::uint8_t kFlagNatTFloated = 0x20;
constexpr std::uint8_t kKnownIkeFlags = 0x3F;
constexpr std::uint8_t kMaxRfStateNumber = 13;  // rf_state.h: 1 DISABLED .. 13 ACTIVE

class Writer {
 public:
  explicit Writer(std::vector<std::uint8_t>& out) : out_(out) {}
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) {
    u8(static_cast<std::uint8_t>(v >> 8));
    u8(static_cast<std::uint8_t>(v));
  }
  void u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    u16(static_cast<std::uint16_t>(v));
  }
  void u64(std::uint64_t v) {
    u32(static_cast<std::uint32_t>(v >> 32));
    u32(static_cast<std::uint32_t>(v));
  }
  void raw(std::span<const std::uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }
  // u8 length + bytes; false when over `max` (the caller then abandons the record).
  bool short_bytes(std::span<const std::uint8_t> b, std::size_t max) {
    if (b.size() > max) return false;
    u8(static_cast<std::uint8_t>(b.size()));
    raw(b);
    return true;
  }
  std::size_t size() const { return out_.size(); }
  void patch_u32(std::size_t at, std::uint32_t v) {
    out_[at] = static_cast<std::uint8_t>(v >> 24);
    out_[at + 1] = static_cast<std::uint8_t>(v >> 16);
    out_[at + 2] = static_cast<std::uint8_t>(v >> 8);
    out_[at + 3] = static_cast<std::uint8_t>(v);
  }

 private:
  std::vector<std::uint8_t>& out_;
};

// Reads fields until the first error; later reads return zeros so decoders stay linear and
// check `failed()` once at the end.
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> in) : in_(in) {}
  bool failed() const { return error_.has_value(); }
  DecodeError error() const { return *error_; }
  void fail(DecodeError e) {
    if (!error_) error_ = e;
  }
  bool at_end() const { return pos_ == in_.size(); }

  std::span<const std::uint8_t> take(std::size_t n) {
    if (failed()) return {};
    if (in_.size() - pos_ < n) {
      fail(DecodeError::TooShort);
      return {};
    }
    auto s = in_.subspan(pos_, n);
    pos_ += n;
    return s;
  }
  std::uint64_t be(std::size_t n) {
    std::uint64_t v = 0;
    for (std::uint8_t b : take(n)) v = (v << 8) | b;
    return v;
  }
  std::uint8_t u8() { return static_cast<std::uint8_t>(be(1)); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(be(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(be(4)); }
  std::uint64_t u64() { return be(8); }
  bool boolean() {
    std::uint8_t v = u8();
    if (v > 1) fail(DecodeError::BadValue);
    return v == 1;
  }
  std::span<const std::uint8_t> short_bytes(std::size_t max) {
    std::uint8_t n = u8();
    if (n > max) {
      fail(DecodeError::FieldTooLong);
      return {};
    }
    return take(n);
  }

 private:
  std::span<const std::uint8_t> in_;
  std::size_t pos_ = 0;
  std::optional<DecodeError> error_;
};

// --- shared pieces ---------------------------------------------------------------------

void put(Writer& w, const Ipv4Endpoint& e) {
  w.u32(e.address);
  w.u16(e.port);
}
Ipv4Endpoint get_endpoint(Reader& r) {
  Ipv4Endpoint e;
  e.address = r.u32();
  e.port = r.u16();
  return e;
}

void put(Writer& w, const IkeSaKey& k) {
  w.raw(k.initiator);
  w.raw(k.responder);
}
IkeSaKey get_ike_key(Reader& r) {
  IkeSaKey k;
  auto a = r.take(8);
  auto b = r.take(8);
  if (!r.failed()) {
    std::copy(a.begin(), a.end(), k.initiator.begin());
    std::copy(b.begin(), b.end(), k.responder.begin());
  }
  return k;
}

void put(Writer& w, const IpsecSaKey& k) {
  w.u32(k.inbound_spi);
  w.u32(k.outbound_spi);
}
// RFC 4303 §2.1: SPI 0 is never on the wire, so a record naming it is corrupt.
IpsecSaKey get_ipsec_key(Reader& r) {
  IpsecSaKey k;
  k.inbound_spi = r.u32();
  k.outbound_spi = r.u32();
  if (!r.failed() && (k.inbound_spi == 0 || k.outbound_spi == 0)) r.fail(DecodeError::BadValue);
  return k;
}

bool put_secret(Writer& w, const Secret& s) { return w.short_bytes(s.bytes(), kMaxKeyLen); }
Secret get_secret(Reader& r) { return Secret(r.short_bytes(kMaxKeyLen)); }

bool put(Writer& w, const Identity& id) {
  w.u8(id.id_type);
  w.u8(id.protocol);
  w.u16(id.port);
  return w.short_bytes(id.data, kMaxIdentityLen);
}
Identity get_identity(Reader& r) {
  Identity id;
  id.id_type = r.u8();
  id.protocol = r.u8();
  id.port = r.u16();
  auto d = r.short_bytes(kMaxIdentityLen);
  id.data.assign(d.begin(), d.end());
  return id;
}

// --- IKE SA ----------------------------------------------------------------------------

// Ports present exactly when the SA floated / its ESP is in UDP (records.h).
bool nat_t_consistent(const IkeSaRecord& sa) {
  return sa.nat_t_floated ? sa.nat_t_local_port != 0 && sa.nat_t_peer_port != 0
                          : sa.nat_t_local_port == 0 && sa.nat_t_peer_port == 0;
}
bool encap_consistent(const IpsecSaRecord& sa) {
  return udp_encapsulated(sa.encapsulation) ? sa.encap_local_port != 0 && sa.encap_remote_port != 0
                                            : sa.encap_local_port == 0 && sa.encap_remote_port == 0;
}

bool put(Writer& w, const IkeSaRecord& sa) {
  if (sa.role > 1 || sa.message_ids.size() > kMaxMessageIds || !nat_t_consistent(sa)) return false;
  put(w, sa.key);
  w.u8(sa.role);
  put(w, sa.local);
  put(w, sa.remote);
  w.u16(sa.encryption);
  w.u16(sa.key_bits);
  w.u16(sa.hash);
  w.u16(sa.dh_group);
  w.u16(sa.authentication);
  w.u32(sa.lifetime_seconds);
  w.u64(sa.age_ms);
  if (!put_secret(w, sa.skeyid_d) || !put_secret(w, sa.skeyid_a) ||
      !put_secret(w, sa.skeyid_e) || !put_secret(w, sa.encryption_key))
    return false;
  if (!w.short_bytes(sa.phase1_iv, kMaxIvLen)) return false;
  w.u8(static_cast<std::uint8_t>(sa.message_ids.size()));
  for (std::uint32_t id : sa.message_ids) w.u32(id);
  w.u32(sa.dpd_next_sequence);
  w.u32(sa.dpd_peer_sequence);
  std::uint8_t flags = 0;
  if (sa.dpd_peer_sequence_valid) flags |= kFlagDpdPeerValid;
  if (sa.peer_supports_dpd) flags |= kFlagPeerSupportsDpd;
  if (sa.nat_traversal) flags |= kFlagNatTraversal;
  if (sa.local_behind_nat) flags |= kFlagLocalBehindNat;
  if (sa.remote_behind_nat) flags |= kFlagRemoteBehindNat;
  if (sa.nat_t_floated) flags |= kFlagNatTFloated;
  w.u8(flags);
  w.u16(sa.nat_t_local_port);
  w.u16(sa.nat_t_peer_port);
  return put(w, sa.local_id) && put(w, sa.peer_id);
}

IkeSaRecord get_ike_sa(Reader& r) {
  IkeSaRecord sa;
  sa.key = get_ike_key(r);
  sa.role = r.u8();
  if (sa.role > 1) r.fail(DecodeError::BadValue);
  sa.local = get_endpoint(r);
  sa.remote = get_endpoint(r);
  sa.encryption = r.u16();
  sa.key_bits = r.u16();
  sa.hash = r.u16();
  sa.dh_group = r.u16();
  sa.authentication = r.u16();
  sa.lifetime_seconds = r.u32();
  sa.age_ms = r.u64();
  sa.skeyid_d = get_secret(r);
  sa.skeyid_a = get_secret(r);
  sa.skeyid_e = get_secret(r);
  sa.encryption_key = get_secret(r);
  auto iv = r.short_bytes(kMaxIvLen);
  sa.phase1_iv.assign(iv.begin(), iv.end());
  std::uint8_t ids = r.u8();
  if (ids > kMaxMessageIds) r.fail(DecodeError::FieldTooLong);
  for (std::uint8_t i = 0; i < ids && !r.failed(); ++i) sa.message_ids.push_back(r.u32());
  sa.dpd_next_sequence = r.u32();
  sa.dpd_peer_sequence = r.u32();
  std::uint8_t flags = r.u8();
  if (flags & ~kKnownIkeFlags) r.fail(DecodeError::BadValue);
  sa.dpd_peer_sequence_valid = flags & kFlagDpdPeerValid;
  sa.peer_supports_dpd = flags & kFlagPeerSupportsDpd;
  sa.nat_traversal = flags & kFlagNatTraversal;
  sa.local_behind_nat = flags & kFlagLocalBehindNat;
  sa.remote_behind_nat = flags & kFlagRemoteBehindNat;
  sa.nat_t_floated = flags & kFlagNatTFloated;
  sa.nat_t_local_port = r.u16();
  sa.nat_t_peer_port = r.u16();
  if (!r.failed() && !nat_t_consistent(sa)) r.fail(DecodeError::BadValue);
  sa.local_id = get_identity(r);
  sa.peer_id = get_identity(r);
  return sa;
}

// --- IPsec SA --------------------------------------------------------------------------

bool put(Writer& w, const IpsecSaRecord& sa) {
  if (sa.key.inbound_spi == 0 || sa.key.outbound_spi == 0 || !encap_consistent(sa)) return false;
  put(w, sa.key);
  put(w, sa.parent);
  w.u8(sa.esp_transform_id);
  w.u16(sa.key_bits);
  w.u16(sa.integrity);
  w.u16(sa.encapsulation);
  w.u16(sa.encap_local_port);
  w.u16(sa.encap_remote_port);
  w.u16(sa.pfs_group);
  put(w, sa.local);
  put(w, sa.remote);
  const Selector& s = sa.selector;
  w.u32(s.local_address);
  w.u32(s.local_mask);
  w.u32(s.remote_address);
  w.u32(s.remote_mask);
  w.u8(s.protocol);
  w.u16(s.local_port);
  w.u16(s.remote_port);
  if (!put_secret(w, sa.inbound_cipher_key) || !put_secret(w, sa.inbound_integrity_key) ||
      !put_secret(w, sa.outbound_cipher_key) || !put_secret(w, sa.outbound_integrity_key))
    return false;
  w.u32(sa.replay_window);
  w.u32(sa.lifetime_seconds);
  w.u64(sa.lifetime_kilobytes);
  w.u64(sa.age_ms);
  w.u64(sa.outbound_next_sequence);
  w.u32(sa.inbound_highest_sequence);
  w.u64(sa.inbound_bytes);
  w.u64(sa.outbound_bytes);
  w.u64(sa.inbound_packets);
  w.u64(sa.outbound_packets);
  return true;
}

IpsecSaRecord get_ipsec_sa(Reader& r) {
  IpsecSaRecord sa;
  sa.key = get_ipsec_key(r);
  sa.parent = get_ike_key(r);
  sa.esp_transform_id = r.u8();
  sa.key_bits = r.u16();
  sa.integrity = r.u16();
  sa.encapsulation = r.u16();
  sa.encap_local_port = r.u16();
  sa.encap_remote_port = r.u16();
  if (!r.failed() && !encap_consistent(sa)) r.fail(DecodeError::BadValue);
  sa.pfs_group = r.u16();
  sa.local = get_endpoint(r);
  sa.remote = get_endpoint(r);
  Selector& s = sa.selector;
  s.local_address = r.u32();
  s.local_mask = r.u32();
  s.remote_address = r.u32();
  s.remote_mask = r.u32();
  s.protocol = r.u8();
  s.local_port = r.u16();
  s.remote_port = r.u16();
  sa.inbound_cipher_key = get_secret(r);
  sa.inbound_integrity_key = get_secret(r);
  sa.outbound_cipher_key = get_secret(r);
  sa.outbound_integrity_key = get_secret(r);
  sa.replay_window = r.u32();
  sa.lifetime_seconds = r.u32();
  sa.lifetime_kilobytes = r.u64();
  sa.age_ms = r.u64();
  sa.outbound_next_sequence = r.u64();
  sa.inbound_highest_sequence = r.u32();
  sa.inbound_bytes = r.u64();
  sa.outbound_bytes = r.u64();
  sa.inbound_packets = r.u64();
  sa.outbound_packets = r.u64();
  return sa;
}

// --- bodies ----------------------------------------------------------------------------

bool put_body(Writer& w, const RecordBody& body) {
  return std::visit(
      [&w](const auto& b) -> bool {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, IkeSaAdd> || std::is_same_v<T, IkeSaUpdate>) {
          return put(w, b.sa);
        } else if constexpr (std::is_same_v<T, IkeSaDelete>) {
          put(w, b.key);
          return true;
        } else if constexpr (std::is_same_v<T, IpsecSaAdd>) {
          return put(w, b.sa);
        } else if constexpr (std::is_same_v<T, IpsecSaDelete>) {
          if (b.key.inbound_spi == 0 || b.key.outbound_spi == 0) return false;
          put(w, b.key);
          return true;
        } else if constexpr (std::is_same_v<T, SequenceCheckpoint>) {
          if (b.key.inbound_spi == 0 || b.key.outbound_spi == 0) return false;
          put(w, b.key);
          w.u64(b.outbound_next_sequence);
          w.u32(b.inbound_highest_sequence);
          w.u64(b.inbound_bytes);
          w.u64(b.outbound_bytes);
          return true;
        } else if constexpr (std::is_same_v<T, BulkSyncStart> || std::is_same_v<T, BulkSyncEnd>) {
          w.u32(b.generation);
          w.u32(b.ike_sa_count);
          w.u32(b.ipsec_sa_count);
          return true;
        } else {
          static_assert(std::is_same_v<T, PeerStatus>);
          if (b.rf_state == 0 || b.rf_state > kMaxRfStateNumber) return false;
          w.u8(b.rf_state);
          return true;
        }
      },
      body);
}

template <typename Bulk>
Bulk get_bulk(Reader& r) {
  Bulk b;
  b.generation = r.u32();
  b.ike_sa_count = r.u32();
  b.ipsec_sa_count = r.u32();
  return b;
}

RecordBody get_body(Reader& r, RecordType type) {
  switch (type) {
    case RecordType::IkeSaAdd: return IkeSaAdd{get_ike_sa(r)};
    case RecordType::IkeSaUpdate: return IkeSaUpdate{get_ike_sa(r)};
    case RecordType::IkeSaDelete: return IkeSaDelete{get_ike_key(r)};
    case RecordType::IpsecSaAdd: return IpsecSaAdd{get_ipsec_sa(r)};
    case RecordType::IpsecSaDelete: return IpsecSaDelete{get_ipsec_key(r)};
    case RecordType::SequenceCheckpoint: {
      SequenceCheckpoint c;
      c.key = get_ipsec_key(r);
      c.outbound_next_sequence = r.u64();
      c.inbound_highest_sequence = r.u32();
      c.inbound_bytes = r.u64();
      c.outbound_bytes = r.u64();
      return c;
    }
    case RecordType::BulkSyncStart: return get_bulk<BulkSyncStart>(r);
    case RecordType::BulkSyncEnd: return get_bulk<BulkSyncEnd>(r);
    case RecordType::PeerStatus: {
      PeerStatus p;
      p.rf_state = r.u8();
      if (!r.failed() && (p.rf_state == 0 || p.rf_state > kMaxRfStateNumber))
        r.fail(DecodeError::BadValue);
      return p;
    }
  }
  r.fail(DecodeError::UnknownType);
  return PeerStatus{};
}

bool known_type(std::uint8_t t) {
  return t >= static_cast<std::uint8_t>(RecordType::IkeSaAdd) &&
         t <= static_cast<std::uint8_t>(RecordType::PeerStatus);
}

bool secrets_equal(const Secret& a, const Secret& b) { return a == b; }

}  // namespace

RecordType type_of(const RecordBody& body) {
  return static_cast<RecordType>(body.index() + 1);
}

const char* to_string(RecordType t) {
  switch (t) {
    case RecordType::IkeSaAdd: return "ike-sa-add";
    case RecordType::IkeSaUpdate: return "ike-sa-update";
    case RecordType::IkeSaDelete: return "ike-sa-delete";
    case RecordType::IpsecSaAdd: return "ipsec-sa-add";
    case RecordType::IpsecSaDelete: return "ipsec-sa-delete";
    case RecordType::SequenceCheckpoint: return "sequence-checkpoint";
    case RecordType::BulkSyncStart: return "bulk-sync-start";
    case RecordType::BulkSyncEnd: return "bulk-sync-end";
    case RecordType::PeerStatus: return "peer-status";
  }
  return "unknown";
}

const char* to_string(DecodeError e) {
  switch (e) {
    case DecodeError::TooShort: return "too-short";
    case DecodeError::BadMagic: return "bad-magic";
    case DecodeError::UnsupportedVersion: return "unsupported-version";
    case DecodeError::UnknownType: return "unknown-type";
    case DecodeError::LengthMismatch: return "length-mismatch";
    case DecodeError::BodyTooLong: return "body-too-long";
    case DecodeError::FieldTooLong: return "field-too-long";
    case DecodeError::BadValue: return "bad-value";
    case DecodeError::TrailingBytes: return "trailing-bytes";
  }
  return "unknown";
}

std::uint64_t DecodeCounters::errors() const {
  std::uint64_t n = 0;
  for (auto c : by_error) n += c;
  return n;
}

bool encode(const Record& record, std::vector<std::uint8_t>& out) {
  const std::size_t start = out.size();
  Writer w(out);
  w.u16(kRecordMagic);
  w.u8(kRecordVersion);
  w.u8(static_cast<std::uint8_t>(type_of(record.body)));
  const std::size_t length_at = w.size();
  w.u32(0);
  w.u64(record.sequence);
  const std::size_t body_at = w.size();
  const bool ok = put_body(w, record.body);
  const std::size_t body_len = w.size() - body_at;
  if (!ok || body_len > kMaxRecordBodyLen) {
    OPENSSL_cleanse(out.data() + start, out.size() - start);
    out.resize(start);
    return false;
  }
  w.patch_u32(length_at, static_cast<std::uint32_t>(body_len));
  return true;
}

std::vector<std::uint8_t> encode(const Record& record) {
  std::vector<std::uint8_t> out;
  encode(record, out);
  return out;
}

DecodeResult decode(std::span<const std::uint8_t> message) {
  if (message.size() < kRecordHeaderLen) return {DecodeError::TooShort};
  Reader h(message.first(kRecordHeaderLen));
  if (h.u16() != kRecordMagic) return {DecodeError::BadMagic};
  if (h.u8() != kRecordVersion) return {DecodeError::UnsupportedVersion};
  const std::uint8_t type = h.u8();
  if (!known_type(type)) return {DecodeError::UnknownType};
  const std::uint32_t length = h.u32();
  if (length > kMaxRecordBodyLen) return {DecodeError::BodyTooLong};
  if (length != message.size() - kRecordHeaderLen) return {DecodeError::LengthMismatch};
  Record record;
  record.sequence = h.u64();
  Reader r(message.subspan(kRecordHeaderLen));
  record.body = get_body(r, static_cast<RecordType>(type));
  if (r.failed()) return {r.error()};
  if (!r.at_end()) return {DecodeError::TrailingBytes};
  return {std::move(record)};
}

DecodeResult decode(std::span<const std::uint8_t> message, DecodeCounters& counters) {
  DecodeResult r = decode(message);
  if (r.ok())
    ++counters.decoded;
  else
    counters.add(r.error());
  return r;
}

void wipe_bytes(std::vector<std::uint8_t>& bytes) {
  if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
  bytes.clear();
}

bool operator==(const IkeSaRecord& a, const IkeSaRecord& b) {
  return a.key == b.key && a.role == b.role && a.local == b.local && a.remote == b.remote &&
         a.encryption == b.encryption && a.key_bits == b.key_bits && a.hash == b.hash &&
         a.dh_group == b.dh_group && a.authentication == b.authentication &&
         a.lifetime_seconds == b.lifetime_seconds && a.age_ms == b.age_ms &&
         secrets_equal(a.skeyid_d, b.skeyid_d) && secrets_equal(a.skeyid_a, b.skeyid_a) &&
         secrets_equal(a.skeyid_e, b.skeyid_e) &&
         secrets_equal(a.encryption_key, b.encryption_key) && a.phase1_iv == b.phase1_iv &&
         a.message_ids == b.message_ids && a.dpd_next_sequence == b.dpd_next_sequence &&
         a.dpd_peer_sequence == b.dpd_peer_sequence &&
         a.dpd_peer_sequence_valid == b.dpd_peer_sequence_valid &&
         a.peer_supports_dpd == b.peer_supports_dpd && a.nat_traversal == b.nat_traversal &&
         a.local_behind_nat == b.local_behind_nat && a.remote_behind_nat == b.remote_behind_nat &&
         a.nat_t_floated == b.nat_t_floated && a.nat_t_local_port == b.nat_t_local_port &&
         a.nat_t_peer_port == b.nat_t_peer_port && a.local_id == b.local_id && a.peer_id == b.peer_id;
}

bool operator==(const IpsecSaRecord& a, const IpsecSaRecord& b) {
  return a.key == b.key && a.parent == b.parent && a.esp_transform_id == b.esp_transform_id &&
         a.key_bits == b.key_bits && a.integrity == b.integrity &&
         a.encapsulation == b.encapsulation && a.encap_local_port == b.encap_local_port &&
         a.encap_remote_port == b.encap_remote_port && a.pfs_group == b.pfs_group &&
         a.local == b.local && a.remote == b.remote && a.selector == b.selector &&
         secrets_equal(a.inbound_cipher_key, b.inbound_cipher_key) &&
         secrets_equal(a.inbound_integrity_key, b.inbound_integrity_key) &&
         secrets_equal(a.outbound_cipher_key, b.outbound_cipher_key) &&
         secrets_equal(a.outbound_integrity_key, b.outbound_integrity_key) &&
         a.replay_window == b.replay_window && a.lifetime_seconds == b.lifetime_seconds &&
         a.lifetime_kilobytes == b.lifetime_kilobytes && a.age_ms == b.age_ms &&
         a.outbound_next_sequence == b.outbound_next_sequence &&
         a.inbound_highest_sequence == b.inbound_highest_sequence &&
         a.inbound_bytes == b.inbound_bytes && a.outbound_bytes == b.outbound_bytes &&
         a.inbound_packets == b.inbound_packets && a.outbound_packets == b.outbound_packets;
}

}  // namespace havpnc::sso
