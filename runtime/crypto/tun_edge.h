#pragma once
// The crypto component's own edge: one TUN device (runtime/net). The kernel routes the
// crypto ACLs' remote subnets into it; every packet read goes to a callback (the component,
// through Host::handle), and every packet the component decrypts is written back for the
// kernel to forward — this is the production PacketSink.
//
// Throughput (bench/tunnel): the device is opened with TSO/checksum offload, so one read can
// be a 64 KiB TCP super-packet, cut into MTU-sized packets before the callback; decrypted
// packets are not written one by one but collected until the current event-loop handler
// (a batch of ESP reads) returns, TCP segments of one flow merged, then written — one write
// and one pass through the kernel's TCP per super-packet instead of per segment.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "runtime/crypto/packet_sink.h"
#include "runtime/esp/tcp_offload.h"
#include "runtime/net/tun_device.h"

namespace havpnc::crypto {

struct TunEdgeCounters {
  std::uint64_t packets_read = 0;      // packets handed to the reader (after segmentation)
  std::uint64_t super_packets = 0;     // reads that were TSO super-packets
  std::uint64_t read_errors = 0;       // socket errors and offload headers that did not parse
  std::uint64_t packets_written = 0;   // packets the component wrote (before coalescing)
  std::uint64_t writes = 0;            // write() syscalls that succeeded
  std::uint64_t write_errors = 0;
};

class TunEdge final : public PacketSink {
 public:
  // The plaintext MTU: 1500 minus the worst ESP tunnel overhead havpnc sends (outer IPv4 20,
  // SPI+seq 8, IV 16, pad up to 15 + 2, ICV 16), rounded down; IOS prints 1438 for
  // esp-aes esp-sha-hmac. Packets that fit need no fragmentation after encryption.
  static constexpr int kMtu = 1400;

  // Creates and brings up the device ("hvcr%d": the kernel picks the number). Throws
  // net::NetError with the operator's sentence (no /dev/net/tun, not root, ...).
  TunEdge(boost::asio::io_context& io, std::string_view name_template);

  const std::string& linux_name() const { return tun_.name(); }
  bool offload() const { return tun_.offload(); }

  using Reader = std::function<void(std::span<const std::uint8_t> packet)>;
  // Starts the read loop; `reader` is called once per packet on the io_context thread.
  void start(Reader reader);
  void stop() { stopped_ = true; }

  // Queued until the running handler returns (see above), then written in order.
  void write(std::span<const std::uint8_t> packet) override;
  const TunEdgeCounters& counters() const { return counters_; }
  const esp::CoalescerCounters& coalescer_counters() const { return coalescer_.counters(); }

 private:
  void wait();
  void handle_read(std::span<std::uint8_t> bytes);
  void flush();
  void write_now(std::span<const std::uint8_t> bytes);

  boost::asio::io_context& io_;
  net::TunDevice tun_;
  Reader reader_;
  std::vector<std::uint8_t> buffer_;
  std::vector<std::uint8_t> segment_;
  esp::TcpCoalescer coalescer_;
  bool flush_posted_ = false;
  // Posted flushes may outlive the edge (router stopping): they hold this weakly.
  std::shared_ptr<TunEdge*> self_;
  TunEdgeCounters counters_;
  bool stopped_ = false;
};

}  // namespace havpnc::crypto
