#include "runtime/ike/protection.h"

#include <algorithm>

namespace havpnc::ike {

MessageProtection::MessageProtection(crypto::HashAlgorithm hash, crypto::Cipher cipher,
                                     Secret key, Bytes phase1_iv)
    : cipher_(cipher),
      key_(std::move(key)),
      ivs_(hash, crypto::block_size(cipher.algorithm), std::move(phase1_iv)) {}

std::optional<Bytes> MessageProtection::seal(const Message& m) {
  auto chain = encode_payload_chain(m.payloads);
  if (!chain) return std::nullopt;
  std::size_t bs = crypto::block_size(cipher_.algorithm);
  Bytes padded = crypto::pad_payloads(*chain, bs);
  Bytes iv = ivs_.iv_for(m.header.message_id);
  Bytes ct = crypto::cbc_encrypt(cipher_, key_.bytes(), iv, padded);
  ivs_.advance(m.header.message_id, ByteView(ct).last(bs));
  Header h = m.header;
  h.flags |= kFlagEncryption;
  PayloadType first = m.payloads.empty() ? PayloadType::None : m.payloads.front().type();
  Bytes out = encode_header(h, first, ct.size());
  out.insert(out.end(), ct.begin(), ct.end());
  return out;
}

Expected<MessageProtection::Opened, DecodeError> MessageProtection::open(const RawMessage& raw) {
  if (!raw.header.encrypted()) {
    return unexpected(DecodeError{DecodeErrorCode::BadNesting, PayloadType::None, 19,
                                  "E flag clear where an encrypted message is required"});
  }
  Bytes iv = ivs_.iv_for(raw.header.message_id);
  auto plain = crypto::cbc_decrypt(cipher_, key_.bytes(), iv, raw.body);
  if (!plain) {
    return unexpected(
        DecodeError{DecodeErrorCode::BadLength, PayloadType::None, kHeaderSize, plain.error()});
  }
  auto chain = decode_payload_chain(raw.header.next_payload, *plain, kHeaderSize,
                                    ChainEnd::AllowPadding);
  if (!chain) return unexpected(chain.error());
  std::size_t bs = crypto::block_size(cipher_.algorithm);
  std::size_t chain_length = 0;
  for (const auto& p : *chain) chain_length += kGenericHeaderSize + p.received_body.size();
  plain->resize(std::min(chain_length, plain->size()));
  return Opened{Message{raw.header, std::move(*chain)}, to_bytes(raw.body.last(bs)),
                std::move(*plain)};
}

ByteView payloads_after_first(const MessageProtection::Opened& opened) {
  if (opened.message.payloads.empty()) return {};
  std::size_t first = kGenericHeaderSize + opened.message.payloads.front().received_body.size();
  if (first > opened.chain.size()) return {};
  return ByteView(opened.chain).subspan(first);
}

void MessageProtection::accept(std::uint32_t message_id, ByteView last_block) {
  ivs_.advance(message_id, last_block);
}

}  // namespace havpnc::ike
