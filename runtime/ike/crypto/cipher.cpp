#include "runtime/ike/crypto/cipher.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace havpnc::ike::crypto {

namespace {

const char* openssl_name(const Cipher& c) {
  if (c.algorithm == EncryptionAlgorithm::TripleDesCbc) return c.key_bits == 192 ? "DES-EDE3-CBC" : nullptr;
  if (c.algorithm == EncryptionAlgorithm::AesCbc) {
    switch (c.key_bits) {
      case 128: return "AES-128-CBC";
      case 192: return "AES-192-CBC";
      case 256: return "AES-256-CBC";
      default: return nullptr;
    }
  }
  return nullptr;
}

[[noreturn]] void openssl_failure(const char* what) {
  throw std::runtime_error(std::string("OpenSSL failure in ") + what);
}

Bytes run(const Cipher& c, ByteView key, ByteView iv, ByteView in, int enc) {
  const char* name = openssl_name(c);
  if (!name || key.size() != key_size(c) || iv.size() != block_size(c.algorithm) ||
      in.size() % block_size(c.algorithm) != 0)
    throw std::invalid_argument("cbc: unsupported cipher or misaligned input");
  std::unique_ptr<EVP_CIPHER, decltype(&EVP_CIPHER_free)> cipher(
      EVP_CIPHER_fetch(nullptr, name, nullptr), EVP_CIPHER_free);
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                      EVP_CIPHER_CTX_free);
  if (!cipher || !ctx ||
      EVP_CipherInit_ex2(ctx.get(), cipher.get(), key.data(), iv.data(), enc, nullptr) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1)
    openssl_failure("EVP_CipherInit_ex2");
  Bytes out(in.size() + block_size(c.algorithm));
  int len = 0, fin = 0;
  if (EVP_CipherUpdate(ctx.get(), out.data(), &len, in.data(), static_cast<int>(in.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), out.data() + len, &fin) != 1)
    openssl_failure("EVP_CipherUpdate");
  out.resize(static_cast<std::size_t>(len + fin));
  return out;
}

}  // namespace

bool is_supported(const Cipher& c) { return openssl_name(c) != nullptr; }

std::string to_string(const Cipher& c) {
  if (c.algorithm == EncryptionAlgorithm::TripleDesCbc) return "3des";
  if (c.algorithm == EncryptionAlgorithm::AesCbc)
    return c.key_bits == 128 ? "aes" : "aes " + std::to_string(c.key_bits);
  return "unknown";
}

std::size_t block_size(EncryptionAlgorithm a) {
  return a == EncryptionAlgorithm::TripleDesCbc ? 8 : 16;
}

std::size_t key_size(const Cipher& c) { return c.key_bits / 8; }

Bytes pad_payloads(ByteView plaintext, std::size_t block) {
  Bytes out(plaintext.begin(), plaintext.end());
  out.resize(plaintext.size() + (block - plaintext.size() % block), 0);
  return out;
}

Bytes cbc_encrypt(const Cipher& c, ByteView key, ByteView iv, ByteView plaintext) {
  return run(c, key, iv, plaintext, 1);
}

Expected<Bytes, std::string> cbc_decrypt(const Cipher& c, ByteView key, ByteView iv,
                                         ByteView ciphertext) {
  std::size_t bs = block_size(c.algorithm);
  if (ciphertext.empty() || ciphertext.size() % bs != 0) {
    return unexpected("encrypted body of " + std::to_string(ciphertext.size()) +
                      " bytes is not a whole number of " + std::to_string(bs) + "-byte blocks");
  }
  return run(c, key, iv, ciphertext, 0);
}

}  // namespace havpnc::ike::crypto
