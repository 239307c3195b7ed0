// libFuzzer: the first 10 bytes are a virtio_net_hdr as the TUN would hand it over, the rest
// the packet. Cuts it (segment_tso), then pushes the packet and every segment through the
// coalescer and cuts each written super-packet again, as the kernel would. Traps when a
// segment leaves without valid IPv4/TCP checksums or anything exceeds an IPv4 packet.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "runtime/esp/tcp_offload.h"

namespace {

using namespace havpnc::esp;

void check_segment(std::span<const std::uint8_t> s, bool tcp) {
  if (s.size() > kMaxIpv4Packet) __builtin_trap();
  if (!tcp) return;
  const std::size_t ihl = std::size_t{s[0] & 0x0Fu} * 4;
  if (ones_complement_sum(s.first(ihl)) != 0xFFFF || !tcp4_checksum_valid(s, ihl)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto header = read_vnet_header({data, size});
  if (!header || size > kVnetHeaderLen + kMaxIpv4Packet) return 0;
  std::vector<std::uint8_t> packet(data + kVnetHeaderLen, data + size);
  static std::vector<std::uint8_t> scratch(kMaxIpv4Packet);
  TcpCoalescer coalescer(4);
  auto add = [&](std::span<const std::uint8_t> p) {
    if (!coalescer.add(p)) {
      coalescer.drain([](std::span<const std::uint8_t>) {});
      coalescer.add(p);
    }
  };
  add(packet);
  const bool tso = (header->gso_type & ~kVnetGsoEcn) == kVnetGsoTcpv4;
  std::vector<std::vector<std::uint8_t>> segments;
  segment_tso(*header, packet, scratch, [&](std::span<const std::uint8_t> s) {
    check_segment(s, tso);
    segments.emplace_back(s.begin(), s.end());
  });
  for (const auto& s : segments) add(s);
  std::vector<std::vector<std::uint8_t>> written;
  coalescer.drain([&](std::span<const std::uint8_t> w) {
    if (w.size() < kVnetHeaderLen || w.size() > kVnetHeaderLen + kMaxIpv4Packet) __builtin_trap();
    written.emplace_back(w.begin(), w.end());
  });
  for (auto& w : written) {
    const auto h = read_vnet_header(w);
    if (h->gso_type == kVnetGsoNone) continue;
    // A merged super-packet: the kernel's segmentation must yield valid TCP segments.
    std::span<std::uint8_t> body(w.data() + kVnetHeaderLen, w.size() - kVnetHeaderLen);
    if (segment_tso(*h, body, scratch, [](std::span<const std::uint8_t> s) { check_segment(s, true); }) !=
        SegmentStatus::Ok)
      __builtin_trap();
  }
  return 0;
}
