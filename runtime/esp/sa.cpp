#include "runtime/esp/sa.h"

#include <algorithm>
#include <array>

namespace havpnc::esp {

namespace {

// The ESP datagram must fit one IPv4 packet even inside UDP 4500: 65535 - 20 - 8.
constexpr std::size_t kMaxEspLen = 65535 - kIpv4HeaderLen - kUdpHeaderLen;
constexpr std::size_t kTrailerFixed = 2;  // Pad Length + Next Header

void put32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

std::uint32_t get32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

LifetimeEvent worst(LifetimeEvent a, LifetimeEvent b) { return std::max(a, b); }

// RFC 4303 §2.4: padding makes inner|pad|2 a multiple of the cipher block and of 4 bytes.
std::size_t pad_len(std::size_t inner_len, const TransformInfo& ti) {
  const std::size_t align = std::max<std::size_t>(ti.block_len, 4);
  return (align - (inner_len + kTrailerFixed) % align) % align;
}

bool fail(std::string* error, const char* why) {
  if (error != nullptr) *error = why;
  return false;
}

bool valid(const SaParams& p, std::string* error) {
  if (!is_known(p.transform)) return fail(error, "unknown transform");
  const TransformInfo& ti = info(p.transform);
  if (p.spi < 256) return fail(error, "SPI 0..255 is reserved (RFC 4303 section 2.1)");
  if (p.cipher_key.size() != ti.cipher_key_len + ti.salt_len)
    return fail(error, "encryption key length does not match the transform");
  if (p.integrity_key.size() != ti.integrity_key_len)
    return fail(error, "integrity key length does not match the transform");
  if (!ReplayWindow::valid_size(p.replay_window))
    return fail(error, "replay window must be 0 (disabled) or a multiple of 64 up to 65536");
  if (!p.lifetime.valid()) return fail(error, "lifetime soft percentage must be 1..100 and seconds >= 0");
  return true;
}

}  // namespace

std::unique_ptr<EspSa> EspSa::create(SaParams params, TimePoint now, std::string* error) {
  if (!valid(params, error)) return nullptr;
  auto crypto = SaCrypto::create(params.transform, params.cipher_key.bytes(), params.integrity_key.bytes(),
                                 params.direction == Direction::Outbound);
  if (crypto == nullptr) {
    fail(error, "OpenSSL could not key the transform");
    return nullptr;
  }
  return std::unique_ptr<EspSa>(new EspSa(params, now, std::move(crypto)));
}

EspSa::EspSa(const SaParams& p, TimePoint now, std::unique_ptr<SaCrypto> crypto)
    : spi_(p.spi),
      direction_(p.direction),
      transform_(p.transform),
      info_(info(p.transform)),
      tunnel_source_(p.tunnel_source),
      tunnel_destination_(p.tunnel_destination),
      crypto_(std::move(crypto)),
      replay_(p.replay_window),
      lifetime_(p.lifetime, now) {}

std::size_t EspSa::encapsulated_size(std::size_t inner_len) const {
  return kEspHeaderLen + info_.iv_len + inner_len + pad_len(inner_len, info_) + kTrailerFixed + info_.icv_len;
}

bool EspSa::resume_outbound_at(std::uint64_t next) {
  if (next == 0 || next > kMaxSequence + 1) return false;
  next_seq_ = next;
  return true;
}

EncapResult EspSa::encapsulate(std::span<const std::uint8_t> inner, TimePoint now, IvSource& ivs,
                               std::span<std::uint8_t> out) {
  EncapResult r;
  auto refuse = [&](EncapStatus s) {
    ++counters_.encapsulate_refused;
    r.status = s;
    return r;
  };
  if (direction_ != Direction::Outbound) return refuse(EncapStatus::BadInput);
  r.lifetime = lifetime_.poll(now);
  if (lifetime_.hard_expired()) return refuse(EncapStatus::LifetimeExpired);
  // RFC 4303 §3.3.3: with ESN off the sender must not cycle; the SA has to be rekeyed.
  if (next_seq_ > kMaxSequence) return refuse(EncapStatus::SequenceExhausted);
  if (inner.size() > kMaxEspLen) return refuse(EncapStatus::BadInput);
  const std::size_t total = encapsulated_size(inner.size());
  if (total > kMaxEspLen) return refuse(EncapStatus::BadInput);
  if (out.size() < total) return refuse(EncapStatus::BufferTooSmall);

  const auto seq = static_cast<std::uint32_t>(next_seq_);
  std::uint8_t* p = out.data();
  put32(p, spi_);
  put32(p + 4, seq);
  std::span<std::uint8_t> iv(p + kEspHeaderLen, info_.iv_len);
  if (info_.aead) {
    // RFC 4106 §3.1: the IV must never repeat under one key. The sequence number never repeats
    // (the sender does not cycle, and SSO resumes beyond the checkpoint), so it is the IV.
    put32(iv.data(), 0);
    put32(iv.data() + 4, seq);
  } else if (!ivs.fill(iv)) {
    return refuse(EncapStatus::RngFailure);
  }

  // RFC 4303 §2.4: default padding bytes are 1, 2, 3, ...; Next Header 4 = IPv4 (tunnel mode).
  std::array<std::uint8_t, 16 + kTrailerFixed> trailer{};
  const std::size_t pad = pad_len(inner.size(), info_);
  for (std::size_t i = 0; i < pad; ++i) trailer[i] = static_cast<std::uint8_t>(i + 1);
  trailer[pad] = static_cast<std::uint8_t>(pad);
  trailer[pad + 1] = kNextHeaderIpv4;
  if (!crypto_->seal(out.first(total), inner, std::span<const std::uint8_t>(trailer.data(), pad + kTrailerFixed))) {
    return refuse(EncapStatus::CryptoFailure);
  }

  ++next_seq_;
  ++counters_.packets_encrypted;
  counters_.bytes_encrypted += inner.size();
  r.lifetime = worst(r.lifetime, lifetime_.account(now, inner.size()));
  r.length = total;
  r.sequence = seq;
  return r;
}

DecapResult EspSa::drop(DecapResult r, DropReason why) {
  counters_.drops.add(why);
  r.drop = why;
  r.inner = {};
  return r;
}

DecapResult EspSa::decapsulate(std::span<const std::uint8_t> esp, TimePoint now, std::span<std::uint8_t> out) {
  DecapResult r;
  if (esp.size() < kEspHeaderLen) return drop(r, DropReason::TooShort);
  r.spi = get32(esp.data());
  r.sequence = get32(esp.data() + 4);
  if (direction_ != Direction::Inbound || r.spi != spi_) return drop(r, DropReason::UnknownSpi);

  // RFC 4303 §3.4.3 order: cheap length checks first ...
  const std::size_t overhead = kEspHeaderLen + info_.iv_len + info_.icv_len;
  if (esp.size() < overhead + kTrailerFixed) return drop(r, DropReason::TooShort);
  const std::size_t ct_len = esp.size() - overhead;
  if (ct_len % info_.block_len != 0 || ct_len < info_.block_len) return drop(r, DropReason::TooShort);
  if (out.size() < ct_len) return drop(r, DropReason::CryptoFailure);  // caller's buffer, not the peer

  r.lifetime = lifetime_.poll(now);
  if (lifetime_.hard_expired()) return drop(r, DropReason::LifetimeExpired);

  // ... then the replay *check*, before spending an HMAC on a packet we would drop anyway ...
  if (replay_.check(r.sequence) != ReplayVerdict::Fresh) return drop(r, DropReason::Replay);

  // ... then the ICV, and only then decryption (SaCrypto::open keeps that order) ...
  switch (crypto_->open(esp, out)) {
    case OpenStatus::Ok: break;
    case OpenStatus::IcvMismatch: return drop(r, DropReason::Icv);
    case OpenStatus::CryptoFailure: return drop(r, DropReason::CryptoFailure);
  }

  // ... padding (RFC 4303 §2.4: the receiver checks the default 1, 2, 3, ... pattern) ...
  const std::uint8_t pad = out[ct_len - 2];
  const std::uint8_t next_header = out[ct_len - 1];
  if (std::size_t{pad} + kTrailerFixed > ct_len) return drop(r, DropReason::BadPadding);
  const std::size_t inner_len = ct_len - kTrailerFixed - pad;
  for (std::size_t i = 0; i < pad; ++i) {
    if (out[inner_len + i] != static_cast<std::uint8_t>(i + 1)) return drop(r, DropReason::BadPadding);
  }
  // Tunnel mode carries IPv4 only; 59 is a dummy packet (§2.6) which is discarded silently.
  if (next_header != kNextHeaderIpv4) return drop(r, DropReason::BadNextHeader);

  // ... and only an authenticated, well-formed packet may move the window.
  replay_.update(r.sequence);
  ++counters_.packets_decrypted;
  counters_.bytes_decrypted += inner_len;
  r.lifetime = worst(r.lifetime, lifetime_.account(now, inner_len));
  r.inner = std::span<const std::uint8_t>(out.data(), inner_len);
  return r;
}

}  // namespace havpnc::esp
