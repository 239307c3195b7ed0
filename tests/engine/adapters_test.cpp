// The cores' own actions through the thin adapters, and a real HSRP group and tracker hosted
// as components with FakeEdges and the fake clock.
#include <gtest/gtest.h>

#include <memory>
#include <optional>

#include "runtime/engine/fake_edges.h"
#include "runtime/engine/host.h"
#include "runtime/engine/hsrp_adapter.h"
#include "runtime/engine/ike_adapter.h"
#include "runtime/engine/track_adapter.h"
#include "runtime/hsrp/group.h"
#include "runtime/log/logger.h"

namespace havpnc::engine {
namespace {

const TimePoint t0{};
const std::string kGi01 = "GigabitEthernet0/1";
constexpr Ipv4 kOwn = 0x06069C0B;  // 6.6.156.11
constexpr Ipv4 kVip = 0x06069C64;  // 6.6.156.100

// One HSRP group as a component: the shape the HSRP issue's component will take.
class OneGroup final : public Component {
 public:
  OneGroup(hsrp::GroupConfig config, HsrpBinding binding)
      : group_(std::move(config)), binding_(std::move(binding)) {}
  std::string_view name() const override { return "hsrp"; }
  std::vector<Subscription> subscriptions() const override {
    return {{Transport::Udp, hsrp::kUdpPort}};
  }
  void start(TimePoint now, Actions& out) override {
    adapt_hsrp(group_.interface_up(now), binding_, out);
  }
  void datagram(const Datagram& d, TimePoint now, Actions& out) override {
    adapt_hsrp(group_.receive(d.payload, d.source, now), binding_, out);
  }
  void timer(TimerKey key, TimePoint now, Actions& out) override {
    if (auto t = hsrp_timer_of(binding_, key)) adapt_hsrp(group_.timer_expired(*t, now), binding_, out);
  }
  void stop(TimePoint now, Actions& out) override {
    adapt_hsrp(group_.interface_down(now), binding_, out);
  }
  const hsrp::Group& group() const { return group_; }

 private:
  hsrp::Group group_;
  HsrpBinding binding_;
};

TEST(HsrpAdapter, TimerKeysRoundTripAndStayInTheirRange) {
  const HsrpBinding b{kGi01, kOwn, 100};
  for (auto t : {hsrp::Timer::Hello, hsrp::Timer::Active, hsrp::Timer::Standby,
                 hsrp::Timer::PreemptDelay})
    EXPECT_EQ(hsrp_timer_of(b, hsrp_timer_key(b, t)), t);
  EXPECT_FALSE(hsrp_timer_of(b, 99));
  EXPECT_FALSE(hsrp_timer_of(b, 100 + kHsrpTimersPerGroup));
}

TEST(HsrpAdapter, LoneRouterBecomesActiveClaimsTheVipAndResignsAtStop) {
  FakeTimerService clock{t0};
  FakeEdges edges;
  log::Logger logger{[] { return log::WallTime{}; }};
  auto sink = std::make_shared<log::MemorySink>();
  logger.add_sink(sink);
  Host host{clock, edges, logger};

  hsrp::GroupConfig config;
  config.interface_name = kGi01;
  config.own_ip = kOwn;
  config.group = 2;
  config.virtual_ip = kVip;
  config.priority = 110;
  config.preempt = true;
  auto& component = static_cast<OneGroup&>(
      host.add(std::make_unique<OneGroup>(config, HsrpBinding{kGi01, kOwn, 0})));
  host.start();
  clock.advance(seconds(30));
  EXPECT_EQ(component.group().state(), hsrp::State::Active);

  std::optional<AddAddress> added;
  std::size_t hellos = 0, garps = 0;
  for (const auto& call : edges.calls) {
    if (auto* a = std::get_if<AddAddress>(&call)) added = *a;
    if (auto* s = std::get_if<SendDatagram>(&call)) {
      ++hellos;
      EXPECT_EQ(s->ttl, 1);
      EXPECT_EQ(s->source, kOwn);
      EXPECT_EQ(s->source_port, 1985);
      EXPECT_EQ(s->destination_port, 1985);
      EXPECT_EQ(s->destination, 0xE0000002u);  // 224.0.0.2, HSRP v1
      EXPECT_EQ(s->interface, kGi01);
    }
    if (auto* g = std::get_if<SendGratuitousArp>(&call)) {
      ++garps;
      EXPECT_EQ(g->address, kVip);
      EXPECT_EQ(g->mac, (MacAddress{0x00, 0x00, 0x0c, 0x07, 0xac, 0x02}));  // v1 vMAC, group 2
    }
  }
  ASSERT_TRUE(added);
  EXPECT_EQ(added->address, (InterfaceAddress{kGi01, kVip, 32}));
  EXPECT_GE(hellos, 5u);
  EXPECT_GE(garps, 1u);
  bool logged_active = false;
  for (const auto& line : sink->lines())
    logged_active |= line.find("%HSRP-5-STATECHANGE: GigabitEthernet0/1 Grp 2 state Standby -> Active") !=
                     std::string::npos;
  EXPECT_TRUE(logged_active);

  host.stop();
  EXPECT_TRUE(edges.addresses.empty());  // the VIP is gone, whoever removed it
  EXPECT_TRUE(host.added_addresses().empty());
  EXPECT_EQ(clock.pending(), 0u);
}

TEST(TrackAdapter, DelayTimerThroughTheHostReportsTheChange) {
  track::TrackConfig object;
  object.id = 7;
  object.kind = track::InterfaceLineProtocol{kGi01};
  object.delay_up = seconds(5);
  auto created = track::Tracker::create({object}, t0);
  ASSERT_TRUE(created.tracker) << created.error;
  track::Tracker tracker = std::move(*created.tracker);
  const TrackBinding binding{1000};

  Actions out;
  auto changes = adapt_track(tracker.link_changed(kGi01, true, t0), binding, out);
  EXPECT_TRUE(changes.empty());
  ASSERT_EQ(out.size(), 1u);
  const auto& arm = std::get<ArmTimer>(out[0]);
  EXPECT_EQ(arm.key, 1007u);
  EXPECT_EQ(arm.deadline, t0 + seconds(5));
  ASSERT_EQ(track_object_of(binding, arm.key), 7u);
  out.clear();
  changes = adapt_track(tracker.timer_expired(7, arm.deadline), binding, out);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].object, 7u);
  EXPECT_EQ(changes[0].state, track::TrackState::Up);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(std::get<LogRecord>(out.back()).facility, "TRACK");
  EXPECT_FALSE(track_object_of(binding, 1000));  // object 0 does not exist
  EXPECT_FALSE(track_object_of(binding, 999));
}

TEST(IkeAdapter, DatagramsTimersAndLogsTranslateSaChangesComeBack) {
  const IkeBinding binding{{to_ike_ipv4(kVip), 500}, kGi01, 42};
  ike::Actions in;
  in.emplace_back(ike::SendDatagram{{{6, 6, 25, 2}, 500}, {0xAA}});
  in.emplace_back(ike::SendDatagram{{{6, 6, 25, 2}, 4500}, {0xBB}});
  in.emplace_back(ike::ArmTimer{t0 + seconds(2)});
  in.emplace_back(ike::RemoveChildSa{0x1000, 0x2000});
  in.emplace_back(LogRecord{"CRYPTO", Severity::Notice, "SESSION_STATUS", "up"});
  Actions out;
  ike::Actions rest = adapt_ike(std::move(in), binding, out);
  ASSERT_EQ(out.size(), 4u);
  const auto& first = std::get<SendDatagram>(out[0]);
  EXPECT_EQ(first.source, kVip);
  EXPECT_EQ(first.source_port, 500);
  EXPECT_EQ(first.destination, 0x06061902u);
  EXPECT_EQ(first.payload, Bytes{0xAA});
  EXPECT_EQ(std::get<SendDatagram>(out[1]).source_port, 4500);  // NAT-T floated
  EXPECT_EQ(std::get<ArmTimer>(out[2]).key, 42u);
  EXPECT_EQ(std::get<LogRecord>(out[3]).mnemonic, "SESSION_STATUS");
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(std::get<ike::RemoveChildSa>(rest[0]).inbound_spi, 0x1000u);
  EXPECT_EQ(to_engine_ipv4(to_ike_ipv4(0x01020304)), 0x01020304u);
}

}  // namespace
}  // namespace havpnc::engine
