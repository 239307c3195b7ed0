#include "runtime/esp/sa_crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>

namespace havpnc::esp {

namespace {

constexpr std::size_t kGcmNonceLen = 12;  // RFC 4106 §4: salt(4) | explicit IV(8)
constexpr std::size_t kMaxDigestLen = HmacPrecomputed::kMaxDigestLen;

const char* cipher_name(const TransformInfo& ti) {
  if (ti.aead) return ti.cipher_key_len == 16 ? "AES-128-GCM" : "AES-256-GCM";
  switch (ti.cipher_key_len) {
    case 16: return "AES-128-CBC";
    case 24: return "AES-192-CBC";
    default: return "AES-256-CBC";
  }
}

// OpenSSL takes int lengths; ESP packets are at most 64 KiB, checked by the callers.
int as_int(std::size_t n) { return static_cast<int>(n); }

}  // namespace

std::unique_ptr<SaCrypto> SaCrypto::create(Transform t, std::span<const std::uint8_t> cipher_key,
                                           std::span<const std::uint8_t> integrity_key, bool encrypt) {
  const TransformInfo& ti = info(t);
  if (cipher_key.size() != ti.cipher_key_len + ti.salt_len) return nullptr;
  if (integrity_key.size() != ti.integrity_key_len) return nullptr;

  std::unique_ptr<SaCrypto> c(new SaCrypto());
  c->info_ = &ti;
  c->encrypt_ = encrypt;
  std::copy_n(cipher_key.data() + ti.cipher_key_len, ti.salt_len, c->salt_);

  EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, cipher_name(ti), nullptr);
  c->cipher_ = EVP_CIPHER_CTX_new();
  const bool cipher_ok = cipher != nullptr && c->cipher_ != nullptr &&
                         EVP_CipherInit_ex2(c->cipher_, cipher, cipher_key.data(), nullptr,
                                            encrypt ? 1 : 0, nullptr) == 1 &&
                         (ti.aead || EVP_CIPHER_CTX_set_padding(c->cipher_, 0) == 1);
  EVP_CIPHER_free(cipher);
  if (!cipher_ok) return nullptr;

  if (!ti.aead) {
    c->mac_ = std::make_unique<HmacPrecomputed>(
        ti.integrity == Integrity::HmacSha1_96 ? HmacPrecomputed::Hash::Sha1 : HmacPrecomputed::Hash::Sha256,
        integrity_key);
  }
  return c;
}

SaCrypto::~SaCrypto() {
  // EVP_CIPHER_CTX_free cleanses the key schedule; ~HmacPrecomputed wipes the pad states.
  EVP_CIPHER_CTX_free(cipher_);
  OPENSSL_cleanse(salt_, sizeof salt_);
}

bool SaCrypto::mac(std::span<const std::uint8_t> data, std::uint8_t* full_out) {
  return mac_ != nullptr && mac_->compute(data, full_out) >= info_->icv_len;
}

bool SaCrypto::gcm_nonce(std::span<const std::uint8_t> packet, std::uint8_t* nonce) const {
  if (packet.size() < kEspHeaderLen + info_->iv_len) return false;
  std::copy_n(salt_, 4, nonce);
  std::copy_n(packet.data() + kEspHeaderLen, info_->iv_len, nonce + 4);
  return true;
}

bool SaCrypto::seal(std::span<std::uint8_t> packet, std::span<const std::uint8_t> inner,
                    std::span<const std::uint8_t> trailer) {
  const TransformInfo& ti = *info_;
  const std::size_t ct_off = kEspHeaderLen + ti.iv_len;
  const std::size_t ct_len = inner.size() + trailer.size();
  if (!encrypt_ || packet.size() != ct_off + ct_len + ti.icv_len) return false;
  std::uint8_t* ct = packet.data() + ct_off;
  int n1 = 0;
  int n2 = 0;
  int n3 = 0;

  if (ti.aead) {
    std::uint8_t nonce[kGcmNonceLen];
    int aad_len = 0;
    // RFC 4106 §5: AAD is SPI | 32-bit sequence number when ESN is off.
    if (!gcm_nonce(packet, nonce) || EVP_EncryptInit_ex(cipher_, nullptr, nullptr, nullptr, nonce) != 1 ||
        EVP_EncryptUpdate(cipher_, nullptr, &aad_len, packet.data(), as_int(kEspHeaderLen)) != 1 ||
        EVP_EncryptUpdate(cipher_, ct, &n1, inner.data(), as_int(inner.size())) != 1 ||
        EVP_EncryptUpdate(cipher_, ct + n1, &n2, trailer.data(), as_int(trailer.size())) != 1 ||
        EVP_EncryptFinal_ex(cipher_, ct + n1 + n2, &n3) != 1 ||
        static_cast<std::size_t>(n1 + n2 + n3) != ct_len ||
        EVP_CIPHER_CTX_ctrl(cipher_, EVP_CTRL_GCM_GET_TAG, as_int(ti.icv_len), ct + ct_len) != 1) {
      return false;
    }
    return true;
  }

  // CBC: the IV written by the caller starts the chain; the key schedule stays from install.
  if (EVP_EncryptInit_ex(cipher_, nullptr, nullptr, nullptr, packet.data() + kEspHeaderLen) != 1 ||
      EVP_EncryptUpdate(cipher_, ct, &n1, inner.data(), as_int(inner.size())) != 1 ||
      EVP_EncryptUpdate(cipher_, ct + n1, &n2, trailer.data(), as_int(trailer.size())) != 1 ||
      EVP_EncryptFinal_ex(cipher_, ct + n1 + n2, &n3) != 1 || static_cast<std::size_t>(n1 + n2 + n3) != ct_len) {
    return false;
  }
  // RFC 4303 §3.3.4: ICV over SPI | Seq | IV | ciphertext, truncated (RFC 2404 §2, RFC 4868 §2.3).
  std::uint8_t full[kMaxDigestLen];
  if (!mac(packet.first(ct_off + ct_len), full)) return false;
  std::copy_n(full, ti.icv_len, ct + ct_len);
  return true;
}

OpenStatus SaCrypto::open(std::span<const std::uint8_t> packet, std::span<std::uint8_t> plain) {
  const TransformInfo& ti = *info_;
  const std::size_t ct_off = kEspHeaderLen + ti.iv_len;
  if (encrypt_ || packet.size() < ct_off + ti.icv_len) return OpenStatus::CryptoFailure;
  const std::size_t ct_len = packet.size() - ct_off - ti.icv_len;
  if (plain.size() < ct_len) return OpenStatus::CryptoFailure;
  const std::uint8_t* ct = packet.data() + ct_off;
  const std::uint8_t* icv = ct + ct_len;
  int n1 = 0;
  int n2 = 0;

  if (ti.aead) {
    std::uint8_t nonce[kGcmNonceLen];
    std::uint8_t tag[16];
    int aad_len = 0;
    std::copy_n(icv, ti.icv_len, tag);  // the ctrl wants a mutable buffer
    if (!gcm_nonce(packet, nonce) || EVP_DecryptInit_ex(cipher_, nullptr, nullptr, nullptr, nonce) != 1 ||
        EVP_DecryptUpdate(cipher_, nullptr, &aad_len, packet.data(), as_int(kEspHeaderLen)) != 1 ||
        EVP_DecryptUpdate(cipher_, plain.data(), &n1, ct, as_int(ct_len)) != 1 ||
        EVP_CIPHER_CTX_ctrl(cipher_, EVP_CTRL_GCM_SET_TAG, as_int(ti.icv_len), tag) != 1) {
      return OpenStatus::CryptoFailure;
    }
    if (EVP_DecryptFinal_ex(cipher_, plain.data() + n1, &n2) != 1) {
      OPENSSL_cleanse(plain.data(), ct_len);
      return OpenStatus::IcvMismatch;
    }
    return OpenStatus::Ok;
  }

  std::uint8_t full[kMaxDigestLen];
  if (!mac(packet.first(ct_off + ct_len), full)) return OpenStatus::CryptoFailure;
  // Constant time: a byte-wise early exit would tell a forger how many ICV bytes were right.
  if (CRYPTO_memcmp(full, icv, ti.icv_len) != 0) return OpenStatus::IcvMismatch;
  if (EVP_DecryptInit_ex(cipher_, nullptr, nullptr, nullptr, packet.data() + kEspHeaderLen) != 1 ||
      EVP_DecryptUpdate(cipher_, plain.data(), &n1, ct, as_int(ct_len)) != 1 ||
      EVP_DecryptFinal_ex(cipher_, plain.data() + n1, &n2) != 1 ||
      static_cast<std::size_t>(n1 + n2) != ct_len) {
    return OpenStatus::CryptoFailure;
  }
  return OpenStatus::Ok;
}

}  // namespace havpnc::esp
