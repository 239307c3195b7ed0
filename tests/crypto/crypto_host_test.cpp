// R2 and R10 each inside a real engine::Host with FakeEdges and a fake clock: the component's
// actions go through the host (routes into the TUN name, timers by key, sends), outbound
// packets enter through Host::handle as the TUN reader does, and stop withdraws the route.
#include <gtest/gtest.h>

#include <memory>

#include "runtime/crypto/crypto_component.h"
#include "runtime/engine/fake_edges.h"
#include "runtime/engine/host.h"
#include "runtime/engine/timer_service.h"
#include "runtime/log/logger.h"
#include "runtime/log/sinks.h"
#include "tests/crypto/packets.h"
#include "tests/crypto/seed_plans.h"

namespace havpnc::crypto {
namespace {

using namespace testing;

const TimePoint kStart = TimePoint{} + seconds(50'000);

struct Sink final : PacketSink {
  std::vector<Packet> packets;
  void write(std::span<const std::uint8_t> p) override { packets.emplace_back(p.begin(), p.end()); }
};

struct Node {
  engine::FakeTimerService timers{kStart};
  engine::FakeEdges edges;
  std::shared_ptr<log::MemorySink> log_lines = std::make_shared<log::MemorySink>();
  log::Logger logger;
  engine::Host host{timers, edges, logger};
  Sink sink;
  CryptoComponent* crypto = nullptr;
  std::size_t taken = 0;  // FakeEdges::calls already carried to the wire

  Node(const plan::Plan& plan, ike::crypto::RandomSource& random, esp::IvSource& ivs) {
    logger.add_sink(log_lines);
    auto setups = build_peer_setups(plan);
    if (!setups) throw std::runtime_error(setups.error());
    auto c = std::make_unique<CryptoComponent>(std::move(*setups), CryptoOptions{}, random, ivs, sink);
    crypto = c.get();
    host.add(std::move(c));
    host.start();
  }
};

class HostPair {
 public:
  ike::crypto::SystemRandom random;
  esp::OpenSslIvSource ivs;
  Node r2{r2_plan(), random, ivs};
  Node r10{r10_plan(), random, ivs};

  // Carries every datagram either host sent to the other until both are quiet.
  void pump() {
    for (bool moved = true; moved;) {
      moved = false;
      for (auto [from, to] : {std::pair{&r2, &r10}, std::pair{&r10, &r2}}) {
        while (from->taken < from->edges.calls.size()) {
          const auto call = from->edges.calls[from->taken++];
          const auto* s = std::get_if<engine::SendDatagram>(&call);
          if (!s) continue;
          to->host.deliver({s->transport, s->source, s->source_port, s->destination,
                            s->destination_port, "", s->payload});
          moved = true;
        }
      }
    }
  }
  void tun_packet(Node& n, const Packet& p) {
    n.host.handle(*n.crypto, [&](TimePoint now, engine::Actions& out) {
      n.crypto->outbound_packet(p, now, out);
    });
    pump();
  }
  // Both clocks move together in 100 ms steps, the wire carried after each.
  void advance(Duration d) {
    const TimePoint until = r2.timers.now() + d;
    while (r2.timers.now() < until) {
      const TimePoint next = std::min(until, r2.timers.now() + milliseconds(100));
      r2.timers.advance_to(next);
      r10.timers.advance_to(next);
      pump();
    }
  }
};

TEST(CryptoHost, PingThroughTwoHostsDpdForAMinuteAndStopWithdrawsTheRoute) {
  HostPair pair;
  const engine::Route tun_route{addr(6, 6, 146, 0), 24, "Tunnel-havpnc", 0};
  ASSERT_EQ(pair.r2.edges.routes, std::vector<engine::Route>{tun_route});

  const Packet request = echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4), 4);
  pair.tun_packet(pair.r2, request);
  ASSERT_EQ(pair.r10.sink.packets.size(), 1u);
  EXPECT_EQ(pair.r10.sink.packets[0], request);
  const Packet reply = echo(addr(6, 6, 146, 4), addr(6, 6, 2, 2), 5);
  pair.tun_packet(pair.r10, reply);
  ASSERT_EQ(pair.r2.sink.packets.size(), 1u);
  EXPECT_EQ(pair.r2.sink.packets[0], reply);

  pair.advance(seconds(60));
  EXPECT_EQ(pair.r2.crypto->sas().all().size(), 1u);
  EXPECT_EQ(pair.r2.crypto->peers()[0]->ike_counters.dpd_probes_sent, 6u);
  EXPECT_EQ(pair.r10.crypto->peers()[0]->ike_counters.dpd_probes_sent, 6u);
  EXPECT_EQ(pair.r2.host.counters().component_failures, 0u);
  EXPECT_EQ(pair.r2.host.counters().edge_failures, 0u);
  bool up_logged = false;
  for (const auto& line : pair.r2.log_lines->lines()) {
    EXPECT_EQ(line.find(kPsk), std::string::npos);
    up_logged |= line.find("%CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP") != std::string::npos;
  }
  EXPECT_TRUE(up_logged);

  pair.r2.host.stop();
  EXPECT_TRUE(pair.r2.edges.routes.empty());
}

}  // namespace
}  // namespace havpnc::crypto
