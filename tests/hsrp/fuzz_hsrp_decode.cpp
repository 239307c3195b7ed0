// libFuzzer entry for everything an HSRP payload from the wire reaches.
//  1. The input as one payload: both decoders; whatever decodes is authenticated (text and
//     MD5) and re-encoded.
//  2. The input as a sequence of payloads (each prefixed by one length octet) fed, 100 ms
//     apart, to a v1 and a v2 Group in Listen, alternating between two peer addresses: the
//     state machine must take any sequence of messages.
// Malformed input only ever yields an error value. The one trap is an invariant check: a
// decoded packet that does not survive encode/decode means the codec silently changes
// values, which is a codec bug, not an input problem.
#include <cstddef>
#include <cstdint>
#include <span>

#include "runtime/hsrp/auth.h"
#include "runtime/hsrp/group.h"
#include "runtime/hsrp/packet.h"

namespace {

using namespace havpnc::hsrp;

void check_codec(std::span<const std::uint8_t> bytes) {
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
}

void drive_groups(std::span<const std::uint8_t> bytes) {
  for (auto version : {Version::V1, Version::V2}) {
    GroupConfig c;
    c.interface_name = "GigabitEthernet0/1";
    c.own_ip = 0x06069c0a;
    c.group = 2;
    c.version = version;
    c.virtual_ip = 0x06069c64;
    c.preempt = true;
    Group g(c);
    havpnc::TimePoint now{};
    (void)g.interface_up(now);
    std::size_t off = 0;
    bool high = false;
    while (off < bytes.size()) {
      const std::size_t n = std::min<std::size_t>(bytes[off], bytes.size() - off - 1);
      const auto payload = bytes.subspan(off + 1, n);
      off += 1 + n;
      high = !high;
      (void)g.receive(payload, high ? 0x06069c0b : 0x06069c09, now);
      now += havpnc::milliseconds(100);
      (void)g.timer_expired(Timer::Active, now);
      (void)g.timer_expired(Timer::Standby, now);
      (void)g.timer_expired(Timer::Hello, now);
      (void)g.timer_expired(Timer::PreemptDelay, now);
    }
    (void)g.snapshot(now);
    (void)g.interface_down(now);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  check_codec(bytes);
  drive_groups(bytes);
  return 0;
}
