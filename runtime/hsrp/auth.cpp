#include "runtime/hsrp/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace havpnc::hsrp {

namespace {

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// What MD5 would append after `key_length` bytes (RFC 1321 §3.1-3.2), so that key plus
// padding ends on a 64-byte block boundary (RFC 1828 §2).
std::vector<std::uint8_t> md5_padding(std::size_t key_length) {
  const std::size_t zeros = (55 - key_length % 64 + 64) % 64;
  std::vector<std::uint8_t> pad;
  pad.reserve(1 + zeros + 8);
  pad.push_back(0x80);
  pad.insert(pad.end(), zeros, 0);
  const std::uint64_t bits = static_cast<std::uint64_t>(key_length) * 8;
  for (int i = 0; i < 8; ++i) pad.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
  return pad;
}

}  // namespace

Md5Digest keyed_md5(const Secret& key, std::span<const std::uint8_t> message) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  const auto pad = md5_padding(key.size());
  Md5Digest digest{};
  unsigned int length = 0;
  const auto k = key.bytes();
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_md5(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), k.data(), k.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), pad.data(), pad.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), message.data(), message.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), k.data(), k.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1 || length != digest.size()) {
    // Only reachable when the OpenSSL provider lacks MD5 (a FIPS-only build): a deployment
    // error, not an input error, so it is not folded into "bad authentication".
    throw std::runtime_error("HSRP MD5 authentication: OpenSSL MD5 is unavailable");
  }
  return digest;
}

TextAuth text_auth_data(const Secret& key) {
  TextAuth text;
  const auto k = key.bytes();
  std::copy_n(k.begin(), std::min<std::size_t>(k.size(), text.data.size()), text.data.begin());
  return text;
}

std::vector<std::uint8_t> encode_authenticated(Packet packet, const AuthConfig& auth,
                                               Ipv4 sender_ip) {
  if (auth.kind == AuthKind::Text) {
    packet.md5_auth.reset();
    packet.text_auth = text_auth_data(auth.key);
    return encode(packet);
  }
  packet.text_auth.reset();
  Md5Auth md5;
  md5.sender_ip = sender_ip;
  md5.key_id = auth.key_id;
  packet.md5_auth = md5;
  auto bytes = encode(packet);
  // The MD5 TLV is always the last 30 bytes of what encode() writes; its digest is the last 16.
  const auto digest = keyed_md5(auth.key, bytes);
  std::copy(digest.begin(), digest.end(), bytes.end() - 16);
  return bytes;
}

bool authenticate(const Packet& packet, std::span<const std::uint8_t> raw, const AuthConfig& auth) {
  if (auth.kind == AuthKind::Text) {
    if (!packet.text_auth) return false;
    const auto expected = text_auth_data(auth.key);
    return CRYPTO_memcmp(expected.data.data(), packet.text_auth->data.data(), 8) == 0;
  }
  if (!packet.md5_auth) return false;
  const auto& md5 = *packet.md5_auth;
  if (md5.key_id != auth.key_id) return false;
  if (md5.digest_offset + md5.digest.size() > raw.size()) return false;
  std::vector<std::uint8_t> zeroed(raw.begin(), raw.end());
  std::fill_n(zeroed.begin() + static_cast<std::ptrdiff_t>(md5.digest_offset), md5.digest.size(), 0);
  const auto expected = keyed_md5(auth.key, zeroed);
  return CRYPTO_memcmp(expected.data(), md5.digest.data(), expected.size()) == 0;
}

}  // namespace havpnc::hsrp
