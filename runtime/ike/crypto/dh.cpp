#include "runtime/ike/crypto/dh.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <stdexcept>

namespace havpnc::ike::crypto {

namespace {

struct BnFree {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree>;
using Params = std::unique_ptr<OSSL_PARAM, ParamFree>;

[[noreturn]] void openssl_failure(const char* what) {
  throw std::runtime_error(std::string("OpenSSL failure in ") + what);
}

bool is_modp(DhGroup g) {
  return g == DhGroup::Modp768 || g == DhGroup::Modp1024 || g == DhGroup::Modp1536 ||
         g == DhGroup::Modp2048;
}

// The primes are OpenSSL's copies of the RFC 2409 §6 / RFC 3526 constants; the generator
// is 2 for all of them. tests/ike checks them against the RFCs' defining formula.
Bn modp_prime(DhGroup g) {
  switch (g) {
    case DhGroup::Modp768: return Bn(BN_get_rfc2409_prime_768(nullptr));
    case DhGroup::Modp1024: return Bn(BN_get_rfc2409_prime_1024(nullptr));
    case DhGroup::Modp1536: return Bn(BN_get_rfc3526_prime_1536(nullptr));
    case DhGroup::Modp2048: return Bn(BN_get_rfc3526_prime_2048(nullptr));
    default: return nullptr;
  }
}

const char* curve_name(DhGroup g) {
  switch (g) {
    case DhGroup::Ecp256: return "P-256";
    case DhGroup::Ecp384: return "P-384";
    default: return nullptr;
  }
}

std::size_t field_size(DhGroup g) {
  switch (g) {
    case DhGroup::Modp768: return 96;
    case DhGroup::Modp1024: return 128;
    case DhGroup::Modp1536: return 192;
    case DhGroup::Modp2048: return 256;
    case DhGroup::Ecp256: return 32;
    case DhGroup::Ecp384: return 48;
  }
  return 0;
}

// Exponent length for MODP private keys. A full-length exponent buys nothing over twice
// the group's security strength and costs 4-8x per modexp (PROTOCOLS.md §5.2).
constexpr int kModpPrivateBits = 256;

Params modp_params(DhGroup g, const BIGNUM* pub) {
  Bn p = modp_prime(g);
  Bn gen(BN_new());
  ParamBld bld(OSSL_PARAM_BLD_new());
  if (!p || !gen || !bld || BN_set_word(gen.get(), 2) != 1) openssl_failure("modp params");
  if (OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_P, p.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_G, gen.get()) != 1 ||
      OSSL_PARAM_BLD_push_int(bld.get(), OSSL_PKEY_PARAM_DH_PRIV_LEN, kModpPrivateBits) != 1)
    openssl_failure("OSSL_PARAM_BLD_push");
  if (pub && OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub) != 1)
    openssl_failure("OSSL_PARAM_BLD_push pub");
  Params params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (!params) openssl_failure("OSSL_PARAM_BLD_to_param");
  return params;
}

Pkey from_data(const char* type, int selection, OSSL_PARAM* params) {
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) openssl_failure("EVP_PKEY_fromdata_init");
  if (EVP_PKEY_fromdata(ctx.get(), &key, selection, params) != 1) return nullptr;
  return Pkey(key);
}

Bytes bn_fixed(const BIGNUM* bn, std::size_t size) {
  Bytes out(size);
  if (BN_bn2binpad(bn, out.data(), static_cast<int>(size)) != static_cast<int>(size))
    openssl_failure("BN_bn2binpad");
  return out;
}

Bytes bn_param_fixed(EVP_PKEY* key, const char* name, std::size_t size) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) openssl_failure("EVP_PKEY_get_bn_param");
  Bn bn(raw);
  return bn_fixed(bn.get(), size);
}

}  // namespace

bool is_supported(DhGroup g) { return field_size(g) != 0; }

std::string to_string(DhGroup g) { return "group " + std::to_string(static_cast<int>(g)); }

std::size_t public_value_size(DhGroup g) { return is_modp(g) ? field_size(g) : 2 * field_size(g); }

std::size_t shared_secret_size(DhGroup g) { return field_size(g); }

Bytes modp_prime_bytes(DhGroup g) {
  if (!is_modp(g)) return {};
  Bn p = modp_prime(g);
  return bn_fixed(p.get(), field_size(g));
}

DiffieHellman::DiffieHellman(DhGroup group, evp_pkey_st* key, Bytes public_value)
    : group_(group), key_(key), public_value_(std::move(public_value)) {}

DiffieHellman::~DiffieHellman() { EVP_PKEY_free(key_); }

std::unique_ptr<DiffieHellman> DiffieHellman::create(DhGroup group) {
  if (!is_supported(group)) return nullptr;
  std::size_t fs = field_size(group);
  if (is_modp(group)) {
    Params params = modp_params(group, nullptr);
    Pkey domain = from_data("DH", EVP_PKEY_KEY_PARAMETERS, params.get());
    if (!domain) openssl_failure("EVP_PKEY_fromdata(DH params)");
    PkeyCtx kctx(EVP_PKEY_CTX_new_from_pkey(nullptr, domain.get(), nullptr));
    EVP_PKEY* key = nullptr;
    if (!kctx || EVP_PKEY_keygen_init(kctx.get()) != 1 || EVP_PKEY_generate(kctx.get(), &key) != 1)
      openssl_failure("DH keygen");
    Pkey owned(key);
    Bytes pub = bn_param_fixed(key, OSSL_PKEY_PARAM_PUB_KEY, fs);
    return std::unique_ptr<DiffieHellman>(new DiffieHellman(group, owned.release(), std::move(pub)));
  }
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve_name(group));
  if (!key) openssl_failure("EC keygen");
  Pkey owned(key);
  // RFC 5903 §7: the KE data is x | y, each padded to the field size; no 0x04 prefix.
  Bytes pub = bn_param_fixed(key, OSSL_PKEY_PARAM_EC_PUB_X, fs);
  Bytes y = bn_param_fixed(key, OSSL_PKEY_PARAM_EC_PUB_Y, fs);
  pub.insert(pub.end(), y.begin(), y.end());
  return std::unique_ptr<DiffieHellman>(new DiffieHellman(group, owned.release(), std::move(pub)));
}

Expected<Secret, std::string> DiffieHellman::compute_shared_secret(ByteView peer) const {
  std::size_t fs = field_size(group_);
  if (peer.size() != public_value_size(group_)) {
    return unexpected(std::string("peer public value has ") + std::to_string(peer.size()) +
                      " bytes, " + to_string(group_) + " needs " +
                      std::to_string(public_value_size(group_)));
  }
  Pkey peer_key;
  if (is_modp(group_)) {
    Bn y(BN_bin2bn(peer.data(), static_cast<int>(peer.size()), nullptr));
    Bn p = modp_prime(group_);
    Bn p_minus_1(BN_dup(p.get()));
    if (!y || !p_minus_1 || BN_sub_word(p_minus_1.get(), 1) != 1) openssl_failure("BN");
    // 1 < y < p-1 (RFC 2631 §2.1.5 style check; y = 1 or p-1 leaks the secret).
    if (BN_cmp(y.get(), BN_value_one()) <= 0 || BN_cmp(y.get(), p_minus_1.get()) >= 0)
      return unexpected(std::string("peer public value outside 1 < y < p-1"));
    Params params = modp_params(group_, y.get());
    peer_key = from_data("DH", EVP_PKEY_PUBLIC_KEY, params.get());
  } else {
    Bytes point;
    point.reserve(1 + peer.size());
    point.push_back(0x04);  // uncompressed point, SEC 1 §2.3.3
    point.insert(point.end(), peer.begin(), peer.end());
    ParamBld bld(OSSL_PARAM_BLD_new());
    if (!bld ||
        OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                        curve_name(group_), 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                         point.size()) != 1)
      openssl_failure("EC params");
    Params params(OSSL_PARAM_BLD_to_param(bld.get()));
    if (!params) openssl_failure("OSSL_PARAM_BLD_to_param");
    peer_key = from_data("EC", EVP_PKEY_PUBLIC_KEY, params.get());
  }
  if (!peer_key) return unexpected(std::string("peer public value is not a valid group element"));

  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key_, nullptr));
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1) openssl_failure("EVP_PKEY_derive_init");
  if (is_modp(group_) && EVP_PKEY_CTX_set_dh_pad(ctx.get(), 1) != 1)
    openssl_failure("EVP_PKEY_CTX_set_dh_pad");
  if (EVP_PKEY_derive_set_peer(ctx.get(), peer_key.get()) != 1)
    return unexpected(std::string("peer public value rejected by key validation"));
  std::size_t len = 0;
  if (EVP_PKEY_derive(ctx.get(), nullptr, &len) != 1) openssl_failure("EVP_PKEY_derive size");
  Bytes buf(len);
  if (EVP_PKEY_derive(ctx.get(), buf.data(), &len) != 1)
    return unexpected(std::string("key agreement failed"));
  buf.resize(len);
  if (len > fs) openssl_failure("shared secret longer than the field");
  // Left-pad to the field size regardless of what the provider returned.
  Bytes fixed(fs - len, 0);
  fixed.insert(fixed.end(), buf.begin(), buf.end());
  Secret s(fixed);
  OPENSSL_cleanse(buf.data(), buf.size());
  OPENSSL_cleanse(fixed.data(), fixed.size());
  return s;
}

}  // namespace havpnc::ike::crypto
