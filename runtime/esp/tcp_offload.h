#pragma once
// The inner packets' side of the user-space data path, between a TUN device opened with
// IFF_VNET_HDR and the ESP SAs. Why: every packet that crosses the TUN one by one costs a
// syscall and a full trip through the kernel's stack (on the receiver, TCP input and an ACK
// per two segments). With TUNSETOFFLOAD (TUN_F_CSUM | TUN_F_TSO4) the kernel hands over TCP
// "super-packets" of up to 64 KiB, which are cut into MTU-sized segments here before ESP
// (ESP needs whole, checksummed IPv4 packets: the peer may be strongSwan or IOS); and the
// decrypted segments of one TCP flow are glued back into one super-packet per write, which
// the kernel's TCP receives as one (the same idea as the kernel's GRO and wireguard-go).
//
// Every packet is prefixed by the 10-byte struct virtio_net_hdr (linux/virtio_net.h), in the
// host's byte order (a TUN device without TUNSETVNETLE/BE on a little-endian host).
// Sans-IO and hostile-input safe: the kernel's header is checked like a peer's packet.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace havpnc::esp {

inline constexpr std::size_t kVnetHeaderLen = 10;
inline constexpr std::uint8_t kVnetNeedsCsum = 1;     // VIRTIO_NET_HDR_F_NEEDS_CSUM
inline constexpr std::uint8_t kVnetGsoNone = 0;       // VIRTIO_NET_HDR_GSO_NONE
inline constexpr std::uint8_t kVnetGsoTcpv4 = 1;      // VIRTIO_NET_HDR_GSO_TCPV4
inline constexpr std::uint8_t kVnetGsoEcn = 0x80;     // VIRTIO_NET_HDR_GSO_ECN
inline constexpr std::size_t kMaxIpv4Packet = 65535;

struct VnetHeader {
  std::uint8_t flags = 0;
  std::uint8_t gso_type = kVnetGsoNone;
  std::uint16_t hdr_len = 0;
  std::uint16_t gso_size = 0;
  std::uint16_t csum_start = 0;
  std::uint16_t csum_offset = 0;
};

// nullopt when fewer than 10 bytes.
std::optional<VnetHeader> read_vnet_header(std::span<const std::uint8_t> bytes);
void write_vnet_header(const VnetHeader& h, std::uint8_t* out);

// RFC 1071 one's-complement sum of `data` added to `initial` (both in memory byte order, so
// the folded result can be stored with memcpy), not complemented.
std::uint16_t ones_complement_sum(std::span<const std::uint8_t> data, std::uint32_t initial = 0);
// True when the TCP checksum of an IPv4 packet (header length `ihl_bytes`) verifies.
bool tcp4_checksum_valid(std::span<const std::uint8_t> packet, std::size_t ihl_bytes);

enum class SegmentStatus : std::uint8_t {
  Ok,
  Malformed,    // header and packet disagree, or not IPv4 / not TCP where GSO says TCPv4
  Unsupported,  // a GSO type this device never enabled (UDP, TCPv6)
};

// One packet as read from the TUN after its virtio_net_hdr: completes a partial checksum
// (NEEDS_CSUM) and cuts a TCPv4 super-packet into gso_size segments (IPv4 ID +i, total
// length and header checksum; TCP sequence +i*gso_size, FIN/PSH only on the last, CWR only
// on the first; full TCP checksum), then calls `emit` once per wire-ready IPv4 packet.
// `packet` is modified in place (checksum field); `scratch` must hold kMaxIpv4Packet bytes.
SegmentStatus segment_tso(const VnetHeader& h, std::span<std::uint8_t> packet,
                          std::span<std::uint8_t> scratch,
                          const std::function<void(std::span<const std::uint8_t>)>& emit);

struct CoalescerCounters {
  std::uint64_t packets = 0;         // added
  std::uint64_t coalesced = 0;       // appended to an earlier packet of the same flow
  std::uint64_t bad_checksum = 0;    // TCP candidates whose checksum did not verify (kept alone)
  std::uint64_t writes = 0;          // super-packets and single packets handed out
};

// Collects decrypted IPv4 packets of one event-loop batch and merges in-order TCP segments
// of the same flow (same addresses, ports, ACK number, TOS, TTL, DF, header length and
// options; ACK or ACK|PSH only, PSH ends a group; no IP options or fragments; checksums
// verified first, since the kernel will not look at a NEEDS_CSUM packet's checksum). Packets
// of different flows keep their relative order; within a flow nothing is reordered.
class TcpCoalescer {
 public:
  explicit TcpCoalescer(std::size_t max_items = 64);

  // Copies `packet` in. False when every slot is taken: drain first, then add again.
  bool add(std::span<const std::uint8_t> packet);
  // Each pending item as virtio_net_hdr + IPv4 packet, ready for one write(); then empties.
  void drain(const std::function<void(std::span<const std::uint8_t>)>& write);
  bool empty() const { return used_ == 0; }
  const CoalescerCounters& counters() const { return counters_; }

 private:
  struct Item {
    std::vector<std::uint8_t> bytes;  // kVnetHeaderLen reserved, then the IPv4 packet
    bool candidate = false;           // may take more segments
    bool psh = false;
    std::size_t ihl = 0;
    std::size_t thl = 0;
    std::uint16_t gso_size = 0;
    std::uint32_t next_seq = 0;
    std::size_t merged = 0;           // segments appended after the first
  };
  bool try_append(Item& item, std::span<const std::uint8_t> packet);
  void finish(Item& item);

  std::vector<Item> items_;
  std::size_t used_ = 0;
  CoalescerCounters counters_;
};

}  // namespace havpnc::esp
