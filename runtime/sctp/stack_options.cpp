#include "runtime/sctp/stack_options.h"

#include "runtime/sctp/stream.h"

#include <algorithm>
#include <limits>

namespace havpnc::sctp {

namespace {
std::uint32_t ms32(std::chrono::milliseconds d) {
  return static_cast<std::uint32_t>(
      std::clamp<std::int64_t>(d.count(), 0, std::numeric_limits<std::uint32_t>::max()));
}
}  // namespace

StackOptions stack_options(const Parameters& p) {
  StackOptions o;
  o.rto_initial_ms = ms32(p.rto_initial());
  o.rto_min_ms = ms32(p.rto_min);
  o.rto_max_ms = ms32(p.rto_max);
  o.assoc_max_retrans = p.assoc_max_retrans;
  o.path_max_retrans = p.path_max_retrans;
  o.heartbeat_interval_ms = ms32(p.heartbeat_interval);
  o.out_streams = kStreamCount;
  o.max_in_streams = kStreamCount;
  o.init_max_attempts = p.assoc_max_retrans;
  o.init_max_timeout_ms = static_cast<std::uint16_t>(
      std::min<std::uint32_t>(o.rto_max_ms, std::numeric_limits<std::uint16_t>::max()));
  o.send_buffer_bytes = static_cast<int>(
      std::clamp<std::size_t>(2 * p.max_message_bytes, 256u * 1024u, 64u * 1024u * 1024u));
  return o;
}

}  // namespace havpnc::sctp
