// usrsctp end to end: this process is one router, a forked+exec'd sctp_peer the other (usrsctp
// is one stack per process). Loopback only, two UDP encapsulation ports.
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "runtime/sctp/usrsctp_association.h"
#include "tests/sctp/traffic.h"

namespace havpnc::sctp {
namespace {

using namespace std::chrono_literals;

// A UDP port nothing on 127.0.0.1 uses right now (bound and released; the peer rebinds it).
std::uint16_t free_udp_port() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t length = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length);
  ::close(fd);
  return ntohs(a.sin_port);
}

struct Recorder : AssociationHandler {
  std::vector<UpEvent> ups;
  std::vector<DownEvent> downs;
  std::vector<std::pair<Stream, std::vector<std::uint8_t>>> messages;
  std::chrono::steady_clock::time_point last_down_at;
  void on_up(const UpEvent& e) override { ups.push_back(e); }
  void on_down(const DownEvent& e) override {
    downs.push_back(e);
    last_down_at = std::chrono::steady_clock::now();
  }
  void on_message(Stream s, std::span<const std::uint8_t> m) override {
    messages.emplace_back(s, std::vector<std::uint8_t>(m.begin(), m.end()));
  }
};

class UsrsctpEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    // This end initiates (lower port), the peer listens: then a restarted peer is reached by
    // this end's reconnect backoff.
    local_port_ = free_udp_port();
    do peer_port_ = free_udp_port(); while (peer_port_ == local_port_);
    if (local_port_ > peer_port_) std::swap(local_port_, peer_port_);
    params_.local_addresses = {*plan::Ipv4::parse("127.0.0.1")};
    params_.remote_addresses = params_.local_addresses;
    params_.local_port = local_port_;
    params_.remote_port = peer_port_;
    params_.rto_min = 50ms;
    params_.rto_max = 200ms;
    params_.assoc_max_retrans = 3;
    params_.path_max_retrans = 3;
    params_.heartbeat_interval = 100ms;
  }
  void TearDown() override {
    kill_peer();
  }

  void start_peer(std::vector<std::string> mode) {
    std::vector<std::string> args{SCTP_PEER_PATH, std::to_string(peer_port_), std::to_string(local_port_)};
    args.insert(args.end(), mode.begin(), mode.end());
    peer_ = ::fork();
    ASSERT_GE(peer_, 0);
    if (peer_ == 0) {
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }
  void kill_peer() {
    if (peer_ <= 0) return;
    ::kill(peer_, SIGKILL);
    ::waitpid(peer_, nullptr, 0);
    peer_ = -1;
  }

  std::unique_ptr<UsrsctpAssociation> make(Recorder& recorder) {
    return std::make_unique<UsrsctpAssociation>(
        io_, params_, recorder, [this](const LogRecord& r) { log_.push_back(r.format()); },
        BackoffConfig{20ms, 200ms}, [this] { return static_cast<std::uint32_t>(rng_()); });
  }

  // Poll the event loop until `done` holds or `timeout` passes.
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      io_.run_one_for(5ms);
    }
    return true;
  }

  std::string log_text() const {
    std::string s;
    for (const auto& l : log_) s += l + "\n";
    return s;
  }

  boost::asio::io_context io_;
  Parameters params_;
  std::uint16_t local_port_ = 0, peer_port_ = 0;
  pid_t peer_ = -1;
  std::mt19937 rng_{7};
  std::vector<std::string> log_;
};

TEST_F(UsrsctpEndToEnd, ComesUpWithTwoStreamsAndEchoesOnBoth) {
  Recorder r;
  auto a = make(r);
  start_peer({"echo"});
  ASSERT_EQ(a->start(), std::nullopt);
  EXPECT_EQ(a->role(), Role::Initiator);
  ASSERT_TRUE(run_until([&] { return a->is_up(); }, 10s)) << log_text();
  ASSERT_EQ(r.ups.size(), 1u);
  EXPECT_EQ(r.ups[0].outbound_streams, 2);
  EXPECT_EQ(r.ups[0].inbound_streams, 2);
  EXPECT_FALSE(r.ups[0].restart);
  EXPECT_NE(log_text().find("%SCTP-6-START: association 1 backend usrsctp"), std::string::npos) << log_text();
  EXPECT_NE(log_text().find("initiator, RTO 50-200 ms, path-retransmit 3, assoc-retransmit 3"), std::string::npos)
      << log_text();
  // retransmit-timeout 50 200 / path-retransmit 3 / assoc-retransmit 3 as the live association
  // holds them (getsockopt), not just as we asked.
  const auto applied = a->applied_options();
  ASSERT_TRUE(applied);
  EXPECT_EQ(applied->rto_min_ms, 50u);
  EXPECT_EQ(applied->rto_max_ms, 200u);
  EXPECT_EQ(applied->rto_initial_ms, 200u);  // RFC 4960's 3 s, clamped to the configured max
  EXPECT_EQ(applied->path_max_retrans, 3);
  EXPECT_EQ(applied->assoc_max_retrans, 3);
  EXPECT_EQ(applied->heartbeat_interval_ms, 100u);
  EXPECT_EQ(applied->init_max_attempts, 3);

  ASSERT_EQ(a->send(Stream::Bulk, test::make_bulk(50)), SendResult::Queued);  // 64 KB
  ASSERT_EQ(a->send(Stream::Update, test::make_update(1, 2)), SendResult::Queued);
  ASSERT_TRUE(run_until([&] { return r.messages.size() == 2; }, 10s));
  for (const auto& [stream, bytes] : r.messages) {
    const auto rec = test::check_record(bytes);
    ASSERT_TRUE(rec);
    if (stream == Stream::Bulk) {
      EXPECT_EQ(bytes.size(), 65536u);
      EXPECT_EQ(rec->index, 50u);
    } else {
      EXPECT_EQ(bytes.size(), test::kUpdateSize);
      EXPECT_EQ(rec->index, 1u);
    }
  }
  EXPECT_EQ(a->send(Stream::Bulk, {}), SendResult::Empty);
  EXPECT_EQ(a->send(Stream::Bulk, std::vector<std::uint8_t>(params_.max_message_bytes + 1)),
            SendResult::TooLarge);
}

// 10,000 bulk records queued at once, small updates sent every millisecond meanwhile. Checks
// every byte and per-stream order, and that no update waited behind bulk the sender still held:
// when update k arrives, at most the bulk records handed to the stack before it have arrived.
TEST_F(UsrsctpEndToEnd, BulkAndUpdatesArriveIntactInOrderAndUpdatesAreNotQueuedBehindBulk) {
  constexpr std::uint32_t kBulk = 10000, kUpdates = 300;
  Recorder r;
  std::uint32_t bulk_seen = 0, updates_seen = 0, bad = 0, order_errors = 0;
  std::uint32_t updates_behind_queued_bulk = 0, updates_during_bulk = 0;
  bool last_update = false;
  struct Counting : Recorder {
    std::function<void(Stream, std::span<const std::uint8_t>)> f;
    void on_message(Stream s, std::span<const std::uint8_t> m) override { f(s, m); }
  } counting;
  counting.f = [&](Stream s, std::span<const std::uint8_t> m) {
    const auto rec = test::check_record(m);
    if (!rec) return void(++bad);
    if (s == Stream::Bulk) {
      if (rec->index != bulk_seen || m.size() != test::bulk_size(rec->index)) {
        if (order_errors++ == 0) ADD_FAILURE() << "bulk " << rec->index << " arrived as number " << bulk_seen;
      }
      ++bulk_seen;
      return;
    }
    if (m.size() != test::kUpdateSize) return void(++bad);
    if (rec->index == test::kLastUpdate) {
      last_update = true;
      return;
    }
    if (rec->index != updates_seen) {
      if (order_errors++ == 0) ADD_FAILURE() << "update " << rec->index << " arrived as number " << updates_seen;
    }
    ++updates_seen;
    if (rec->extra < kBulk) ++updates_during_bulk;
    if (bulk_seen > rec->extra) ++updates_behind_queued_bulk;
  };
  // The seed's timers, as the peer uses in burst mode: this test is about order, not about
  // noticing failures quickly.
  const Parameters seed;
  params_.rto_min = seed.rto_min;
  params_.rto_max = seed.rto_max;
  params_.assoc_max_retrans = seed.assoc_max_retrans;
  params_.path_max_retrans = seed.path_max_retrans;
  params_.heartbeat_interval = seed.heartbeat_interval;
  auto a = make(counting);
  start_peer({"burst", std::to_string(kBulk), std::to_string(kUpdates)});
  ASSERT_EQ(a->start(), std::nullopt);
  ASSERT_TRUE(run_until([&] { return (last_update && bulk_seen == kBulk) || !counting.downs.empty(); }, 300s))
      << "bulk " << bulk_seen << " updates " << updates_seen << "\n" << log_text();
  ASSERT_TRUE(counting.downs.empty()) << log_text();
  EXPECT_EQ(bad, 0u);
  EXPECT_EQ(order_errors, 0u);
  EXPECT_EQ(bulk_seen, kBulk);
  EXPECT_GT(updates_seen, 0u);
  // The contention really happened: updates were sent while bulk was still queued...
  EXPECT_GT(updates_during_bulk, 0u);
  // ...and none of them arrived after bulk the sender had not yet handed over.
  EXPECT_EQ(updates_behind_queued_bulk, 0u);
  EXPECT_EQ(a->counters().unknown_stream_messages, 0u);
  EXPECT_EQ(a->counters().truncated_messages, 0u);
  std::printf("bulk %u, updates %u (%u sent during bulk)\n", bulk_seen, updates_seen, updates_during_bulk);
}

// Regression for the T3-rtx expiries seen during bulk sync on a lossless path (see
// runtime/sctp/flight_breaks.h): usrsctp 0.9.5 does not restart T3-rtx when SACKs advance,
// so bulk kept in flight longer than RTO expired it every RTO with nothing lost (measured:
// every ~2 RTO.min, thousands of SACKs in the RTO before each). This end sends, the peer
// process only counts; usrsctp's counters here must show no expiry and nothing marked for
// retransmission. Two processes, as two routers: in one process the single event loop
// happens to let the flight drain often enough that the bug does not show.
TEST_F(UsrsctpEndToEnd, LosslessBulkSyncExpiresNoRetransmissionTimer) {
  // 64 MB, a few seconds: the first few hundred ms the flight still drains now and then (slow
  // start), the rest is one long flight.
  constexpr std::uint32_t kRecords = 4000;
  constexpr std::size_t kRecordSize = 16 * 1024;
  const Parameters seed;  // retransmit-timeout 300 10000, 5/5, as the sink peer uses
  params_.rto_min = seed.rto_min;
  params_.rto_max = seed.rto_max;
  params_.assoc_max_retrans = seed.assoc_max_retrans;
  params_.path_max_retrans = seed.path_max_retrans;
  params_.heartbeat_interval = seed.heartbeat_interval;
  struct Feeder : Recorder {
    Association* association = nullptr;
    std::uint32_t fed = 0;
    bool confirmed = false;
    void on_drained() override { feed(); }
    void on_message(Stream s, std::span<const std::uint8_t> m) override {
      const auto r = test::check_record(m);
      confirmed = s == Stream::Update && r && r->index == test::kLastUpdate && r->extra == kRecords;
    }
    // A sender that pauses to build each record lets the flight drain now and then, which
    // hides the bug: one template, its index patched; the sink checks every byte of the
    // records whose index is a multiple of 64, which are built in full.
    std::vector<std::uint8_t> record = test::make_record(1, 0, kRecordSize);
    void feed() {
      // Backpressure as a bulk sync feeds: a few MB queued at most.
      while (fed < kRecords && association->queued().bytes() < 4u * 1024 * 1024) {
        std::memcpy(record.data(), &fed, 4);
        const auto r = fed % 64 == 0 ? test::make_record(fed, 0, kRecordSize) : record;
        if (association->send(Stream::Bulk, r) != SendResult::Queued) return;
        ++fed;
      }
    }
  } feeder;
  auto a = make(feeder);
  feeder.association = a.get();
  start_peer({"sink", std::to_string(kRecords)});
  ASSERT_EQ(a->start(), std::nullopt);
  ASSERT_TRUE(run_until([&] { return a->is_up(); }, 10s)) << log_text();

  const auto before = UsrsctpStack::statistics();
  const auto t0 = std::chrono::steady_clock::now();
  feeder.feed();
  ASSERT_TRUE(run_until([&] { return feeder.confirmed || !feeder.downs.empty(); }, 120s))
      << feeder.fed << " fed\n" << log_text();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto after = UsrsctpStack::statistics();

  EXPECT_TRUE(feeder.downs.empty()) << log_text();
  EXPECT_EQ(after.t3_expiries - before.t3_expiries, 0u) << "T3-rtx expired on a lossless path";
  EXPECT_EQ(after.marked_for_resend - before.marked_for_resend, 0u) << "DATA marked for retransmission";
  // The transfer outlasted RTO.min, so without breaks the timer would have expired.
  EXPECT_GT(seconds, 0.2);
  EXPECT_GT(a->counters().flight_breaks, 0u);
  std::printf("%u records of %zu B in %.2f s (%.1f MB/s), %llu flight breaks, %llu SACKs\n", kRecords,
              kRecordSize, seconds, kRecords * kRecordSize / seconds / 1e6,
              static_cast<unsigned long long>(a->counters().flight_breaks),
              static_cast<unsigned long long>(after.sacks_received - before.sacks_received));
}

// SIGKILL: no ABORT, no SHUTDOWN. The association must notice through unanswered HEARTBEATs
// and retransmissions (RFC 4960 §8.1/§8.3), i.e. after the configured limits, not at once.
// Then, with the peer restarted on the same port, this end reconnects with backoff.
TEST_F(UsrsctpEndToEnd, KilledPeerGoesDownAfterRetransmissionLimitAndReconnectsWhenBack) {
  Recorder r;
  auto a = make(r);
  start_peer({"echo"});
  ASSERT_EQ(a->start(), std::nullopt);
  ASSERT_TRUE(run_until([&] { return a->is_up(); }, 10s)) << log_text();
  a->send(Stream::Update, test::make_update(1, 0));
  ASSERT_TRUE(run_until([&] { return r.messages.size() == 1; }, 10s));

  const auto killed_at = std::chrono::steady_clock::now();
  kill_peer();
  ASSERT_TRUE(run_until([&] { return !r.downs.empty(); }, 30s)) << log_text();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(r.last_down_at - killed_at);
  EXPECT_EQ(r.downs[0].reason, DownReason::RetransmissionLimit) << r.downs[0].detail;
  // Lower bound: at least assoc-retransmit RTOs of at least RTO.min each must have expired.
  EXPECT_GE(took, params_.rto_min * params_.assoc_max_retrans);
  std::printf("down %lld ms after SIGKILL (%s)\n", static_cast<long long>(took.count()),
              r.downs[0].detail.c_str());
  EXPECT_FALSE(a->is_up());
  EXPECT_EQ(a->send(Stream::Update, test::make_update(2, 0)), SendResult::NotUp);

  // While the peer is away, attempts continue (INITs unanswered, backoff between them).
  const auto attempts = a->counters().connect_attempts;
  ASSERT_TRUE(run_until([&] { return a->counters().connect_attempts >= attempts + 2; }, 30s)) << log_text();
  EXPECT_NE(log_text().find("%SCTP-6-RECONNECT"), std::string::npos);

  start_peer({"echo"});
  ASSERT_TRUE(run_until([&] { return a->is_up(); }, 30s)) << log_text();
  EXPECT_EQ(r.ups.size(), 2u);
  r.messages.clear();
  ASSERT_EQ(a->send(Stream::Bulk, test::make_bulk(7)), SendResult::Queued);
  ASSERT_TRUE(run_until([&] { return r.messages.size() == 1; }, 10s));
  EXPECT_TRUE(test::check_record(r.messages[0].second));
  EXPECT_EQ(a->counters().ups, 2u);
  EXPECT_EQ(a->counters().downs, 1u);
}

// A partition (the lab's SSO case: nftables drops everything between the routers): the peer
// stops answering but its port stays open, so no ABORT and no ICMP. The association is idle,
// so only HEARTBEATs (RFC 4960 §8.3) can find out, each sent HB.interval + RTO (±50 % jitter
// in usrsctp) after the last, the RTO doubling per unanswered one (§6.3.3 E2). That RTO is
// only as small as the path's measured one: here this end starts before the peer, so its
// first INIT goes unanswered — as when one router boots first — and the handshake gives no
// RTT sample (the RTO after a T1-init expiry is doubled, RFC 4960 §6.3.3 E2 / §5.1 C3).
// RTO.max far above RTO.min, as with the seed's `retransmit-timeout 300 10000`: an
// unmeasured path (RTO.Initial clamped to RTO.max) takes several times the bound below.
TEST_F(UsrsctpEndToEnd, IdleInitiatorGoesDownWhenThePeerStopsAnswering) {
  params_.rto_min = 50ms;
  params_.rto_max = 2000ms;
  params_.heartbeat_interval = 100ms;
  params_.path_max_retrans = 3;
  params_.assoc_max_retrans = 3;
  Recorder r;
  auto a = make(r);
  ASSERT_EQ(a->start(), std::nullopt);
  ASSERT_EQ(a->role(), Role::Initiator);
  run_until([] { return false; }, 300ms);  // the first INIT goes to a closed port
  start_peer({"echo"});
  ASSERT_TRUE(run_until([&] { return a->is_up(); }, 15s)) << log_text();
  // Idle a while, as an SSO standby between updates: the peer's heartbeats are answered.
  run_until([] { return false; }, 1s);
  ASSERT_TRUE(a->is_up()) << log_text();

  const auto stopped_at = std::chrono::steady_clock::now();
  ASSERT_EQ(::kill(peer_, SIGSTOP), 0);
  // HB.interval + RTO×1.5 (usrsctp's jitter) per heartbeat, RTO from RTO.min doubling, and
  // Path.Max.Retrans + 1 of them unanswered; plus scheduling slack for sanitized builds.
  auto bound = std::chrono::milliseconds{2000};
  auto rto = params_.rto_min;
  for (int i = 0; i <= params_.path_max_retrans; ++i) {
    bound += params_.heartbeat_interval + rto * 3 / 2;
    rto = std::min(rto * 2, params_.rto_max);
  }
  const bool down = run_until([&] { return !r.downs.empty(); }, 20s);
  ::kill(peer_, SIGCONT);
  ASSERT_TRUE(down) << "initiator still up 20 s after the peer stopped answering\n" << log_text();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(r.last_down_at - stopped_at);
  std::printf("initiator down %lld ms after the peer stopped answering, bound %lld ms (%s)\n",
              static_cast<long long>(took.count()), static_cast<long long>(bound.count()),
              r.downs[0].detail.c_str());
  EXPECT_EQ(r.downs[0].reason, DownReason::RetransmissionLimit) << r.downs[0].detail;
  EXPECT_LE(took, bound);
  // The handshake's RTT sample spanned the unanswered INIT: probes were needed.
  EXPECT_GT(a->counters().path_probes, 0u);
}

// The peer dies and comes straight back (a router process restarted by its supervisor): the
// new stack answers our HEARTBEAT/DATA "out of the blue" with ABORT (RFC 4960 §8.4), so the
// old association ends without waiting for the retransmission limit, and a new one comes up.
TEST_F(UsrsctpEndToEnd, RestartedPeerEndsTheOldAssociationAndANewOneComesUp) {
  Recorder r;
  auto a = make(r);
  start_peer({"echo"});
  ASSERT_EQ(a->start(), std::nullopt);
  ASSERT_TRUE(run_until([&] { return a->is_up(); }, 10s)) << log_text();
  kill_peer();
  start_peer({"echo"});
  ASSERT_TRUE(run_until([&] { return !r.downs.empty(); }, 30s)) << log_text();
  EXPECT_TRUE(r.downs[0].reason == DownReason::PeerAborted ||
              r.downs[0].reason == DownReason::RetransmissionLimit)
      << to_string(r.downs[0].reason);
  ASSERT_TRUE(run_until([&] { return r.ups.size() == 2; }, 30s)) << log_text();
}

// This end listens (higher port) and the initiator restarts: its new INIT reaches us while we
// still hold the old association (RFC 4960 §5.2.2 restart, or a new association to accept).
// Either way the peer's state is gone, which SSO must hear as down, then up.
TEST_F(UsrsctpEndToEnd, ListenerSeesARestartedInitiatorAsDownThenUp) {
  std::swap(local_port_, peer_port_);
  std::swap(params_.local_port, params_.remote_port);
  Recorder r;
  auto a = make(r);
  ASSERT_EQ(a->start(), std::nullopt);
  EXPECT_EQ(a->role(), Role::Listener);
  start_peer({"echo"});
  ASSERT_TRUE(run_until([&] { return a->is_up(); }, 10s)) << log_text();
  kill_peer();
  start_peer({"echo"});
  ASSERT_TRUE(run_until([&] { return r.ups.size() == 2; }, 30s)) << log_text();
  ASSERT_EQ(r.downs.size(), 1u) << log_text();
  EXPECT_EQ(r.downs[0].reason, DownReason::PeerRestarted) << r.downs[0].detail;
  // Same addresses and ports: the stack restarts the association in place, and says so.
  EXPECT_TRUE(r.ups[1].restart);
  EXPECT_EQ(a->counters().ups, 2u);
  EXPECT_EQ(a->counters().downs, 1u);
  r.messages.clear();
  ASSERT_EQ(a->send(Stream::Update, test::make_update(5, 0)), SendResult::Queued);
  ASSERT_TRUE(run_until([&] { return r.messages.size() == 1; }, 10s)) << log_text();
}

TEST_F(UsrsctpEndToEnd, DatagramsFromAnyoneButThePeerAreDropped) {
  Recorder r;
  auto a = make(r);
  ASSERT_EQ(a->start(), std::nullopt);
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  to.sin_port = htons(a->udp_port());
  const std::uint8_t junk[] = {0x13, 0x88, 0x13, 0x89, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 4};
  ::sendto(fd, junk, sizeof junk, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  ::close(fd);
  EXPECT_TRUE(run_until([&] { return a->counters().foreign_datagrams == 1; }, 5s));
  EXPECT_FALSE(a->is_up());
}

TEST_F(UsrsctpEndToEnd, StartReportsAPortInUse) {
  Recorder r;
  auto a = make(r);
  ASSERT_EQ(a->start(), std::nullopt);
  Recorder r2;
  auto b = make(r2);  // same local endpoint
  const auto error = b->start();
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("127.0.0.1:" + std::to_string(local_port_)), std::string::npos) << *error;
}

}  // namespace
}  // namespace havpnc::sctp
