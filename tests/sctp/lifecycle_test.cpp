// The association lifecycle both backends share, driven without a socket: stack events and a
// fake clock in, actions out. What it checks holds for usrsctp and kernel SCTP alike, since
// both backends only carry these actions out.
#include "runtime/sctp/lifecycle.h"

#include <gtest/gtest.h>

namespace havpnc::sctp {
namespace {

using namespace std::chrono_literals;

Parameters seed_parameters() {
  Parameters p;
  p.association_id = 1;
  p.local_addresses = {*plan::Ipv4::parse("10.0.0.1")};
  p.remote_addresses = {*plan::Ipv4::parse("10.0.0.2")};
  p.local_port = 5000;
  p.remote_port = 5000;
  p.rto_min = 300ms;
  p.rto_max = 10000ms;
  p.path_max_retrans = 4;
  p.assoc_max_retrans = 6;
  p.max_queued_bytes = 1000;
  p.max_message_bytes = 100;
  return p;
}

Notification change(AssocState state, std::uint16_t out = 2, std::uint16_t in = 2, bool abort = false) {
  Notification n;
  n.kind = Notification::Kind::AssocChange;
  n.state = state;
  n.outbound_streams = out;
  n.inbound_streams = in;
  n.abort_chunk = abort;
  return n;
}

// The actions as short words, so a test reads as the sequence the backend carries out.
std::vector<std::string> words(std::deque<LifecycleAction> actions) {
  std::vector<std::string> out;
  for (auto& a : actions) {
    std::visit(
        [&](auto& x) {
          using A = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<A, Connect>) out.push_back("connect");
          else if constexpr (std::is_same_v<A, CloseConnection>) out.push_back(x.abort ? "abort" : "close");
          else if constexpr (std::is_same_v<A, ArmReconnect>) out.push_back("arm");
          else if constexpr (std::is_same_v<A, CancelReconnect>) out.push_back("cancel");
          else if constexpr (std::is_same_v<A, PrioritizeUpdates>) out.push_back("prioritize");
          else if constexpr (std::is_same_v<A, NotifyUp>) out.push_back(x.event.restart ? "up(restart)" : "up");
          else if constexpr (std::is_same_v<A, NotifyDown>) out.push_back("down(" + std::string(to_string(x.event.reason)) + ")");
          else if constexpr (std::is_same_v<A, LogRecord>) out.push_back(x.format());
        },
        a);
  }
  return out;
}

std::vector<TimePoint> deadlines(const std::deque<LifecycleAction>& actions) {
  std::vector<TimePoint> out;
  for (const auto& a : actions)
    if (const auto* arm = std::get_if<ArmReconnect>(&a)) out.push_back(arm->deadline);
  return out;
}

class Lifecycle : public ::testing::Test {
 protected:
  // Jitter 0: every delay is exactly half the step (see backoff.h), so deadlines are exact.
  AssociationLifecycle make() { return AssociationLifecycle(seed_parameters(), {100ms, 1000ms}, [] { return 0u; }); }
  // An initiator whose INIT is out (its socket open), actions so far taken.
  AssociationLifecycle connecting_initiator() {
    auto l = make();
    l.start(Role::Initiator, "fake", now_);
    l.connection_opened();
    l.take_actions();
    return l;
  }
  // An initiator whose association is up.
  AssociationLifecycle up_initiator() {
    auto l = connecting_initiator();
    l.notification(change(AssocState::CommUp), now_);
    l.take_actions();
    return l;
  }
  TimePoint now_ = TimePoint{} + 1000s;
  const std::vector<std::uint8_t> record_ = std::vector<std::uint8_t>(10, 7);
};

TEST_F(Lifecycle, InitiatorLogsTheIosTimersAsTheStackGetsThemAndConnects) {
  auto l = make();
  l.start(Role::Initiator, "fake 10.0.0.1:5000 -> 10.0.0.2:5000", now_);
  EXPECT_EQ(words(l.take_actions()),
            (std::vector<std::string>{
                "%SCTP-6-START: association 1 backend fake 10.0.0.1:5000 -> 10.0.0.2:5000, initiator, "
                "RTO 300-10000 ms, path-retransmit 4, assoc-retransmit 6",
                "connect"}));
  EXPECT_EQ(l.counters().connect_attempts, 1u);
  EXPECT_EQ(l.options().rto_min_ms, 300u);
  EXPECT_EQ(l.options().rto_max_ms, 10000u);
  EXPECT_EQ(l.options().path_max_retrans, 4);
  EXPECT_EQ(l.options().assoc_max_retrans, 6);
}

TEST_F(Lifecycle, ListenerWaitsForTheInit) {
  auto l = make();
  l.start(Role::Listener, "fake", now_);
  const auto w = words(l.take_actions());
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].find("listener"), std::string::npos);
  EXPECT_EQ(l.counters().connect_attempts, 0u);
}

TEST_F(Lifecycle, CommUpPrioritizesUpdatesLogsAndReportsUp) {
  auto l = connecting_initiator();
  const auto epoch = l.epoch();
  l.notification(change(AssocState::CommUp, 2, 3), now_);
  EXPECT_EQ(words(l.take_actions()),
            (std::vector<std::string>{"prioritize", "%SCTP-5-ASSOC_UP: association 1 up, streams out 2 in 3",
                                      "up"}));
  EXPECT_TRUE(l.is_up());
  EXPECT_NE(l.epoch(), epoch);
  EXPECT_EQ(l.counters().ups, 1u);
}

TEST_F(Lifecycle, TooFewStreamsIsRefusedAndRetried) {
  auto l = connecting_initiator();
  l.notification(change(AssocState::CommUp, 1, 2), now_);
  const auto actions = l.take_actions();
  EXPECT_EQ(words(actions),
            (std::vector<std::string>{
                "close",
                "%SCTP-6-CONNECT: association 1 not established: local error (peer negotiated 1/2 streams, need 2)",
                "%SCTP-6-RECONNECT: association 1 attempt 2 in 50 ms", "arm"}));
  EXPECT_EQ(deadlines(actions), std::vector<TimePoint>{now_ + 50ms});
  EXPECT_FALSE(l.is_up());
  EXPECT_EQ(l.counters().ups, 0u);
}

TEST_F(Lifecycle, CommLostReportsDownClearsTheQueueAndReconnectsWithBackoff) {
  auto l = up_initiator();
  ASSERT_EQ(l.send(Stream::Bulk, record_), SendResult::Queued);
  const auto epoch = l.epoch();
  l.notification(change(AssocState::CommLost), now_);
  EXPECT_EQ(words(l.take_actions()),
            (std::vector<std::string>{
                "close",
                "%SCTP-5-ASSOC_DOWN: association 1 down: retransmission limit exceeded (COMM_LOST error 0)",
                "down(retransmission limit exceeded)", "%SCTP-6-RECONNECT: association 1 attempt 2 in 50 ms",
                "arm"}));
  EXPECT_EQ(l.queued().messages(), 0u);
  EXPECT_FALSE(l.drained_still_due(epoch));
  EXPECT_EQ(l.send(Stream::Update, record_), SendResult::NotUp);
  EXPECT_EQ(l.counters().downs, 1u);

  // INITs go unanswered: the step doubles up to the cap (100 ms initial, 1 s cap, jitter 0).
  std::vector<TimePoint> armed;
  for (int i = 0; i < 6; ++i) {
    l.reconnect_due(now_);
    EXPECT_EQ(words(l.take_actions()), std::vector<std::string>{"connect"});
    l.connection_opened();
    l.notification(change(AssocState::CannotStart), now_);
    for (auto t : deadlines(l.take_actions())) armed.push_back(t);
  }
  EXPECT_EQ(armed, (std::vector<TimePoint>{now_ + 100ms, now_ + 200ms, now_ + 400ms, now_ + 500ms,
                                           now_ + 500ms, now_ + 500ms}));
  EXPECT_EQ(l.counters().connect_attempts, 7u);
  // Up again: the next failure starts from the initial step.
  l.reconnect_due(now_);
  l.connection_opened();
  l.notification(change(AssocState::CommUp), now_);
  l.notification(change(AssocState::CommLost, 2, 2, true), now_);
  const auto actions = l.take_actions();
  EXPECT_EQ(deadlines(actions), std::vector<TimePoint>{now_ + 50ms});
  EXPECT_EQ(words(actions)[6], "down(aborted by peer)");
}

TEST_F(Lifecycle, ConnectFailureIsLoggedAndRetried) {
  auto l = make();
  l.start(Role::Initiator, "fake", now_);
  l.take_actions();
  l.connect_failed("usrsctp_bind: Address already in use", now_);
  EXPECT_EQ(words(l.take_actions()),
            (std::vector<std::string>{"%SCTP-3-CONNECT: usrsctp_bind: Address already in use",
                                      "%SCTP-6-RECONNECT: association 1 attempt 2 in 50 ms", "arm"}));
  EXPECT_FALSE(l.connected());
}

TEST_F(Lifecycle, ListenerNeverReconnects) {
  auto l = make();
  l.start(Role::Listener, "fake", now_);
  l.connection_opened();
  l.notification(change(AssocState::CommUp), now_);
  l.take_actions();
  l.notification(change(AssocState::CommLost), now_);
  const auto w = words(l.take_actions());
  EXPECT_EQ(w.back(), "down(retransmission limit exceeded)");
  l.reconnect_due(now_);
  EXPECT_TRUE(l.take_actions().empty());
}

TEST_F(Lifecycle, PeerRestartOnTheSameSocketIsDownThenUpWithoutClosing) {
  auto l = up_initiator();
  ASSERT_EQ(l.send(Stream::Bulk, record_), SendResult::Queued);
  l.notification(change(AssocState::Restart), now_);
  EXPECT_EQ(words(l.take_actions()),
            (std::vector<std::string>{
                "%SCTP-5-ASSOC_DOWN: association 1 down: peer restarted (association restart)",
                "down(peer restarted)", "prioritize",
                "%SCTP-5-ASSOC_UP: association 1 up, streams out 2 in 2 (peer restarted)", "up(restart)"}));
  EXPECT_TRUE(l.is_up());
  EXPECT_EQ(l.queued().messages(), 0u);  // records for the old peer are meaningless to the new
  EXPECT_EQ(l.counters().ups, 2u);
  EXPECT_EQ(l.counters().downs, 1u);
}

TEST_F(Lifecycle, ListenerAcceptingANewAssociationAbortsTheOldAndReportsRestart) {
  auto l = make();
  l.start(Role::Listener, "fake", now_);
  l.connection_opened();
  l.notification(change(AssocState::CommUp), now_);
  l.take_actions();
  l.accepted_while_connected(now_);
  EXPECT_EQ(words(l.take_actions()),
            (std::vector<std::string>{
                "abort", "%SCTP-5-ASSOC_DOWN: association 1 down: peer restarted (new association accepted)",
                "down(peer restarted)"}));
  l.connection_opened();
  l.notification(change(AssocState::CommUp), now_);
  EXPECT_EQ(words(l.take_actions()).back(), "up");
}

TEST_F(Lifecycle, StopAbortsReportsStoppedAndSilencesEverythingAfter) {
  auto l = up_initiator();
  ASSERT_EQ(l.send(Stream::Update, record_), SendResult::Queued);
  l.stop();
  EXPECT_EQ(words(l.take_actions()), (std::vector<std::string>{"cancel", "abort", "down(stopped)"}));
  EXPECT_FALSE(l.is_up());
  EXPECT_EQ(l.send(Stream::Update, record_), SendResult::NotUp);
  l.reconnect_due(now_);
  l.notification(change(AssocState::CommUp), now_);
  l.connect_failed("late", now_ + 1s);
  l.stop();
  EXPECT_TRUE(l.take_actions().empty());
}

TEST_F(Lifecycle, StaleEventsForAClosedSocketAreIgnored) {
  auto l = make();
  l.start(Role::Initiator, "fake", now_);
  l.take_actions();
  // No socket yet (connect still pending in the backend): nothing the stack says can apply.
  l.notification(change(AssocState::CommUp), now_);
  l.end_of_stream(now_);
  l.socket_failed("recv: Bad file descriptor", now_);
  EXPECT_TRUE(l.take_actions().empty());
  EXPECT_FALSE(l.is_up());
}

TEST_F(Lifecycle, SocketErrorBeforeUpIsCannotStartAndAfterUpIsLocalError) {
  auto l = connecting_initiator();
  l.socket_failed("recvmsg: Connection refused", now_);
  EXPECT_EQ(words(l.take_actions())[1],
            "%SCTP-6-CONNECT: association 1 not established: cannot start association (recvmsg: Connection refused)");
  auto u = up_initiator();
  u.socket_failed("usrsctp_sendv: Broken pipe", now_);
  EXPECT_EQ(words(u.take_actions())[2], "down(local error)");
}

TEST_F(Lifecycle, SendQueueHandsUpdatesFirstAndSignalsDrainedOnce) {
  auto l = up_initiator();
  EXPECT_EQ(l.send(Stream::Bulk, {}), SendResult::Empty);
  EXPECT_EQ(l.send(Stream::Bulk, std::vector<std::uint8_t>(101)), SendResult::TooLarge);
  ASSERT_EQ(l.send(Stream::Bulk, std::vector<std::uint8_t>(10, 1)), SendResult::Queued);
  ASSERT_EQ(l.send(Stream::Update, std::vector<std::uint8_t>(10, 2)), SendResult::Queued);
  EXPECT_FALSE(l.take_drained());
  ASSERT_TRUE(l.has_pending());
  EXPECT_EQ(l.next().stream, Stream::Update);
  l.sent();
  EXPECT_EQ(l.next().stream, Stream::Bulk);
  l.sent();
  EXPECT_FALSE(l.has_pending());
  EXPECT_EQ(l.counters().messages_sent, 2u);
  EXPECT_EQ(l.counters().bytes_sent, 20u);
  EXPECT_TRUE(l.drained_still_due(l.epoch()));
  EXPECT_TRUE(l.take_drained());
  EXPECT_FALSE(l.take_drained());  // once per emptying
  // Backpressure: the byte cap refuses, the caller waits for on_drained.
  for (int i = 0; i < 10; ++i) ASSERT_EQ(l.send(Stream::Bulk, std::vector<std::uint8_t>(100, 3)), SendResult::Queued);
  EXPECT_EQ(l.send(Stream::Bulk, std::vector<std::uint8_t>(1, 3)), SendResult::QueueFull);
}

TEST_F(Lifecycle, ReceivedMessagesAreCountedAndOnlyKnownStreamsOfALiveAssociationDelivered) {
  auto l = make();
  l.start(Role::Listener, "fake", now_);
  l.connection_opened();
  EXPECT_EQ(l.received(1, 10), std::nullopt);  // counted, but no association to deliver it for
  l.notification(change(AssocState::CommUp), now_);
  EXPECT_EQ(l.received(0, 5), Stream::Bulk);
  EXPECT_EQ(l.received(1, 7), Stream::Update);
  EXPECT_EQ(l.received(9, 7), std::nullopt);
  EXPECT_EQ(l.received(std::nullopt, 7), std::nullopt);
  l.truncated();
  EXPECT_EQ(l.counters().messages_received, 3u);
  EXPECT_EQ(l.counters().bytes_received, 22u);
  EXPECT_EQ(l.counters().unknown_stream_messages, 2u);
  EXPECT_EQ(l.counters().truncated_messages, 1u);
}

TEST_F(Lifecycle, PeerShutdownAndEndOfStreamEndTheAssociation) {
  auto l = up_initiator();
  Notification shutdown;
  shutdown.kind = Notification::Kind::PeerShutdown;
  l.notification(shutdown, now_);
  EXPECT_EQ(words(l.take_actions())[2], "down(shut down by peer)");
  auto e = up_initiator();
  e.end_of_stream(now_);
  EXPECT_EQ(words(e.take_actions())[1],
            "%SCTP-5-ASSOC_DOWN: association 1 down: shut down by peer (end of stream)");
}

}  // namespace
}  // namespace havpnc::sctp
