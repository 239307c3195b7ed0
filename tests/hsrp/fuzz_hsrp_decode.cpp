// libFuzzer entry: every input goes through both decoders; whatever decodes is authenticated
// (text and MD5) and re-encoded. Malformed input only ever yields an error value. The one
// trap is an invariant check: a decoded packet that does not survive encode/decode means the
// codec silently changes values, which is a codec bug, not an input problem.
#include <cstddef>
#include <cstdint>
#include <span>

#include "runtime/hsrp/auth.h"
#include "runtime/hsrp/packet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace havpnc::hsrp;
  const std::span<const std::uint8_t> bytes(data, size);
  for (auto version : {Version::V1, Version::V2}) {
    const auto r = decode(version, bytes);
    if (!r.packet) continue;
    AuthConfig text;
    AuthConfig md5;
    md5.kind = AuthKind::Md5;
    (void)authenticate(*r.packet, bytes, text);
    (void)authenticate(*r.packet, bytes, md5);
    const auto again = decode(version, encode(*r.packet));
    if (!again.packet || !(*again.packet == *r.packet)) __builtin_trap();
  }
  return 0;
}
