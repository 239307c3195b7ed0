#pragma once
// Encryption of ISAKMP messages once phase 1 has keys (RFC 2408 §3.1 E flag, RFC 2409
// Appendix B). Shared by main mode (MM5/MM6), quick mode and informational exchanges: the
// header stays in clear, the payload chain is padded and CBC-encrypted with the exchange's
// IV, and the IV chain advances on the last ciphertext block.
#include <optional>

#include "runtime/core/secret.h"
#include "runtime/ike/crypto/cipher.h"
#include "runtime/ike/crypto/iv_manager.h"
#include "runtime/ike/message.h"

namespace havpnc::ike {

class MessageProtection {
 public:
  MessageProtection(crypto::HashAlgorithm hash, crypto::Cipher cipher, Secret key,
                    Bytes phase1_iv);

  // Encrypts `m` (E flag set, length computed) and advances the IV chain of its message ID,
  // because a sent message is final. nullopt if the payloads cannot be encoded.
  std::optional<Bytes> seal(const Message& m);

  struct Opened {
    Message message;
    Bytes last_block;  // pass to accept() once the message's HASH has been verified
    // The decrypted payload chain without block padding: phase-2 and informational HASHes
    // cover the received bytes after the HASH payload (RFC 2409 §5.5, §5.7), not our
    // re-encoding of them.
    Bytes chain;
  };
  // Decrypts and decodes without touching the IV chain (see accept()). Errors are decode
  // errors: a wrong key shows up as a malformed chain or, if the chain happens to parse, as a
  // HASH mismatch in the task.
  Expected<Opened, DecodeError> open(const RawMessage& raw);
  void accept(std::uint32_t message_id, ByteView last_block);
  // An exchange is over (quick mode done, informational handled): drop its IV chain.
  void forget(std::uint32_t message_id) { ivs_.forget(message_id); }

  crypto::IvManager& ivs() { return ivs_; }
  const crypto::IvManager& ivs() const { return ivs_; }
  const crypto::Cipher& cipher() const { return cipher_; }

 private:
  crypto::Cipher cipher_;
  Secret key_;
  crypto::IvManager ivs_;
};

// The received bytes of every payload after the first one (which must be the HASH in
// quick mode and informational exchanges); empty if the message has fewer than one payload.
ByteView payloads_after_first(const MessageProtection::Opened& opened);

}  // namespace havpnc::ike
