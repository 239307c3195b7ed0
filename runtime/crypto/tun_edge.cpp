#include "runtime/crypto/tun_edge.h"

#include <boost/asio/post.hpp>

namespace havpnc::crypto {

namespace {

bool would_block(const std::error_code& ec) {
  return ec == std::errc::resource_unavailable_try_again || ec == std::errc::operation_would_block;
}

// Room for the virtio_net_hdr and the largest IPv4 packet, so a read is never truncated.
constexpr std::size_t kReadBuffer = esp::kVnetHeaderLen + esp::kMaxIpv4Packet + 1;

}  // namespace

TunEdge::TunEdge(boost::asio::io_context& io, std::string_view name_template)
    : io_(io),
      tun_(io.get_executor(), name_template, /*offload=*/true),
      buffer_(kReadBuffer),
      segment_(esp::kMaxIpv4Packet),
      self_(std::make_shared<TunEdge*>(this)) {
  tun_.set_mtu(kMtu);
  tun_.set_up(true);
}

void TunEdge::start(Reader reader) {
  reader_ = std::move(reader);
  wait();
}

void TunEdge::handle_read(std::span<std::uint8_t> bytes) {
  if (!tun_.offload()) {
    ++counters_.packets_read;
    reader_(bytes);
    return;
  }
  const auto header = esp::read_vnet_header(bytes);
  if (!header) {
    ++counters_.read_errors;
    return;
  }
  if (header->gso_type != esp::kVnetGsoNone) ++counters_.super_packets;
  const auto status = esp::segment_tso(*header, bytes.subspan(esp::kVnetHeaderLen), segment_,
                                       [this](std::span<const std::uint8_t> packet) {
                                         ++counters_.packets_read;
                                         reader_(packet);
                                       });
  if (status != esp::SegmentStatus::Ok) ++counters_.read_errors;
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
      handle_read(std::span<std::uint8_t>(buffer_.data(), len));
    }
    wait();
  });
}

void TunEdge::write_now(std::span<const std::uint8_t> bytes) {
  std::error_code ec;
  tun_.write(bytes, ec);
  if (ec)
    ++counters_.write_errors;
  else
    ++counters_.writes;
}

void TunEdge::write(std::span<const std::uint8_t> packet) {
  ++counters_.packets_written;
  if (!tun_.offload()) {
    write_now(packet);
    return;
  }
  if (!coalescer_.add(packet)) {  // every slot taken within one handler: write them out
    flush();
    coalescer_.add(packet);
  }
  if (flush_posted_) return;
  flush_posted_ = true;
  // Runs after the handler that is delivering this batch of ESP packets has returned.
  boost::asio::post(io_, [weak = std::weak_ptr<TunEdge*>(self_)] {
    if (auto self = weak.lock()) (*self)->flush();
  });
}

void TunEdge::flush() {
  flush_posted_ = false;
  coalescer_.drain([this](std::span<const std::uint8_t> bytes) { write_now(bytes); });
}

}  // namespace havpnc::crypto
