#include "runtime/sso/channel_security.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <algorithm>

namespace havpnc::sso {

namespace {

constexpr std::uint8_t kHelloMagic = 0x48;  // 'H'
constexpr std::uint8_t kHelloVersion = 1;
constexpr std::uint8_t kFrameClear = 0x00;
constexpr std::uint8_t kFrameSealed = 0x01;
constexpr std::size_t kKeyLen = 32;    // AES-256
constexpr std::size_t kNonceLen = 12;  // GCM's native IV length (NIST SP 800-38D §8.2.1)
constexpr char kLabel[] = "havpnc sso v1 ";

void put_be(std::uint8_t* out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    out[i] = static_cast<std::uint8_t>(v);
    v >>= 8;
  }
}

std::uint64_t get_be64(const std::uint8_t* in) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | in[i];
  return v;
}

// RFC 5869 HKDF-SHA256, extract and expand.
bool hkdf_sha256(std::span<const std::uint8_t> ikm, std::span<const std::uint8_t> salt,
                 const std::string& info, std::span<std::uint8_t> out) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr);
  if (!ctx) return false;
  std::size_t len = out.size();
  bool ok = EVP_PKEY_derive_init(ctx) > 0 && EVP_PKEY_CTX_set_hkdf_md(ctx, EVP_sha256()) > 0 &&
            EVP_PKEY_CTX_set1_hkdf_salt(ctx, salt.data(), static_cast<int>(salt.size())) > 0 &&
            EVP_PKEY_CTX_set1_hkdf_key(ctx, ikm.data(), static_cast<int>(ikm.size())) > 0 &&
            EVP_PKEY_CTX_add1_hkdf_info(ctx, reinterpret_cast<const unsigned char*>(info.data()),
                                        static_cast<int>(info.size())) > 0 &&
            EVP_PKEY_derive(ctx, out.data(), &len) > 0 && len == out.size();
  EVP_PKEY_CTX_free(ctx);
  return ok;
}

void make_nonce(std::uint16_t stream, std::uint64_t counter, std::uint8_t* nonce) {
  put_be(nonce, stream, 4);
  put_be(nonce + 4, counter, 8);
}

}  // namespace

// One direction's AEAD context, keyed once per association.
struct ChannelSecurity::Direction {
  EVP_CIPHER_CTX* ctx = nullptr;
  bool encrypt = true;
  ~Direction() { EVP_CIPHER_CTX_free(ctx); }

  static std::unique_ptr<Direction> create(std::span<const std::uint8_t> key, bool encrypt) {
    auto d = std::make_unique<Direction>();
    d->encrypt = encrypt;
    d->ctx = EVP_CIPHER_CTX_new();
    if (!d->ctx) return nullptr;
    const int ok = encrypt ? EVP_EncryptInit_ex(d->ctx, EVP_aes_256_gcm(), nullptr, key.data(), nullptr)
                           : EVP_DecryptInit_ex(d->ctx, EVP_aes_256_gcm(), nullptr, key.data(), nullptr);
    if (ok != 1) return nullptr;
    return d;
  }
};

const char* to_string(ChannelError e) {
  switch (e) {
    case ChannelError::NotReady: return "not-ready";
    case ChannelError::Malformed: return "malformed";
    case ChannelError::ModeMismatch: return "mode-mismatch";
    case ChannelError::AuthFailed: return "auth-failed";
    case ChannelError::Replay: return "replay";
    case ChannelError::BadStream: return "bad-stream";
    case ChannelError::CounterExhausted: return "counter-exhausted";
    case ChannelError::CryptoFailure: return "crypto-failure";
  }
  return "unknown";
}

ChannelSecurity::ChannelSecurity(ChannelConfig config) : config_(std::move(config)) {}
ChannelSecurity::~ChannelSecurity() { OPENSSL_cleanse(local_random_.data(), local_random_.size()); }

std::vector<std::uint8_t> ChannelSecurity::start(std::span<const std::uint8_t, kRandomLen> local_random) {
  stop();
  std::copy(local_random.begin(), local_random.end(), local_random_.begin());
  started_ = true;
  if (!keyed() && !warned_) {
    warned_ = true;
    pending_log_ = LogRecord{
        "CRYPTO", Severity::Warning, "SSO_CLEARTEXT",
        "redundancy inter-device has no security configured: IKE and IPsec SA keys replicate "
        "in the clear to " + config_.remote_id};
  }
  std::vector<std::uint8_t> hello(kHelloLen, 0);
  hello[0] = kHelloMagic;
  hello[1] = kHelloVersion;
  hello[2] = keyed() ? 1 : 0;
  for (std::size_t i = 0; i < kRandomLen; ++i) hello[4 + i] = local_random_[i];
  return hello;
}

void ChannelSecurity::stop() {
  started_ = false;
  ready_ = false;
  send_.reset();
  receive_.reset();
  send_counter_.fill(0);
  receive_counter_.fill(0);
}

std::optional<ChannelError> ChannelSecurity::accept_hello(std::span<const std::uint8_t> hello) {
  if (!started_) return fail(ChannelError::NotReady);
  if (hello.size() != kHelloLen || hello[0] != kHelloMagic || hello[1] != kHelloVersion ||
      hello[2] > 1 || hello[3] != 0)
    return fail(ChannelError::Malformed);
  if ((hello[2] == 1) != keyed()) return fail(ChannelError::ModeMismatch);
  if (keyed()) {
    auto peer_random = hello.subspan(4, kRandomLen);
    std::array<std::uint8_t, 2 * kRandomLen> salt_out{}, salt_in{};
    std::copy(local_random_.begin(), local_random_.end(), salt_out.begin());
    std::copy(peer_random.begin(), peer_random.end(), salt_out.begin() + kRandomLen);
    std::copy(peer_random.begin(), peer_random.end(), salt_in.begin());
    std::copy(local_random_.begin(), local_random_.end(), salt_in.begin() + kRandomLen);
    std::array<std::uint8_t, kKeyLen> key_out{}, key_in{};
    const bool derived =
        hkdf_sha256(config_.secret.bytes(), salt_out,
                    kLabel + config_.local_id + "->" + config_.remote_id, key_out) &&
        hkdf_sha256(config_.secret.bytes(), salt_in,
                    kLabel + config_.remote_id + "->" + config_.local_id, key_in);
    if (derived) {
      send_ = Direction::create(key_out, true);
      receive_ = Direction::create(key_in, false);
    }
    OPENSSL_cleanse(key_out.data(), key_out.size());
    OPENSSL_cleanse(key_in.data(), key_in.size());
    if (!derived || !send_ || !receive_) {
      stop();
      return fail(ChannelError::CryptoFailure);
    }
  }
  ready_ = true;
  return std::nullopt;
}

ChannelResult<std::vector<std::uint8_t>> ChannelSecurity::seal(std::uint16_t stream,
                                                               std::span<const std::uint8_t> record) {
  if (!ready_) return fail(ChannelError::NotReady);
  if (stream >= kMaxStreams) return fail(ChannelError::BadStream);
  std::vector<std::uint8_t> frame;
  if (!keyed()) {
    frame.reserve(1 + record.size());
    frame.push_back(kFrameClear);
    frame.insert(frame.end(), record.begin(), record.end());
    ++counters_.sealed;
    return frame;
  }
  std::uint64_t& counter = send_counter_[stream];
  if (counter == UINT64_MAX) return fail(ChannelError::CounterExhausted);
  ++counter;
  frame.resize(kSealedOverhead + record.size());
  frame[0] = kFrameSealed;
  put_be(frame.data() + 1, counter, 8);
  std::uint8_t nonce[kNonceLen];
  make_nonce(stream, counter, nonce);
  std::uint8_t aad[1 + 2 + 8];
  aad[0] = kFrameSealed;
  put_be(aad + 1, stream, 2);
  put_be(aad + 3, counter, 8);
  EVP_CIPHER_CTX* ctx = send_->ctx;
  std::uint8_t final_block[16];  // GCM is a stream mode: Final writes nothing
  int len = 0;
  int tail = 0;
  const bool ok =
      EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, nonce) == 1 &&
      EVP_EncryptUpdate(ctx, nullptr, &len, aad, sizeof aad) == 1 &&
      (record.empty() ||
       EVP_EncryptUpdate(ctx, frame.data() + 9, &len, record.data(), static_cast<int>(record.size())) == 1) &&
      EVP_EncryptFinal_ex(ctx, final_block, &tail) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kTagLen, frame.data() + 9 + record.size()) == 1;
  if (!ok) return fail(ChannelError::CryptoFailure);
  ++counters_.sealed;
  return frame;
}

ChannelResult<std::vector<std::uint8_t>> ChannelSecurity::open(std::uint16_t stream,
                                                               std::span<const std::uint8_t> frame) {
  if (!ready_) return fail(ChannelError::NotReady);
  if (stream >= kMaxStreams) return fail(ChannelError::BadStream);
  if (frame.empty()) return fail(ChannelError::Malformed);
  if (frame[0] == kFrameClear) {
    if (keyed()) return fail(ChannelError::ModeMismatch);
    ++counters_.opened;
    return std::vector<std::uint8_t>(frame.begin() + 1, frame.end());
  }
  if (frame[0] != kFrameSealed) return fail(ChannelError::Malformed);
  if (!keyed()) return fail(ChannelError::ModeMismatch);
  if (frame.size() < kSealedOverhead) return fail(ChannelError::Malformed);
  const std::uint64_t counter = get_be64(frame.data() + 1);
  // Cheap check first; the counter is only committed after the tag verified, so a forged
  // frame with a huge counter cannot lock out the genuine ones.
  if (counter <= receive_counter_[stream]) return fail(ChannelError::Replay);
  const std::size_t body = frame.size() - kSealedOverhead;
  std::vector<std::uint8_t> record(body);
  std::uint8_t nonce[kNonceLen];
  make_nonce(stream, counter, nonce);
  std::uint8_t aad[1 + 2 + 8];
  aad[0] = kFrameSealed;
  put_be(aad + 1, stream, 2);
  put_be(aad + 3, counter, 8);
  std::uint8_t tag[kTagLen];
  std::copy(frame.end() - kTagLen, frame.end(), tag);
  EVP_CIPHER_CTX* ctx = receive_->ctx;
  int len = 0;
  int tail = 0;
  bool ok = EVP_DecryptInit_ex(ctx, nullptr, nullptr, nullptr, nonce) == 1 &&
            EVP_DecryptUpdate(ctx, nullptr, &len, aad, sizeof aad) == 1 &&
            (body == 0 ||
             EVP_DecryptUpdate(ctx, record.data(), &len, frame.data() + 9, static_cast<int>(body)) == 1) &&
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kTagLen, tag) == 1;
  if (!ok) {
    OPENSSL_cleanse(record.data(), record.size());
    return fail(ChannelError::CryptoFailure);
  }
  std::uint8_t final_block[16];
  if (EVP_DecryptFinal_ex(ctx, final_block, &tail) != 1) {
    OPENSSL_cleanse(record.data(), record.size());
    return fail(ChannelError::AuthFailed);
  }
  receive_counter_[stream] = counter;
  ++counters_.opened;
  return record;
}

std::optional<LogRecord> ChannelSecurity::take_log() {
  std::optional<LogRecord> out;
  out.swap(pending_log_);
  return out;
}

}  // namespace havpnc::sso
