// One group against scripted peers and a fake clock: each test walks one transition of the
// RFC 2281 §5.7 table (or a Cisco extension) and checks the actions it produced.
#include <gtest/gtest.h>

#include "runtime/hsrp/group.h"
#include "runtime/hsrp/tracked_priority.h"
#include "runtime/hsrp/virtual_mac.h"
#include "runtime/track/tracker.h"
#include "tests/hsrp/harness.h"

namespace havpnc::hsrp {
namespace {

using test::Harness;
using test::ip;
using test::logs;
using test::seed_config;
using test::sent;

const Ipv4 kPeer = ip(6, 6, 156, 11);     // higher address than ours (.10)
const Ipv4 kLowPeer = ip(6, 6, 156, 9);   // lower address than ours
const TimePoint kT0{};

std::string change(const char* from, const char* to) {
  return std::string("%HSRP-5-STATECHANGE: GigabitEthernet0/1 Grp 2 state ") + from + " -> " + to;
}

// Brings a group to Standby under an Active peer that outranks it.
void to_standby_under_active(Harness& h, std::uint32_t active_priority, Ipv4 active = kPeer) {
  h.up();
  h.hear(Opcode::Hello, State::Active, active_priority, active);
  h.advance(seconds(2));
  h.hear(Opcode::Hello, State::Active, active_priority, active);
  // No Standby heard: the Listen row's d cell moves on to Speak, then Speak's d to Standby.
  h.advance(seconds(9));
  h.hear(Opcode::Hello, State::Active, active_priority, active);
  h.advance(seconds(9));
  h.hear(Opcode::Hello, State::Active, active_priority, active);
  h.advance(seconds(2));
  ASSERT_EQ(h.group.state(), State::Standby);
}

TEST(HsrpGroup, InitialToListenWhenVirtualIpConfigured) {  // a/1 -> 3
  Harness h(seed_config());
  const auto acts = h.up();
  EXPECT_EQ(h.group.state(), State::Listen);
  EXPECT_EQ(logs(acts), std::vector<std::string>{change("Init", "Listen")});
  EXPECT_EQ(h.deadline(Timer::Active), kT0 + seconds(10));
  EXPECT_EQ(h.deadline(Timer::Standby), kT0 + seconds(10));
  EXPECT_FALSE(h.deadline(Timer::Hello));  // Listen is silent (§5.3)
  EXPECT_TRUE(sent(acts).empty());
}

TEST(HsrpGroup, InitialToLearnThenListenByLearningTheVirtualIp) {  // a/1 -> 2, g/2 -> 3
  auto config = seed_config();
  config.virtual_ip.reset();
  Harness h(config);
  h.up();
  EXPECT_EQ(h.group.state(), State::Learn);
  h.peer_vip = 0;  // an Active that does not know the VIP teaches nothing
  h.hear(Opcode::Hello, State::Active, 150, kPeer);
  EXPECT_EQ(h.group.state(), State::Learn);
  h.peer_vip = ip(6, 6, 156, 100);
  h.hear(Opcode::Hello, State::Active, 150, kPeer);
  EXPECT_EQ(h.group.state(), State::Listen);
  EXPECT_EQ(h.group.virtual_ip(), ip(6, 6, 156, 100));
  EXPECT_TRUE(h.group.snapshot(h.now).virtual_ip_learned);
}

TEST(HsrpGroup, ListenToSpeakOnActiveTimerExpiry) {  // c/3 -> 4
  Harness h(seed_config());
  h.up();
  const auto acts = h.advance(seconds(10));
  EXPECT_EQ(h.group.state(), State::Speak);
  EXPECT_EQ(logs(acts).front(), change("Listen", "Speak"));
  EXPECT_EQ(h.deadline(Timer::Hello), kT0 + seconds(13));
}

TEST(HsrpGroup, LoneRouterElectsItselfActive) {  // c/3, d/4, c/5 (replayed expiry)
  Harness h(seed_config());
  h.up();
  const auto acts = h.advance(seconds(20));
  EXPECT_EQ(h.group.state(), State::Active);
  EXPECT_EQ(logs(h.history), (std::vector<std::string>{change("Init", "Listen"),
                                                       change("Listen", "Speak"),
                                                       change("Speak", "Standby"),
                                                       change("Standby", "Active")}));
  const auto adds = test::all_of_type<AddVirtualIp>(h.history);
  ASSERT_EQ(adds.size(), 1u);
  EXPECT_EQ(adds[0].address, ip(6, 6, 156, 100));
  EXPECT_EQ(adds[0].mac, virtual_mac(Version::V1, 2));
  EXPECT_EQ(test::all_of_type<SendGratuitousArp>(h.history).size(), 1u);
  const auto packets = sent(h.history);
  ASSERT_FALSE(packets.empty());
  EXPECT_EQ(packets.back().state, State::Active);
  EXPECT_EQ(packets.back().opcode, Opcode::Hello);
  (void)acts;
}

TEST(HsrpGroup, SpeakBecomesStandbyOverLowerPriorityStandby) {  // l/4 -> 5
  Harness h(seed_config());
  h.up();
  h.advance(seconds(10));
  ASSERT_EQ(h.group.state(), State::Speak);
  h.hear(Opcode::Hello, State::Standby, 90, kPeer);
  EXPECT_EQ(h.group.state(), State::Standby);
  EXPECT_FALSE(h.deadline(Timer::Standby));  // D: it is the Standby now
}

TEST(HsrpGroup, SpeakBacksOffToListenForHigherStandbyOrSpeaker) {  // k/4, f/4 -> 3
  Harness h(seed_config());
  h.up();
  h.advance(seconds(10));
  h.hear(Opcode::Hello, State::Standby, 100, kPeer);  // equal priority, higher IP wins
  EXPECT_EQ(h.group.state(), State::Listen);
  EXPECT_FALSE(h.deadline(Timer::Hello));

  Harness h2(seed_config());
  h2.up();
  h2.advance(seconds(10));
  h2.hear(Opcode::Hello, State::Speak, 120, kLowPeer);  // higher priority, lower IP
  EXPECT_EQ(h2.group.state(), State::Listen);
  h2.hear(Opcode::Hello, State::Speak, 90, kPeer);     // lower priority: ignored
  EXPECT_EQ(h2.group.state(), State::Listen);
}

TEST(HsrpGroup, ListenToSpeakOnLowerStandbyHelloOrStandbyTimer) {  // l/3, d/3 -> 4
  Harness h(seed_config());
  h.up();
  h.hear(Opcode::Hello, State::Standby, 50, kPeer);
  EXPECT_EQ(h.group.state(), State::Speak);
}

TEST(HsrpGroup, StandbyTakesOverWhenActiveHoldTimeExpires) {  // c/5 -> 6
  Harness h(seed_config());
  to_standby_under_active(h, 150);
  const TimePoint last_hello = h.now - seconds(2);
  h.advance(seconds(7));
  EXPECT_EQ(h.group.state(), State::Standby);
  const auto acts = h.advance_to(last_hello + seconds(10));
  EXPECT_EQ(h.group.state(), State::Active);
  EXPECT_EQ(logs(acts).front(), change("Standby", "Active"));
  EXPECT_EQ(test::all_of_type<AddVirtualIp>(acts).size(), 1u);
  EXPECT_EQ(test::all_of_type<SendGratuitousArp>(acts).size(), 1u);
  ASSERT_FALSE(sent(acts).empty());
  EXPECT_EQ(sent(acts).front().state, State::Active);
}

TEST(HsrpGroup, ActiveTimerFollowsTheActivesAdvertisedHoldTime) {  // §5.6 A
  Harness h(seed_config());
  h.up();
  h.hear(Opcode::Hello, State::Active, 150, kPeer, 1000, 4000);
  EXPECT_EQ(h.deadline(Timer::Active), h.now + seconds(4));
}

// `standby timers msec 100 msec 300` on v1: the peer's hellos advertise 0/0 (codec_v1.cpp), so
// the Active timer runs on this router's own 300 ms, and its own hellos go out every 100 ms.
TEST(HsrpGroup, V1MillisecondTimersRunOnTheConfiguredValues) {
  auto c = seed_config();
  ASSERT_EQ(c.version, Version::V1);
  c.hello_time = milliseconds(100);
  c.hold_time = milliseconds(300);
  Harness h(c);
  h.up();
  h.hear(Opcode::Hello, State::Active, 150, kPeer, 0, 0);
  EXPECT_EQ(h.deadline(Timer::Active), h.now + milliseconds(300));

  // Alone, it elects itself within a few 300 ms hold times and then hellos every 100 ms.
  Harness lone(c);
  lone.up();
  lone.advance(seconds(1));
  ASSERT_EQ(lone.group.state(), State::Active);
  const auto hellos = sent(lone.advance(milliseconds(300)));
  ASSERT_EQ(hellos.size(), 3u);
  EXPECT_EQ(hellos.front().hello_ms, 0u);
  EXPECT_EQ(hellos.front().hold_ms, 0u);
}

TEST(HsrpGroup, HigherPriorityWithPreemptSendsCoupAndTakesOver) {  // h/5 with preempt
  auto config = seed_config();
  config.priority = 100;
  Harness h(config);
  to_standby_under_active(h, 150);
  // Our tracking-free priority is now raised above the Active's: preempt is off, so wait.
  h.priority(200);
  EXPECT_EQ(h.group.state(), State::Standby);
  h.hear(Opcode::Hello, State::Active, 150, kPeer);
  EXPECT_EQ(h.group.state(), State::Standby);

  config.preempt = true;
  config.priority = 200;
  Harness p(config);
  p.up();
  const auto acts = p.hear(Opcode::Hello, State::Active, 150, kPeer);
  EXPECT_EQ(p.group.state(), State::Active);
  const auto packets = sent(acts);
  ASSERT_EQ(packets.size(), 2u);
  EXPECT_EQ(packets[0].opcode, Opcode::Coup);
  EXPECT_EQ(packets[1].opcode, Opcode::Hello);
  EXPECT_EQ(packets[1].state, State::Active);
  EXPECT_EQ(test::all_of_type<AddVirtualIp>(acts).size(), 1u);
}

TEST(HsrpGroup, EqualPriorityNeverPreemptsEvenWithHigherAddress) {
  auto config = seed_config(ip(6, 6, 156, 11));  // the higher address of the seed pair
  config.preempt = true;
  Harness h(config);
  to_standby_under_active(h, 100, ip(6, 6, 156, 10));
  h.hear(Opcode::Hello, State::Active, 100, ip(6, 6, 156, 10));
  EXPECT_EQ(h.group.state(), State::Standby);
  EXPECT_EQ(h.group.counters().coups_sent, 0u);
}

TEST(HsrpGroup, TwoActivesWithEqualPriorityResolveByAddress) {  // g/6 and h/6
  Harness low(seed_config(ip(6, 6, 156, 10)));
  low.up();
  low.advance(seconds(20));
  ASSERT_EQ(low.group.state(), State::Active);
  const auto acts = low.hear(Opcode::Hello, State::Active, 100, ip(6, 6, 156, 11));
  EXPECT_EQ(low.group.state(), State::Speak);  // g/6: AB -> Speak
  EXPECT_EQ(test::all_of_type<RemoveVirtualIp>(acts).size(), 1u);

  Harness high(seed_config(ip(6, 6, 156, 11)));
  high.up();
  high.advance(seconds(20));
  ASSERT_EQ(high.group.state(), State::Active);
  const auto coup = high.hear(Opcode::Hello, State::Active, 100, ip(6, 6, 156, 10));
  EXPECT_EQ(high.group.state(), State::Active);  // h/6: G
  ASSERT_EQ(sent(coup).size(), 1u);
  EXPECT_EQ(sent(coup)[0].opcode, Opcode::Coup);
}

TEST(HsrpGroup, PreemptDelayMinimumPostponesTheCoup) {
  auto config = seed_config();
  config.priority = 200;
  config.preempt = true;
  config.preempt_delay_minimum = seconds(30);
  Harness h(config);
  h.up();
  for (int i = 0; i < 9; ++i) {
    h.advance(seconds(3));
    h.hear(Opcode::Hello, State::Active, 150, kPeer);
    EXPECT_NE(h.group.state(), State::Active) << "at " << (i + 1) * 3 << " s";
  }
  EXPECT_EQ(h.deadline(Timer::PreemptDelay), kT0 + seconds(30));
  EXPECT_EQ(h.group.counters().coups_sent, 0u);
  h.advance_to(kT0 + seconds(30) - milliseconds(1));
  EXPECT_NE(h.group.state(), State::Active);
  const auto acts = h.advance_to(kT0 + seconds(30));
  EXPECT_EQ(h.group.state(), State::Active);
  EXPECT_EQ(h.now, kT0 + seconds(30));
  ASSERT_FALSE(sent(acts).empty());
  EXPECT_EQ(sent(acts)[0].opcode, Opcode::Coup);
}

TEST(HsrpGroup, ResignFromActiveMakesStandbyActiveAtOnce) {  // i/5 -> 6
  Harness h(seed_config());
  to_standby_under_active(h, 150);
  const auto acts = h.hear(Opcode::Resign, State::Active, 150, kPeer);
  EXPECT_EQ(h.group.state(), State::Active);
  EXPECT_EQ(test::all_of_type<SendGratuitousArp>(acts).size(), 1u);
}

TEST(HsrpGroup, ResignMovesListenToSpeak) {  // i/3 -> 4
  Harness h(seed_config());
  h.up();
  h.hear(Opcode::Hello, State::Active, 150, kPeer);
  h.hear(Opcode::Hello, State::Standby, 120, ip(6, 6, 156, 12));
  ASSERT_EQ(h.group.state(), State::Listen);
  h.hear(Opcode::Resign, State::Active, 150, kPeer);
  EXPECT_EQ(h.group.state(), State::Speak);
}

TEST(HsrpGroup, CoupFromHigherPriorityMakesActiveResign) {  // j/6 -> 4
  Harness h(seed_config());
  h.up();
  h.advance(seconds(20));
  ASSERT_EQ(h.group.state(), State::Active);
  h.hear(Opcode::Coup, State::Speak, 90, kPeer);  // lower priority: ignored
  ASSERT_EQ(h.group.state(), State::Active);
  const auto acts = h.hear(Opcode::Coup, State::Speak, 150, kLowPeer);
  EXPECT_EQ(h.group.state(), State::Speak);
  const auto packets = sent(acts);
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0].opcode, Opcode::Resign);
  EXPECT_EQ(packets[0].state, State::Active);  // speaks for the state it leaves
  EXPECT_EQ(test::all_of_type<RemoveVirtualIp>(acts).size(), 1u);
}

TEST(HsrpGroup, InterfaceDownFromActiveResignsAndGoesToInit) {  // b/6 -> 1
  Harness h(seed_config());
  h.up();
  h.advance(seconds(20));
  ASSERT_EQ(h.group.state(), State::Active);
  const auto acts = h.down();
  EXPECT_EQ(h.group.state(), State::Initial);
  EXPECT_EQ(logs(acts).front(), change("Active", "Init"));
  ASSERT_EQ(sent(acts).size(), 1u);
  EXPECT_EQ(sent(acts)[0].opcode, Opcode::Resign);
  EXPECT_EQ(test::all_of_type<RemoveVirtualIp>(acts).size(), 1u);
  EXPECT_TRUE(h.timers.empty());  // every timer cancelled
  // Down, the group ignores the wire; up again, it starts over.
  h.hear(Opcode::Hello, State::Active, 150, kPeer);
  EXPECT_EQ(h.group.counters().ignored_while_down, 1u);
  h.up();
  EXPECT_EQ(h.group.state(), State::Listen);
}

TEST(HsrpGroup, InterfaceDownFromStandbyIsSilent) {  // b/5 -> 1
  Harness h(seed_config());
  to_standby_under_active(h, 150);
  const auto acts = h.down();
  EXPECT_EQ(h.group.state(), State::Initial);
  EXPECT_TRUE(sent(acts).empty());
}

TEST(HsrpGroup, TrackingPriorityDropLetsPreemptingPeerTakeOver) {
  // Us: Active at 110 tracking the outside link with decrement 20. Peer: 100 with preempt.
  auto config = seed_config();
  config.priority = 110;
  Harness us(config);
  us.up();
  us.advance(seconds(20));
  ASSERT_EQ(us.group.state(), State::Active);

  auto tracker = track::Tracker::create(
      {track::TrackConfig{1, track::InterfaceLineProtocol{"GigabitEthernet0/0"}, {}, {}}}, us.now);
  ASSERT_TRUE(tracker.tracker) << tracker.error;
  tracker.tracker->link_changed("GigabitEthernet0/0", true, us.now);
  const TrackedObject tracked[] = {{1, 20}};
  EXPECT_EQ(tracked_priority(110, tracked, *tracker.tracker), 110);
  tracker.tracker->link_changed("GigabitEthernet0/0", false, us.now);
  const auto p = tracked_priority(110, tracked, *tracker.tracker);
  EXPECT_EQ(p, 90);
  auto snap = us.group.snapshot(us.now);
  add_tracking(snap, tracked, *tracker.tracker);
  ASSERT_EQ(snap.tracking.size(), 1u);
  EXPECT_FALSE(snap.tracking[0].up);
  // An unknown object counts as Down; the priority never wraps below 0.
  const TrackedObject heavy[] = {{1, 200}, {99, 10}};
  EXPECT_EQ(tracked_priority(110, heavy, *tracker.tracker), 0);
  const auto acts = us.priority(p);
  const auto hello = sent(acts);
  ASSERT_EQ(hello.size(), 1u);  // announced at once
  EXPECT_EQ(hello[0].priority, 90u);

  auto peer_config = seed_config(kPeer);
  peer_config.preempt = true;
  Harness peer(peer_config);
  peer.up();
  const auto encoded = test::all_of_type<SendPacket>(acts)[0].payload;
  const auto coup = peer.receive(encoded, config.own_ip);
  EXPECT_EQ(peer.group.state(), State::Active);
  ASSERT_FALSE(sent(coup).empty());
  EXPECT_EQ(sent(coup)[0].opcode, Opcode::Coup);
  // The Coup reaches us: j/6, we resign and speak.
  us.receive(test::all_of_type<SendPacket>(coup)[0].payload, kPeer);
  EXPECT_EQ(us.group.state(), State::Speak);
}

TEST(HsrpGroup, LearnsHelloAndHoldFromTheActive) {  // E
  Harness h(seed_config());
  h.up();
  h.hear(Opcode::Hello, State::Active, 150, kPeer, 1000, 4000);
  const auto snap = h.group.snapshot(h.now);
  EXPECT_EQ(snap.hello, seconds(1));
  EXPECT_EQ(snap.hold, seconds(4));
  // Our own Hellos now carry and use the learned values.
  h.advance(seconds(4));  // active timer (4 s) expires in Listen: Speak
  ASSERT_EQ(h.group.state(), State::Speak);
  EXPECT_EQ(h.deadline(Timer::Hello), h.now + seconds(1));
  const auto acts = h.advance(seconds(1));
  ASSERT_FALSE(sent(acts).empty());
  EXPECT_EQ(sent(acts)[0].hello_ms, 1000u);
  EXPECT_EQ(sent(acts)[0].hold_ms, 4000u);
}

TEST(HsrpGroup, TimersOutsideIosRangesAreNeitherLearnedNorUsed) {
  auto config = seed_config();
  config.version = Version::V2;
  Harness h(config);
  h.up();
  h.hear(Opcode::Hello, State::Active, 150, kPeer, 1, 2);  // 1 ms hellos: a Hello storm
  EXPECT_EQ(h.group.snapshot(h.now).hello, seconds(3));
  EXPECT_EQ(h.deadline(Timer::Active), h.now + seconds(10));  // own hold, not 2 ms
  h.hear(Opcode::Hello, State::Active, 150, kPeer, 3000, 4000000000u);  // 46 days
  EXPECT_EQ(h.group.snapshot(h.now).hold, seconds(10));
  EXPECT_EQ(h.deadline(Timer::Active), h.now + seconds(10));
}

TEST(HsrpGroup, ConfiguredTimersAreNotLearned) {
  auto config = seed_config();
  config.hello_time = seconds(2);
  config.hold_time = seconds(7);
  Harness h(config);
  h.up();
  h.hear(Opcode::Hello, State::Active, 150, kPeer, 1000, 4000);
  EXPECT_EQ(h.group.snapshot(h.now).hello, seconds(2));
  EXPECT_EQ(h.group.snapshot(h.now).hold, seconds(7));
}

TEST(HsrpGroup, ActiveDoesNotLearnTimers) {
  Harness h(seed_config());
  h.up();
  h.advance(seconds(20));
  ASSERT_EQ(h.group.state(), State::Active);
  h.hear(Opcode::Hello, State::Active, 50, kLowPeer, 1000, 4000);  // h/6 has no E
  EXPECT_EQ(h.group.snapshot(h.now).hold, seconds(10));
}

TEST(HsrpGroup, ActiveTracksLowerStandby) {  // l/6: B
  Harness h(seed_config());
  h.up();
  h.advance(seconds(20));
  h.hear(Opcode::Hello, State::Standby, 90, kPeer, 3000, 10000);
  EXPECT_EQ(h.deadline(Timer::Standby), h.now + seconds(10));
  const auto snap = h.group.snapshot(h.now);
  EXPECT_EQ(snap.standby.who, RouterView::Who::Peer);
  EXPECT_EQ(snap.standby.address, kPeer);
}

TEST(HsrpGroup, BadAuthenticationIsDroppedAndLogged) {
  Harness h(seed_config());
  h.up();
  Packet p;
  p.state = State::Active;
  p.priority = 200;
  p.group = 2;
  AuthConfig wrong;
  wrong.key = Secret(std::string_view{"nope"});
  const auto acts = h.receive(encode_authenticated(p, wrong, kPeer), kPeer);
  EXPECT_EQ(h.group.state(), State::Listen);
  EXPECT_EQ(logs(acts), std::vector<std::string>{
                            "%HSRP-4-BADAUTH: Bad authentication from 6.6.156.11, group 2, "
                            "remote state Active"});
  EXPECT_EQ(h.group.counters().bad_auth, 1u);
}

TEST(HsrpGroup, BadAuthenticationLogsAreRateLimitedButCounted) {
  Harness h(seed_config());
  h.up();
  Packet p;
  p.state = State::Active;
  p.group = 2;
  AuthConfig wrong;
  wrong.key = Secret(std::string_view{"nope"});
  const auto forged = encode_authenticated(p, wrong, kPeer);
  std::size_t lines = 0;
  for (int i = 0; i < 100; ++i) {
    lines += logs(h.receive(forged, kPeer)).size();
    h.now += milliseconds(100);  // 10 s of forged Hellos at 10 per second
  }
  EXPECT_EQ(lines, 1u);
  EXPECT_EQ(h.group.counters().bad_auth, 100u);
  EXPECT_EQ(logs(h.receive(forged, kPeer)).size(), 1u);  // 10 s later: logged again
}

TEST(HsrpGroup, Md5AuthenticatedGroupsTalkAndRejectTextPeers) {
  auto config = seed_config();
  config.version = Version::V2;
  config.auth.kind = AuthKind::Md5;
  config.auth.key = Secret(std::string_view{"s3cret"});
  Harness h(config);
  h.up();
  h.hear(Opcode::Hello, State::Active, 150, kPeer);  // signed with the same key
  EXPECT_EQ(h.group.counters().accepted, 1u);
  Packet p;
  p.version = Version::V2;
  p.state = State::Active;
  p.group = 2;
  h.receive(encode_authenticated(p, AuthConfig{}, kPeer), kPeer);
  EXPECT_EQ(h.group.counters().bad_auth, 1u);
  // No key material in the log line.
  for (const auto& line : logs(h.history)) EXPECT_EQ(line.find("s3cret"), std::string::npos);
}

TEST(HsrpGroup, MalformedOwnAndForeignPacketsAreCounted) {
  Harness h(seed_config());
  h.up();
  h.receive({0x00, 0x01}, kPeer);
  h.receive(std::vector<std::uint8_t>(21, 0), kPeer);
  EXPECT_EQ(h.group.counters().malformed(), 2u);
  EXPECT_EQ(h.group.counters().decode_errors[static_cast<int>(DecodeError::Truncated)], 1u);
  h.hear(Opcode::Hello, State::Active, 150, h.group.config().own_ip);
  EXPECT_EQ(h.group.counters().own_packets, 1u);
  Packet other;
  other.group = 3;
  other.text_auth = text_auth_data(Secret(std::string_view{"cisco"}));
  h.receive(encode(other), kPeer);
  EXPECT_EQ(h.group.counters().other_group, 1u);
  EXPECT_EQ(h.group.state(), State::Listen);
}

TEST(HsrpGroup, StaleTimerEventsAreIgnored) {
  Harness h(seed_config());
  h.up();
  // Too early, and a timer that was never armed.
  EXPECT_TRUE(h.group.timer_expired(Timer::Active, h.now + seconds(5)).empty());
  EXPECT_TRUE(h.group.timer_expired(Timer::Hello, h.now + seconds(50)).empty());
  EXPECT_EQ(h.group.counters().stale_timers, 2u);
  EXPECT_EQ(h.group.state(), State::Listen);
}

TEST(HsrpGroup, InvalidConfigurationsAreRejected) {
  auto c = seed_config();
  c.hello_time = seconds(3);
  EXPECT_THROW(Group{c}, std::invalid_argument);  // hold missing
  c.hold_time = seconds(3);
  EXPECT_THROW(Group{c}, std::invalid_argument);  // hold not > hello
  c.hello_time = seconds(3);
  c.hold_time = seconds(256);
  EXPECT_THROW(Group{c}, std::invalid_argument);  // v1 carries at most 255 s
  c.version = Version::V2;
  EXPECT_NO_THROW(Group{c});
  c.group = 4096;
  EXPECT_THROW(Group{c}, std::invalid_argument);
  auto d = seed_config();
  d.auth.kind = AuthKind::Md5;
  d.auth.key = Secret{};
  EXPECT_THROW(Group{d}, std::invalid_argument);
}


// `show standby` in Speak (the report: "Standby unknown" on a Speak router). IOS names the
// standby router's address when one is known, "local" when it is this router, "unknown" only
// when none is: its debug reads "Speak: d/Standby timer expired (unknown)" before "Standby
// router is local". A router in Speak under an Active peer with no Standby yet knows none.
TEST(HsrpGroup, SpeakShowsStandbyUnknownOnlyWhenNoneIsKnown) {
  Harness h(seed_config());
  h.up();
  h.hear(Opcode::Hello, State::Active, 150, kPeer);
  h.advance(seconds(9));  // Listen d: no Standby heard within hold -> Speak
  h.hear(Opcode::Hello, State::Active, 150, kPeer);
  h.advance(seconds(2));
  ASSERT_EQ(h.group.state(), State::Speak);
  auto snap = h.group.snapshot(h.now);
  EXPECT_EQ(snap.active.who, RouterView::Who::Peer);
  EXPECT_EQ(snap.standby.who, RouterView::Who::Unknown);

  // Listen l/3: a lower-priority Standby sends us to Speak to contest it; that router is the
  // standby router until the election ends, and show names it.
  Harness l(seed_config());
  l.up();
  l.hear(Opcode::Hello, State::Active, 150, kPeer);
  l.hear(Opcode::Hello, State::Standby, 50, kLowPeer);
  ASSERT_EQ(l.group.state(), State::Speak);
  snap = l.group.snapshot(l.now);
  EXPECT_EQ(snap.standby.who, RouterView::Who::Peer);
  EXPECT_EQ(snap.standby.address, kLowPeer);
  // Its next Standby hello (l/4) makes us the standby router: "local".
  l.hear(Opcode::Hello, State::Standby, 50, kLowPeer);
  ASSERT_EQ(l.group.state(), State::Standby);
  EXPECT_EQ(l.group.snapshot(l.now).standby.who, RouterView::Who::Local);
}

// A router is what its latest hello says: when our Standby peer takes over (its Active hello
// outranks us, g/6 -> Speak) it is the active router now, not also the standby one. IOS logs
// "Standby router is unknown, was A.B.C.D" at that point.
TEST(HsrpGroup, PeerThatBecomesActiveIsNoLongerShownAsStandby) {
  Harness h(seed_config());
  h.up();
  h.advance(seconds(20));  // nobody else: Listen -> Speak -> Standby -> Active
  ASSERT_EQ(h.group.state(), State::Active);
  h.hear(Opcode::Hello, State::Standby, 100, kPeer);
  ASSERT_EQ(h.group.snapshot(h.now).standby.who, RouterView::Who::Peer);
  h.hear(Opcode::Hello, State::Active, 150, kPeer);  // it preempted us
  ASSERT_EQ(h.group.state(), State::Speak);
  const auto snap = h.group.snapshot(h.now);
  EXPECT_EQ(snap.active.who, RouterView::Who::Peer);
  EXPECT_EQ(snap.active.address, kPeer);
  EXPECT_EQ(snap.standby.who, RouterView::Who::Unknown);
  // And an Active peer that steps down to Standby is no longer shown as the active router.
  Harness s(seed_config());
  s.up();
  s.hear(Opcode::Hello, State::Active, 150, kPeer);
  s.hear(Opcode::Hello, State::Standby, 150, kPeer);
  EXPECT_NE(s.group.snapshot(s.now).active.who, RouterView::Who::Peer);
}

}  // namespace
}  // namespace havpnc::hsrp
