#include "runtime/crypto/flow.h"

namespace havpnc::crypto {

namespace {

std::uint16_t be16(std::span<const std::uint8_t> p, std::size_t at) {
  return static_cast<std::uint16_t>((p[at] << 8) | p[at + 1]);
}

std::uint32_t be32(std::span<const std::uint8_t> p, std::size_t at) {
  return (std::uint32_t{p[at]} << 24) | (std::uint32_t{p[at + 1]} << 16) |
         (std::uint32_t{p[at + 2]} << 8) | std::uint32_t{p[at + 3]};
}

FlowResult fail(FlowError e) { return FlowResult{std::nullopt, e}; }

}  // namespace

FlowResult parse_flow(std::span<const std::uint8_t> p) {
  // RFC 791 §3.1.
  if (p.size() < 20) return fail(FlowError::Truncated);
  if ((p[0] >> 4) != 4) return fail(FlowError::NotIpv4);
  const std::size_t ihl = static_cast<std::size_t>(p[0] & 0x0F) * 4;
  if (ihl < 20) return fail(FlowError::BadHeaderLength);
  if (p.size() < ihl) return fail(FlowError::Truncated);
  const std::size_t total = be16(p, 2);
  if (total < ihl || total > p.size()) return fail(FlowError::BadTotalLength);

  Flow f;
  f.protocol = p[9];
  f.source = be32(p, 12);
  f.destination = be32(p, 16);
  const std::uint16_t fragment_offset = be16(p, 6) & 0x1FFF;
  const bool has_ports = f.protocol == kProtocolTcp || f.protocol == kProtocolUdp;
  if (has_ports && fragment_offset == 0 && total >= ihl + 4) {
    f.source_port = be16(p, ihl);
    f.destination_port = be16(p, ihl + 2);
  }
  return FlowResult{f, FlowError::Truncated};
}

}  // namespace havpnc::crypto
