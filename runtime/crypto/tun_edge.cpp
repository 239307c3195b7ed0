#include "runtime/crypto/tun_edge.h"

namespace havpnc::crypto {

namespace {

bool would_block(const std::error_code& ec) {
  return ec == std::errc::resource_unavailable_try_again || ec == std::errc::operation_would_block;
}

}  // namespace

TunEdge::TunEdge(boost::asio::io_context& io, std::string_view name_template)
    : tun_(io.get_executor(), name_template), buffer_(65535) {
  tun_.set_mtu(kMtu);
  tun_.set_up(true);
}

void TunEdge::start(Reader reader) {
  reader_ = std::move(reader);
  wait();
}

void TunEdge::wait() {
  tun_.async_wait_readable([this](const boost::system::error_code& wait_error) {
    if (wait_error || stopped_) return;  // cancelled: the router is stopping
    // Drain what is queued, but yield after a batch so other events are not starved.
    for (int n = 0; n < 64; ++n) {
      std::error_code ec;
      const std::size_t len = tun_.read(buffer_, ec);
      if (ec) {
        if (!would_block(ec)) ++counters_.read_errors;
        break;
      }
      ++counters_.packets_read;
      reader_(std::span<const std::uint8_t>(buffer_.data(), len));
    }
    wait();
  });
}

void TunEdge::write(std::span<const std::uint8_t> packet) {
  std::error_code ec;
  tun_.write(packet, ec);
  if (ec)
    ++counters_.write_errors;
  else
    ++counters_.packets_written;
}

}  // namespace havpnc::crypto
