// libFuzzer: hostile input into R10's CryptoComponent by every door it has — packets from the
// TUN, ESP from anyone, IKE from the peer and from strangers, timers — checking that nothing
// crashes, leaks or grows without bound (the pending queue and sessions are bounded).
#include <cstddef>
#include <cstdint>
#include <span>

#include "runtime/crypto/classifier.h"
#include "runtime/crypto/crypto_component.h"
#include "runtime/crypto/flow.h"
#include "runtime/crypto/inbound_policy.h"
#include "tests/crypto/seed_plans.h"

namespace {

using namespace havpnc;

struct NullSink final : crypto::PacketSink {
  void write(std::span<const std::uint8_t>) override {}
};

struct World {
  ike::crypto::SystemRandom random;
  esp::OpenSslIvSource ivs;
  NullSink sink;
  std::unique_ptr<crypto::CryptoComponent> component;
  TimePoint now = TimePoint{} + seconds(1000);
  World() {
    auto setups = crypto::build_peer_setups(crypto::testing::r10_plan());
    component = std::make_unique<crypto::CryptoComponent>(std::move(*setups),
                                                          crypto::CryptoOptions{}, random, ivs, sink);
    engine::Actions out;
    component->start(now, out);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  if (size == 0) return 0;
  const std::span<const std::uint8_t> rest(data + 1, size - 1);
  engine::Actions out;
  world.now += milliseconds(data[0]);
  switch (data[0] % 5) {
    case 0: {
      world.component->outbound_packet(rest, world.now, out);
      // The pure pieces on the same bytes.
      if (auto f = crypto::parse_flow(rest).flow) {
        ike::TrafficSelector s{{{6, 6, 2, 0}, {255, 255, 255, 0}}, {{6, 6, 146, 0}, {255, 255, 255, 0}}};
        (void)crypto::inbound_allowed(s, *f);
      }
      break;
    }
    case 1:
    case 2:
    case 3: {
      engine::Datagram d;
      d.transport = data[0] % 5 == 1 ? engine::Transport::Esp : engine::Transport::Udp;
      d.source = data[0] % 5 == 3 ? 0x01020304u : 0x06061902u;  // a stranger, or R2
      d.destination = 0x06069C64u;
      d.destination_port = d.transport == engine::Transport::Udp ? 500 : 0;
      d.payload.assign(rest.begin(), rest.end());
      world.component->datagram(d, world.now, out);
      break;
    }
    default:
      world.component->timer(static_cast<engine::TimerKey>(rest.empty() ? 0 : rest[0] % 3),
                             world.now, out);
      break;
  }
  return 0;
}
