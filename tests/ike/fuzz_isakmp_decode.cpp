// libFuzzer target for the ISAKMP header and payload-chain parser: every input must decode
// to a message or an error, and a decoded plaintext message must re-encode and decode to the
// same message (the codec keeps all fields, so the round trip is an identity).
#include <cstddef>
#include <cstdint>

#include "runtime/ike/message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace havpnc::ike;
  ByteView in(data, size);
  auto raw = decode_header(in);
  if (!raw) return 0;
  // Encrypted bodies are opaque here; still run the chain parser over them as if decrypted,
  // since after a wrong-key decryption that is exactly what it sees.
  auto chain = decode_payload_chain(raw->header.next_payload, raw->body, kHeaderSize,
                                    raw->header.encrypted() ? ChainEnd::AllowPadding
                                                            : ChainEnd::Exact);
  if (!chain || raw->header.encrypted()) return 0;
  Message m{raw->header, std::move(*chain)};
  auto again = encode_message(m);
  if (!again) return 0;
  auto back = decode_message(*again);
  // An identity violation is a codec bug: make libFuzzer report it.
  if (!back || !(back->payloads == m.payloads)) __builtin_trap();
  return 0;
}
