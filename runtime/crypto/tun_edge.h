#pragma once
// The crypto component's own edge: one TUN device (runtime/net). The kernel routes the
// crypto ACLs' remote subnets into it; every packet read goes to a callback (the component,
// through Host::handle), and every packet the component decrypts is written back for the
// kernel to forward — this is the production PacketSink.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "runtime/crypto/packet_sink.h"
#include "runtime/net/tun_device.h"

namespace havpnc::crypto {

struct TunEdgeCounters {
  std::uint64_t packets_read = 0;
  std::uint64_t read_errors = 0;
  std::uint64_t packets_written = 0;
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

  using Reader = std::function<void(std::span<const std::uint8_t> packet)>;
  // Starts the read loop; `reader` is called once per packet on the io_context thread.
  void start(Reader reader);
  void stop() { stopped_ = true; }

  void write(std::span<const std::uint8_t> packet) override;
  const TunEdgeCounters& counters() const { return counters_; }

 private:
  void wait();

  net::TunDevice tun_;
  Reader reader_;
  std::vector<std::uint8_t> buffer_;
  TunEdgeCounters counters_;
  bool stopped_ = false;
};

}  // namespace havpnc::crypto
