#include "runtime/ike/crypto/hash.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <memory>
#include <stdexcept>

namespace havpnc::ike::crypto {

namespace {

const char* openssl_name(HashAlgorithm h) {
  switch (h) {
    case HashAlgorithm::Md5: return "MD5";
    case HashAlgorithm::Sha1: return "SHA1";
    case HashAlgorithm::Sha2_256: return "SHA256";
    case HashAlgorithm::Sha2_384: return "SHA384";
    case HashAlgorithm::Sha2_512: return "SHA512";
  }
  return nullptr;
}

// OpenSSL failing on a supported algorithm with valid buffers means the library is broken
// (out of memory, provider missing); that is not input-dependent, so it is fatal.
[[noreturn]] void openssl_failure(const char* what) {
  throw std::runtime_error(std::string("OpenSSL failure in ") + what);
}

}  // namespace

bool is_supported(HashAlgorithm h) { return openssl_name(h) != nullptr; }

std::string_view to_string(HashAlgorithm h) {
  switch (h) {
    case HashAlgorithm::Md5: return "md5";
    case HashAlgorithm::Sha1: return "sha";
    case HashAlgorithm::Sha2_256: return "sha256";
    case HashAlgorithm::Sha2_384: return "sha384";
    case HashAlgorithm::Sha2_512: return "sha512";
  }
  return "unknown";
}

std::size_t digest_size(HashAlgorithm h) {
  switch (h) {
    case HashAlgorithm::Md5: return 16;
    case HashAlgorithm::Sha1: return 20;
    case HashAlgorithm::Sha2_256: return 32;
    case HashAlgorithm::Sha2_384: return 48;
    case HashAlgorithm::Sha2_512: return 64;
  }
  return 0;
}

Bytes hash(HashAlgorithm h, std::initializer_list<ByteView> parts) {
  const char* name = openssl_name(h);
  if (!name) openssl_failure("hash: unsupported algorithm");
  std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> md(EVP_MD_fetch(nullptr, name, nullptr),
                                                      EVP_MD_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!md || !ctx || EVP_DigestInit_ex(ctx.get(), md.get(), nullptr) != 1)
    openssl_failure("EVP_DigestInit_ex");
  for (auto p : parts)
    if (!p.empty() && EVP_DigestUpdate(ctx.get(), p.data(), p.size()) != 1)
      openssl_failure("EVP_DigestUpdate");
  Bytes out(static_cast<std::size_t>(EVP_MD_get_size(md.get())));
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx.get(), out.data(), &len) != 1) openssl_failure("EVP_DigestFinal_ex");
  out.resize(len);
  return out;
}

Bytes prf(HashAlgorithm h, ByteView key, std::initializer_list<ByteView> parts) {
  const char* name = openssl_name(h);
  if (!name) openssl_failure("prf: unsupported algorithm");
  std::unique_ptr<EVP_MAC, decltype(&EVP_MAC_free)> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr),
                                                         EVP_MAC_free);
  if (!mac) openssl_failure("EVP_MAC_fetch(HMAC)");
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_new(mac.get()),
                                                                 EVP_MAC_CTX_free);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(name), 0),
      OSSL_PARAM_construct_end()};
  // HMAC with an empty key is legal (RFC 2104 pads it to the block); OpenSSL wants a
  // non-null pointer for it.
  static const std::uint8_t kEmpty = 0;
  const std::uint8_t* key_ptr = key.empty() ? &kEmpty : key.data();
  if (!ctx || EVP_MAC_init(ctx.get(), key_ptr, key.size(), params) != 1)
    openssl_failure("EVP_MAC_init");
  for (auto p : parts)
    if (!p.empty() && EVP_MAC_update(ctx.get(), p.data(), p.size()) != 1)
      openssl_failure("EVP_MAC_update");
  Bytes out(digest_size(h));
  std::size_t len = 0;
  if (EVP_MAC_final(ctx.get(), out.data(), &len, out.size()) != 1) openssl_failure("EVP_MAC_final");
  out.resize(len);
  return out;
}

}  // namespace havpnc::ike::crypto
