// StackAssociation — what the usrsctp and kernel backends share around their sockets — over a
// fake stack: no socket, the test plays the stack (notifications as bytes, room in the send
// buffer, transmit failures) and checks what the handler and the "wire" see.
#include "runtime/sctp/stack_association.h"

#include <cstring>
#include <limits>

#include <gtest/gtest.h>

#include "tests/sctp/loopback_pair.h"

namespace havpnc::sctp {
namespace {

using namespace std::chrono_literals;

// usrsctp's numbering; any table works as long as the fake's bytes use the same.
const NotificationConstants kC{1, 5, 10, 1, 2, 3, 4, 5};

std::vector<std::uint8_t> assoc_change(std::uint16_t state, std::uint16_t out = 2, std::uint16_t in = 2) {
  std::vector<std::uint8_t> b(20);
  const std::uint16_t type = 1;
  const std::uint32_t length = 20;
  std::memcpy(&b[0], &type, 2);
  std::memcpy(&b[4], &length, 4);
  std::memcpy(&b[8], &state, 2);
  std::memcpy(&b[12], &out, 2);
  std::memcpy(&b[14], &in, 2);
  return b;
}

class FakeStack final : public StackAssociation {
 public:
  FakeStack(boost::asio::io_context& io, AssociationHandler& handler, Role role, std::string& log)
      : StackAssociation(io, test::loopback(1, 2), handler,
                         [&log](const LogRecord& r) { log += r.format() + "\n"; }, {10ms, 40ms},
                         [] { return 0u; }, kC, Duration::zero()),
        role_(role) {}
  std::optional<std::string> start() override {
    begin(role_, "fake");
    return std::nullopt;
  }
  std::string_view backend() const override { return "fake"; }

  // The test plays the stack.
  void stack_reads(std::span<const std::uint8_t> piece, bool notification, bool eor,
                   std::optional<std::uint16_t> sid = std::nullopt) {
    received(piece, notification, eor, sid);
  }
  void comm(std::uint16_t state) {
    const auto b = assoc_change(state);
    stack_reads(std::span(b).first(7), true, false);  // notifications may come in pieces too
    stack_reads(std::span(b).subspan(7), true, true);
  }
  void writable() { flush(); }
  void accepted() {
    accepted_while_connected();
    connection_opened();
  }

  int sack_now_count = 0;
  int opens = 0, closes = 0, aborts = 0, prioritized = 0, listener_closed = 0;
  bool open_fails = false, transmit_fails = false;
  std::size_t room = std::numeric_limits<std::size_t>::max();
  std::vector<std::pair<Stream, std::vector<std::uint8_t>>> wire;

 private:
  void open_connection() override {
    ++opens;
    if (open_fails) return connect_failed("fake: no socket");
    connection_opened();
  }
  void close_connection(bool abort) override {
    ++closes;
    if (abort) ++aborts;
  }
  Transmit transmit(Stream stream, std::span<const std::uint8_t> message, bool sack_now,
                    std::string& error) override {
    if (sack_now) ++sack_now_count;
    if (transmit_fails) {
      error = "fake: send refused";
      return Transmit::Failed;
    }
    if (room == 0) return Transmit::WouldBlock;
    --room;
    wire.emplace_back(stream, std::vector<std::uint8_t>(message.begin(), message.end()));
    return Transmit::Sent;
  }
  void prioritize_updates() override { ++prioritized; }
  void close_listener() override { ++listener_closed; }
  Role role_;
};

struct Handler : test::Recorder {
  int drained = 0;
  std::function<void()> on_down_hook;
  void on_drained() override { ++drained; }
  void on_down(const DownEvent& e) override {
    test::Recorder::on_down(e);
    if (on_down_hook) on_down_hook();
  }
};

class SharedLifecycle : public ::testing::Test {
 protected:
  std::unique_ptr<FakeStack> up(Role role = Role::Initiator) {
    auto s = std::make_unique<FakeStack>(io_, handler_, role, log_);
    EXPECT_EQ(s->start(), std::nullopt);
    if (role == Role::Initiator) {
      EXPECT_EQ(s->opens, 1);
    } else {
      s->accepted();
    }
    s->comm(1);  // COMM_UP
    EXPECT_TRUE(s->is_up()) << log_;
    return s;
  }
  boost::asio::io_context io_;
  Handler handler_;
  std::string log_;
};

TEST_F(SharedLifecycle, ComesUpFromNotificationPiecesAndHandsTheQueueOverThroughBackpressure) {
  auto s = up();
  EXPECT_EQ(s->prioritized, 1);
  ASSERT_EQ(handler_.ups.size(), 1u);
  s->room = 2;
  const std::vector<std::uint8_t> a(5, 'a'), b(5, 'b'), c(5, 'c'), u(5, 'u');
  ASSERT_EQ(s->send(Stream::Bulk, a), SendResult::Queued);
  ASSERT_EQ(s->send(Stream::Bulk, b), SendResult::Queued);
  ASSERT_EQ(s->send(Stream::Bulk, c), SendResult::Queued);  // the stack is full: c waits
  ASSERT_EQ(s->send(Stream::Update, u), SendResult::Queued);
  EXPECT_EQ(s->queued().messages(), 2u);
  EXPECT_EQ(s->wire.size(), 2u);
  io_.poll();
  EXPECT_EQ(handler_.drained, 0);  // not drained while c and u wait
  s->room = 10;
  s->writable();
  ASSERT_EQ(s->wire.size(), 4u);
  EXPECT_EQ(s->wire[2].second, u);  // the update overtook the waiting bulk
  EXPECT_EQ(s->wire[3].second, c);
  EXPECT_EQ(handler_.drained, 0);  // never from inside the call that emptied the queue
  io_.restart();  // the first poll() ran out of work
  io_.poll();
  EXPECT_EQ(handler_.drained, 1);
  EXPECT_EQ(s->counters().messages_sent, 4u);
}

TEST_F(SharedLifecycle, MessagesArriveWholeOnTheirStreamAndOddOnesAreCounted) {
  auto s = up();
  const std::vector<std::uint8_t> part(10, 1);
  s->stack_reads(part, false, false);
  s->stack_reads(part, false, true, 1);
  s->stack_reads(part, false, true, 7);  // a stream havpnc does not use
  s->stack_reads(std::vector<std::uint8_t>(300 * 1024, 2), false, true, 0);  // over max_message_bytes
  s->stack_reads(part, false, true, 0);
  ASSERT_EQ(handler_.messages.size(), 2u);
  EXPECT_EQ(handler_.messages[0].first, Stream::Update);
  EXPECT_EQ(handler_.messages[0].second.size(), 20u);
  EXPECT_EQ(handler_.messages[1].first, Stream::Bulk);
  EXPECT_EQ(s->counters().unknown_stream_messages, 1u);
  EXPECT_EQ(s->counters().truncated_messages, 1u);
  // A hostile notification (length beyond its bytes) changes nothing.
  auto bad = assoc_change(2);
  bad[4] = 200;
  s->stack_reads(bad, true, true);
  EXPECT_TRUE(s->is_up());
}

TEST_F(SharedLifecycle, CommLostClosesReportsDownAndTheInitiatorReconnectsAfterBackoff) {
  auto s = up();
  s->comm(2);  // COMM_LOST
  ASSERT_EQ(handler_.downs.size(), 1u);
  EXPECT_EQ(handler_.downs[0].reason, DownReason::RetransmissionLimit);
  EXPECT_EQ(s->closes, 1);
  EXPECT_EQ(s->aborts, 0);
  test::run_until(io_, [&] { return s->opens == 2; }, 2s);
  EXPECT_EQ(s->opens, 2) << log_;
  s->comm(1);
  EXPECT_EQ(handler_.ups.size(), 2u);
  EXPECT_NE(log_.find("%SCTP-6-RECONNECT: association 1 attempt 2 in 5 ms"), std::string::npos) << log_;
}

TEST_F(SharedLifecycle, AHandlerThatStopsInsideOnDownLeavesNoReconnectArmed) {
  auto s = up();
  handler_.on_down_hook = [&] { s->stop(); };
  s->comm(2);
  EXPECT_EQ(handler_.downs.size(), 1u);  // no second down for the stop
  EXPECT_EQ(s->listener_closed, 1);
  io_.run_for(100ms);
  EXPECT_EQ(s->opens, 1);
  EXPECT_EQ(s->send(Stream::Bulk, std::vector<std::uint8_t>(3, 1)), SendResult::NotUp);
}

TEST_F(SharedLifecycle, TransmitFailureIsALocalErrorDown) {
  auto s = up();
  s->transmit_fails = true;
  EXPECT_EQ(s->send(Stream::Update, std::vector<std::uint8_t>(3, 1)), SendResult::Queued);
  ASSERT_EQ(handler_.downs.size(), 1u);
  EXPECT_EQ(handler_.downs[0].reason, DownReason::LocalError);
  EXPECT_EQ(handler_.downs[0].detail, "fake: send refused");
  EXPECT_EQ(s->queued().messages(), 0u);
}

TEST_F(SharedLifecycle, ConnectFailureRetriesUntilASocketOpens) {
  auto s = std::make_unique<FakeStack>(io_, handler_, Role::Initiator, log_);
  s->open_fails = true;
  ASSERT_EQ(s->start(), std::nullopt);
  test::run_until(io_, [&] { return s->opens >= 3; }, 2s);
  EXPECT_GE(s->opens, 3);
  EXPECT_NE(log_.find("%SCTP-3-CONNECT: fake: no socket"), std::string::npos) << log_;
  s->open_fails = false;
  const int before = s->opens;
  test::run_until(io_, [&] { return s->opens > before; }, 2s);
  s->comm(1);
  EXPECT_TRUE(s->is_up());
  EXPECT_EQ(s->counters().connect_attempts, static_cast<std::uint64_t>(s->opens));
}

TEST_F(SharedLifecycle, ListenerSeesANewAssociationAsRestartAndStopAbortsIt) {
  auto s = up(Role::Listener);
  s->accepted();
  ASSERT_EQ(handler_.downs.size(), 1u);
  EXPECT_EQ(handler_.downs[0].reason, DownReason::PeerRestarted);
  EXPECT_EQ(s->aborts, 1);
  s->comm(1);
  EXPECT_EQ(handler_.ups.size(), 2u);
  s->stop();
  EXPECT_EQ(handler_.downs.back().reason, DownReason::Stopped);
  EXPECT_EQ(s->aborts, 2);
  EXPECT_EQ(s->listener_closed, 1);
  io_.run_for(50ms);
  EXPECT_EQ(s->opens, 0);  // a listener never connects
}

}  // namespace
}  // namespace havpnc::sctp
