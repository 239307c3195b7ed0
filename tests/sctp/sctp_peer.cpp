// The other router in the end-to-end tests: usrsctp is one stack per process, so the peer is
// a process of its own, started (and killed) by the test.
//
//   sctp_peer LOCAL_PORT REMOTE_PORT MODE [BULK UPDATES]
//   MODE echo:  echo every message back on its stream
//   MODE sink:  (seed timers) count bulk records; once BULK have arrived in order (every byte checked of one
//               in 64), answer with one update carrying the count (never, if one is wrong)
//   MODE burst: on up, feed BULK bulk records, keeping a few MB queued (as a bulk sync feeds
//               with backpressure), send one update every millisecond while bulk is still
//               queued (UPDATES at most), then a last update once all bulk is handed over.
//               Uses the seed's timers (retransmit-timeout 300 10000, 5/5): a slow (sanitized)
//               build must not lose the association mid-burst.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "runtime/sctp/usrsctp_association.h"
#include "tests/sctp/traffic.h"

using namespace havpnc;
using namespace havpnc::sctp;

namespace {

class Peer : public AssociationHandler {
 public:
  Peer(boost::asio::io_context& io, std::string mode, std::uint32_t bulk, std::uint32_t updates)
      : timer_(io), mode_(std::move(mode)), bulk_(bulk), updates_(updates) {}
  Association* association = nullptr;

  void on_up(const UpEvent&) override {
    if (mode_ != "burst" || burst_started_) return;
    burst_started_ = true;
    feed();
    tick();
  }
  void on_down(const DownEvent&) override {}
  void on_message(Stream stream, std::span<const std::uint8_t> m) override {
    if (mode_ == "sink") return sink(stream, m);
    if (mode_ == "echo" || burst_done_) association->send(stream, m);
  }
  void on_drained() override {
    if (mode_ != "burst" || !burst_started_ || burst_done_) return;
    feed();
    if (fed_ == bulk_ && association->queued().bulk_messages == 0) {
      burst_done_ = true;
      association->send(Stream::Update, test::make_update(test::kLastUpdate, bulk_));
    }
  }

 private:
  void sink(Stream stream, std::span<const std::uint8_t> m) {
    // As fast a receiver as can be (a slow one closes its window, which drains the flight and
    // hides the sender's timer bug): index always, every byte of one record in 64.
    std::uint32_t index = 0;
    if (stream != Stream::Bulk || m.size() < 8) return;
    std::memcpy(&index, m.data(), 4);
    if (index != sunk_ || (index % 64 == 0 && !test::check_record(m))) return;
    if (++sunk_ == bulk_) association->send(Stream::Update, test::make_update(test::kLastUpdate, sunk_));
  }

  void feed() {
    while (fed_ < bulk_ && association->queued().bytes() < 4u * 1024 * 1024) {
      if (association->send(Stream::Bulk, test::make_bulk(fed_)) != SendResult::Queued) {
        std::fprintf(stderr, "peer: bulk %u refused\n", fed_);
        std::exit(3);
      }
      ++fed_;
    }
  }

  void tick() {
    feed();
    const auto queued = association->queued().bulk_messages;
    if (queued == 0 || sent_updates_ >= updates_) return;
    const auto handed = fed_ - static_cast<std::uint32_t>(queued);
    association->send(Stream::Update, test::make_update(sent_updates_++, handed));
    timer_.expires_after(std::chrono::milliseconds{1});
    timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) tick();
    });
  }

  boost::asio::steady_timer timer_;
  std::string mode_;
  std::uint32_t bulk_, updates_;
  std::uint32_t sent_updates_ = 0, fed_ = 0, sunk_ = 0;
  bool burst_started_ = false, burst_done_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: sctp_peer LOCAL_PORT REMOTE_PORT echo|sink|burst [BULK UPDATES]\n");
    return 2;
  }
  Parameters p;
  p.local_addresses = {*plan::Ipv4::parse("127.0.0.1")};
  p.remote_addresses = p.local_addresses;
  p.local_port = static_cast<std::uint16_t>(std::atoi(argv[1]));
  p.remote_port = static_cast<std::uint16_t>(std::atoi(argv[2]));
  const std::string mode = argv[3];
  if (mode == "echo") {  // the same small timers as the test's own end
    p.rto_min = std::chrono::milliseconds{50};
    p.rto_max = std::chrono::milliseconds{200};
    p.assoc_max_retrans = 3;
    p.path_max_retrans = 3;
    p.heartbeat_interval = std::chrono::milliseconds{100};
  }
  const auto bulk = argc > 4 ? static_cast<std::uint32_t>(std::atoi(argv[4])) : 0u;
  const auto updates = argc > 5 ? static_cast<std::uint32_t>(std::atoi(argv[5])) : 0u;

  boost::asio::io_context io;
  Peer peer(io, mode, bulk, updates);
  std::mt19937 rng(std::random_device{}());
  UsrsctpAssociation association(
      io, p, peer, [](const LogRecord& r) { std::fprintf(stderr, "peer: %s\n", r.format().c_str()); },
      BackoffConfig{std::chrono::milliseconds{20}, std::chrono::milliseconds{200}}, [&] { return rng(); });
  peer.association = &association;
  if (auto error = association.start()) {
    std::fprintf(stderr, "peer: %s\n", error->c_str());
    return 1;
  }
  io.run();
}
