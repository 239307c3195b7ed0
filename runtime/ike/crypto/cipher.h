#pragma once
// CBC encryption of ISAKMP payloads (RFC 2409 Appendix B, RFC 3602 for AES). Values are the
// phase-1 Encryption Algorithm attribute numbers.
#include <cstdint>
#include <string>

#include "runtime/ike/bytes.h"
#include "runtime/ike/result.h"

namespace havpnc::ike::crypto {

enum class EncryptionAlgorithm : std::uint16_t {
  TripleDesCbc = 5,
  AesCbc = 7,
};

struct Cipher {
  EncryptionAlgorithm algorithm = EncryptionAlgorithm::AesCbc;
  std::uint16_t key_bits = 128;  // the Key Length attribute for AES; 192 for 3DES (fixed)

  friend bool operator==(const Cipher&, const Cipher&) = default;
};

bool is_supported(const Cipher& c);
std::string to_string(const Cipher& c);  // IOS spelling: "aes 256", "3des"
std::size_t block_size(EncryptionAlgorithm a);
std::size_t key_size(const Cipher& c);

// IKEv1 pads the payload chain with zeros to the next block boundary, always adding at
// least one byte, as strongSwan and IOS do; the receiver ignores padding because payload
// lengths say where the chain ends (RFC 2409 Appendix B).
Bytes pad_payloads(ByteView plaintext, std::size_t block);

// `plaintext` must already be a whole number of blocks; key and IV lengths must match.
Bytes cbc_encrypt(const Cipher& c, ByteView key, ByteView iv, ByteView plaintext);
// Fails (with a reason) on a ciphertext that is empty or not a whole number of blocks.
Expected<Bytes, std::string> cbc_decrypt(const Cipher& c, ByteView key, ByteView iv,
                                         ByteView ciphertext);

}  // namespace havpnc::ike::crypto
