#include "runtime/ike/crypto/keymat.h"

#include <openssl/crypto.h>

#include <array>

namespace havpnc::ike::crypto {

namespace {

// Builds a Secret from a temporary and wipes the temporary: derived keys must not linger in
// freed heap memory.
Secret into_secret(Bytes& b) {
  Secret s(b);
  OPENSSL_cleanse(b.data(), b.size());
  return s;
}

std::array<std::uint8_t, 4> be32(std::uint32_t v) {
  return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
          static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

}  // namespace

Secret skeyid_pre_shared(HashAlgorithm h, const Secret& psk, ByteView ni_b, ByteView nr_b) {
  Bytes k = prf(h, psk.bytes(), {ni_b, nr_b});
  return into_secret(k);
}

Phase1Keys derive_phase1_keys(const Phase1Inputs& in) {
  static constexpr std::uint8_t kZero = 0, kOne = 1, kTwo = 2;
  Phase1Keys keys;
  keys.skeyid = skeyid_pre_shared(in.hash, *in.psk, in.ni_b, in.nr_b);
  ByteView gxy = in.gxy->bytes();
  Bytes d = prf(in.hash, keys.skeyid.bytes(), {gxy, in.cky_i, in.cky_r, ByteView(&kZero, 1)});
  keys.skeyid_d = into_secret(d);
  Bytes a = prf(in.hash, keys.skeyid.bytes(),
                {keys.skeyid_d.bytes(), gxy, in.cky_i, in.cky_r, ByteView(&kOne, 1)});
  keys.skeyid_a = into_secret(a);
  Bytes e = prf(in.hash, keys.skeyid.bytes(),
                {keys.skeyid_a.bytes(), gxy, in.cky_i, in.cky_r, ByteView(&kTwo, 1)});
  keys.skeyid_e = into_secret(e);
  keys.encryption_key = encryption_key_from_skeyid_e(in.hash, keys.skeyid_e, key_size(in.cipher));
  keys.initial_iv = phase1_initial_iv(in.hash, in.gxi, in.gxr, block_size(in.cipher.algorithm));
  return keys;
}

Secret encryption_key_from_skeyid_e(HashAlgorithm h, const Secret& skeyid_e, std::size_t length) {
  Bytes out;
  if (skeyid_e.size() >= length) {
    out.assign(skeyid_e.bytes().begin(), skeyid_e.bytes().begin() + static_cast<long>(length));
    return into_secret(out);
  }
  static constexpr std::uint8_t kZero = 0;
  Bytes k = prf(h, skeyid_e.bytes(), {ByteView(&kZero, 1)});
  while (true) {
    out.insert(out.end(), k.begin(), k.end());
    if (out.size() >= length) break;
    Bytes next = prf(h, skeyid_e.bytes(), {k});
    OPENSSL_cleanse(k.data(), k.size());
    k = std::move(next);
  }
  OPENSSL_cleanse(k.data(), k.size());
  OPENSSL_cleanse(out.data() + length, out.size() - length);
  out.resize(length);
  return into_secret(out);
}

Bytes phase1_initial_iv(HashAlgorithm h, ByteView gxi, ByteView gxr, std::size_t block) {
  Bytes iv = hash(h, {gxi, gxr});
  iv.resize(block);
  return iv;
}

Bytes phase2_initial_iv(HashAlgorithm h, ByteView phase1_last_block, std::uint32_t message_id,
                        std::size_t block) {
  auto mid = be32(message_id);
  Bytes iv = hash(h, {phase1_last_block, mid});
  iv.resize(block);
  return iv;
}

Bytes hash_i(HashAlgorithm h, const Secret& skeyid, ByteView gxi, ByteView gxr, ByteView cky_i,
             ByteView cky_r, ByteView sai_b, ByteView idii_b) {
  return prf(h, skeyid.bytes(), {gxi, gxr, cky_i, cky_r, sai_b, idii_b});
}

Bytes hash_r(HashAlgorithm h, const Secret& skeyid, ByteView gxi, ByteView gxr, ByteView cky_i,
             ByteView cky_r, ByteView sai_b, ByteView idir_b) {
  return prf(h, skeyid.bytes(), {gxr, gxi, cky_r, cky_i, sai_b, idir_b});
}

Bytes quick_mode_hash1(HashAlgorithm h, const Secret& skeyid_a, std::uint32_t message_id,
                       ByteView after_hash) {
  auto mid = be32(message_id);
  return prf(h, skeyid_a.bytes(), {mid, after_hash});
}

Bytes quick_mode_hash2(HashAlgorithm h, const Secret& skeyid_a, std::uint32_t message_id,
                       ByteView ni_b, ByteView after_hash) {
  auto mid = be32(message_id);
  return prf(h, skeyid_a.bytes(), {mid, ni_b, after_hash});
}

Bytes quick_mode_hash3(HashAlgorithm h, const Secret& skeyid_a, std::uint32_t message_id,
                       ByteView ni_b, ByteView nr_b) {
  static constexpr std::uint8_t kZero = 0;
  auto mid = be32(message_id);
  return prf(h, skeyid_a.bytes(), {ByteView(&kZero, 1), mid, ni_b, nr_b});
}

Secret derive_keymat(HashAlgorithm h, const Secret& skeyid_d, const Secret* pfs_gxy,
                     std::uint8_t protocol, ByteView spi, ByteView ni_b, ByteView nr_b,
                     std::size_t length) {
  ByteView gxy = pfs_gxy ? pfs_gxy->bytes() : ByteView{};
  ByteView proto(&protocol, 1);
  Bytes out;
  Bytes k = prf(h, skeyid_d.bytes(), {gxy, proto, spi, ni_b, nr_b});
  while (true) {
    out.insert(out.end(), k.begin(), k.end());
    if (out.size() >= length) break;
    Bytes next = prf(h, skeyid_d.bytes(), {k, gxy, proto, spi, ni_b, nr_b});
    OPENSSL_cleanse(k.data(), k.size());
    k = std::move(next);
  }
  OPENSSL_cleanse(k.data(), k.size());
  OPENSSL_cleanse(out.data() + length, out.size() - length);
  out.resize(length);
  return into_secret(out);
}

}  // namespace havpnc::ike::crypto
