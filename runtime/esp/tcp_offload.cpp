#include "runtime/esp/tcp_offload.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace havpnc::esp {

namespace {

constexpr std::uint8_t kProtoTcp = 6;
constexpr std::size_t kMinIpv4 = 20;
constexpr std::size_t kMinTcp = 20;
constexpr std::size_t kTcpSeqOff = 4;
constexpr std::size_t kTcpAckOff = 8;
constexpr std::size_t kTcpFlagsOff = 13;
constexpr std::size_t kTcpCheckOff = 16;
constexpr std::uint8_t kFin = 0x01;
constexpr std::uint8_t kPsh = 0x08;
constexpr std::uint8_t kAck = 0x10;
constexpr std::uint8_t kCwr = 0x80;
// How far back a packet looks for its flow: a batch holds few flows in practice, and a
// bounded look keeps adding O(1).
constexpr std::size_t kFlowLookback = 8;

std::uint16_t get16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
void put16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
std::uint32_t get32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}
void put32(std::uint8_t* p, std::uint32_t v) {
  put16(p, static_cast<std::uint16_t>(v >> 16));
  put16(p + 2, static_cast<std::uint16_t>(v));
}

// RFC 793 §3.1 pseudo-header (source, destination, zero, protocol, TCP length), summed.
std::uint16_t pseudo_header_sum(const std::uint8_t* ip, std::size_t tcp_len) {
  std::array<std::uint8_t, 12> ph{};
  std::memcpy(ph.data(), ip + 12, 8);
  ph[9] = kProtoTcp;
  put16(ph.data() + 10, static_cast<std::uint16_t>(tcp_len));
  return ones_complement_sum(ph);
}

void store_checksum(std::uint8_t* field, std::uint16_t memory_order_value) {
  std::memcpy(field, &memory_order_value, 2);
}

void fill_ipv4_checksum(std::uint8_t* ip, std::size_t ihl) {
  ip[10] = ip[11] = 0;
  store_checksum(ip + 10, static_cast<std::uint16_t>(~ones_complement_sum({ip, ihl})));
}

void fill_tcp_checksum(std::uint8_t* ip, std::size_t ihl, std::size_t total) {
  std::uint8_t* tcp = ip + ihl;
  tcp[kTcpCheckOff] = tcp[kTcpCheckOff + 1] = 0;
  const std::uint16_t sum = ones_complement_sum({tcp, total - ihl}, pseudo_header_sum(ip, total - ihl));
  store_checksum(tcp + kTcpCheckOff, static_cast<std::uint16_t>(~sum));
}

// RFC 793 §3.1: Data Offset, in 32-bit words.
std::size_t data_offset(const std::uint8_t* tcp) { return std::size_t{tcp[12]} >> 4 << 2; }

bool fragment(const std::uint8_t* ip) { return (ip[6] & 0x3F) != 0 || ip[7] != 0; }  // MF or offset

}  // namespace

std::optional<VnetHeader> read_vnet_header(std::span<const std::uint8_t> b) {
  if (b.size() < kVnetHeaderLen) return std::nullopt;
  VnetHeader h;
  h.flags = b[0];
  h.gso_type = b[1];
  std::memcpy(&h.hdr_len, b.data() + 2, 2);
  std::memcpy(&h.gso_size, b.data() + 4, 2);
  std::memcpy(&h.csum_start, b.data() + 6, 2);
  std::memcpy(&h.csum_offset, b.data() + 8, 2);
  return h;
}

void write_vnet_header(const VnetHeader& h, std::uint8_t* out) {
  out[0] = h.flags;
  out[1] = h.gso_type;
  std::memcpy(out + 2, &h.hdr_len, 2);
  std::memcpy(out + 4, &h.gso_size, 2);
  std::memcpy(out + 6, &h.csum_start, 2);
  std::memcpy(out + 8, &h.csum_offset, 2);
}

std::uint16_t ones_complement_sum(std::span<const std::uint8_t> data, std::uint32_t initial) {
  // RFC 1071 §2: the sum may be taken over wider words in memory order and folded; it is
  // byte-order independent, so no swapping per word.
  std::uint64_t sum = initial;
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  while (n >= 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    sum += (v & 0xFFFFFFFFu) + (v >> 32);
    p += 8;
    n -= 8;
  }
  if (n >= 4) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    sum += v;
    p += 4;
    n -= 4;
  }
  if (n >= 2) {
    std::uint16_t v;
    std::memcpy(&v, p, 2);
    sum += v;
    p += 2;
    n -= 2;
  }
  if (n == 1) {
    // The odd byte is the high half of a zero-padded big-endian word.
    const std::uint8_t pad[2] = {p[0], 0};
    std::uint16_t v;
    std::memcpy(&v, pad, 2);
    sum += v;
  }
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}

bool tcp4_checksum_valid(std::span<const std::uint8_t> packet, std::size_t ihl) {
  if (packet.size() < ihl + kMinTcp) return false;
  const std::size_t tcp_len = packet.size() - ihl;
  return ones_complement_sum(packet.subspan(ihl), pseudo_header_sum(packet.data(), tcp_len)) == 0xFFFF;
}

SegmentStatus segment_tso(const VnetHeader& h, std::span<std::uint8_t> packet,
                          std::span<std::uint8_t> scratch,
                          const std::function<void(std::span<const std::uint8_t>)>& emit) {
  const std::uint8_t gso = static_cast<std::uint8_t>(h.gso_type & ~kVnetGsoEcn);
  if (gso == kVnetGsoNone) {
    if (h.flags & kVnetNeedsCsum) {
      // virtio: the field holds the pseudo-header sum; sum from csum_start on and complement.
      const std::size_t at = std::size_t{h.csum_start} + h.csum_offset;
      if (h.csum_start >= packet.size() || at + 2 > packet.size()) return SegmentStatus::Malformed;
      const std::uint16_t sum = ones_complement_sum(packet.subspan(h.csum_start));
      store_checksum(packet.data() + at, static_cast<std::uint16_t>(~sum));
    }
    emit(packet);
    return SegmentStatus::Ok;
  }
  if (gso != kVnetGsoTcpv4) return SegmentStatus::Unsupported;

  // The packet is checked on its own terms; hdr_len and csum_start are only the kernel's hints.
  std::uint8_t* ip = packet.data();
  if (packet.size() < kMinIpv4 + kMinTcp || packet.size() > kMaxIpv4Packet) return SegmentStatus::Malformed;
  const std::size_t ihl = std::size_t{ip[0] & 0x0Fu} * 4;
  if ((ip[0] >> 4) != 4 || ihl < kMinIpv4 || ip[9] != kProtoTcp || fragment(ip)) return SegmentStatus::Malformed;
  if (packet.size() < ihl + kMinTcp) return SegmentStatus::Malformed;
  const std::size_t thl = data_offset(ip + ihl);
  const std::size_t hdr = ihl + thl;
  if (thl < kMinTcp || packet.size() < hdr || h.gso_size == 0) return SegmentStatus::Malformed;
  if (scratch.size() < std::min<std::size_t>(packet.size(), hdr + h.gso_size)) return SegmentStatus::Malformed;

  const std::size_t payload = packet.size() - hdr;
  if (payload <= h.gso_size) {  // one segment: only the checksums to finish
    put16(ip + 2, static_cast<std::uint16_t>(packet.size()));
    fill_ipv4_checksum(ip, ihl);
    fill_tcp_checksum(ip, ihl, packet.size());
    emit(packet);
    return SegmentStatus::Ok;
  }
  const std::uint16_t first_id = get16(ip + 4);
  const std::uint32_t first_seq = get32(ip + ihl + kTcpSeqOff);
  const std::uint8_t flags = ip[ihl + kTcpFlagsOff];
  std::size_t i = 0;
  for (std::size_t off = 0; off < payload; off += h.gso_size, ++i) {
    const std::size_t len = std::min<std::size_t>(h.gso_size, payload - off);
    const bool last = off + len == payload;
    std::uint8_t* out = scratch.data();
    std::memcpy(out, ip, hdr);
    std::memcpy(out + hdr, ip + hdr + off, len);
    const std::size_t total = hdr + len;
    put16(out + 2, static_cast<std::uint16_t>(total));
    put16(out + 4, static_cast<std::uint16_t>(first_id + i));
    fill_ipv4_checksum(out, ihl);
    put32(out + ihl + kTcpSeqOff, first_seq + static_cast<std::uint32_t>(off));
    std::uint8_t f = flags;
    if (!last) f = static_cast<std::uint8_t>(f & ~(kFin | kPsh));  // the stream ends only once
    if (i > 0) f = static_cast<std::uint8_t>(f & ~kCwr);          // RFC 3168 §6.1.2: CWR once
    out[ihl + kTcpFlagsOff] = f;
    fill_tcp_checksum(out, ihl, total);
    emit({out, total});
  }
  return SegmentStatus::Ok;
}

TcpCoalescer::TcpCoalescer(std::size_t max_items) : items_(std::max<std::size_t>(max_items, 1)) {}

bool TcpCoalescer::try_append(Item& item, std::span<const std::uint8_t> pkt) {
  const std::uint8_t* a = item.bytes.data() + kVnetHeaderLen;
  const std::uint8_t* b = pkt.data();
  const std::size_t thl = data_offset(b + 20);
  const std::size_t payload = pkt.size() - 20 - thl;
  const std::size_t item_payload = item.bytes.size() - kVnetHeaderLen - item.ihl - item.thl;
  if (!item.candidate || item.psh || thl != item.thl) return false;
  if (a[1] != b[1] || a[8] != b[8] || (a[6] >> 5) != (b[6] >> 5)) return false;  // TOS, TTL, DF
  if (std::memcmp(a + 20 + kTcpAckOff, b + 20 + kTcpAckOff, 4) != 0) return false;
  if (std::memcmp(a + 40, b + 40, thl - kMinTcp) != 0) return false;             // options
  if (get32(b + 20 + kTcpSeqOff) != item.next_seq) return false;
  // Equal-size segments, at most a shorter last one: the kernel re-cuts at gso_size.
  if (item_payload % item.gso_size != 0 || payload > item.gso_size) return false;
  if (item.bytes.size() - kVnetHeaderLen + payload > kMaxIpv4Packet) return false;
  item.bytes.insert(item.bytes.end(), pkt.begin() + static_cast<std::ptrdiff_t>(20 + thl), pkt.end());
  if (b[20 + kTcpFlagsOff] & kPsh) {
    item.psh = true;
    item.bytes[kVnetHeaderLen + 20 + kTcpFlagsOff] |= kPsh;
  }
  item.next_seq += static_cast<std::uint32_t>(payload);
  ++item.merged;
  return true;
}

bool TcpCoalescer::add(std::span<const std::uint8_t> pkt) {
  // A candidate: IPv4 without options, TCP, not a fragment, total length = bytes read, a
  // payload, and only ACK or ACK|PSH (SYN/FIN/RST/URG/ECE/CWR must reach TCP as they came).
  const std::uint8_t* p = pkt.data();
  bool candidate = pkt.size() >= 40 && p[0] == 0x45 && p[9] == kProtoTcp && !fragment(p) &&
                   get16(p + 2) == pkt.size();
  std::size_t thl = 0;
  if (candidate) {
    thl = data_offset(p + 20);
    const std::uint8_t f = p[20 + kTcpFlagsOff];
    candidate = thl >= kMinTcp && 20 + thl < pkt.size() && (f == kAck || f == (kAck | kPsh));
  }
  if (candidate && !tcp4_checksum_valid(pkt, 20)) {
    ++counters_.bad_checksum;
    candidate = false;  // passed on alone: the kernel's TCP drops it as it would have
  }
  if (candidate) {
    // The most recent item of the same connection decides: append, or start a new item
    // after it (never merge across it, which would reorder the flow).
    for (std::size_t k = 0; k < std::min(used_, kFlowLookback); ++k) {
      Item& it = items_[used_ - 1 - k];
      const std::uint8_t* q = it.bytes.data() + kVnetHeaderLen;
      if (it.bytes.size() < kVnetHeaderLen + 20 || q[9] != kProtoTcp) continue;
      if (std::memcmp(q + 12, p + 12, 8) != 0) continue;  // other hosts
      // Same hosts: a different candidate connection is passed over; anything of these
      // hosts that cannot take segments (options, fragment, SYN...) is a barrier.
      if (it.candidate && std::memcmp(q + 20, p + 20, 4) != 0) continue;
      if (try_append(it, pkt)) {
        ++counters_.packets;
        ++counters_.coalesced;
        return true;
      }
      break;
    }
  }
  if (used_ == items_.size()) return false;
  ++counters_.packets;
  Item& it = items_[used_++];
  it.bytes.resize(kVnetHeaderLen);
  it.bytes.insert(it.bytes.end(), pkt.begin(), pkt.end());
  it.candidate = candidate;
  it.psh = candidate && (p[20 + kTcpFlagsOff] & kPsh) != 0;
  it.ihl = 20;
  it.thl = thl;
  it.gso_size = candidate ? static_cast<std::uint16_t>(pkt.size() - 20 - thl) : 0;
  it.next_seq = candidate ? get32(p + 20 + kTcpSeqOff) + it.gso_size : 0;
  it.merged = 0;
  return true;
}

void TcpCoalescer::finish(Item& item) {
  VnetHeader h;  // a single packet: no offload, the kernel verifies its checksum as usual
  if (item.merged > 0) {
    std::uint8_t* ip = item.bytes.data() + kVnetHeaderLen;
    const std::size_t total = item.bytes.size() - kVnetHeaderLen;
    put16(ip + 2, static_cast<std::uint16_t>(total));
    fill_ipv4_checksum(ip, item.ihl);
    // CHECKSUM_PARTIAL: the field holds the pseudo-header sum (not complemented); TCP input
    // trusts it because every segment's own checksum was verified before it was merged.
    store_checksum(ip + item.ihl + kTcpCheckOff, pseudo_header_sum(ip, total - item.ihl));
    h.flags = kVnetNeedsCsum;
    h.gso_type = kVnetGsoTcpv4;
    h.hdr_len = static_cast<std::uint16_t>(item.ihl + item.thl);
    h.gso_size = item.gso_size;
    h.csum_start = static_cast<std::uint16_t>(item.ihl);
    h.csum_offset = kTcpCheckOff;
  }
  write_vnet_header(h, item.bytes.data());
}

void TcpCoalescer::drain(const std::function<void(std::span<const std::uint8_t>)>& write) {
  for (std::size_t i = 0; i < used_; ++i) {
    finish(items_[i]);
    ++counters_.writes;
    write(items_[i].bytes);
  }
  used_ = 0;
}

}  // namespace havpnc::esp
