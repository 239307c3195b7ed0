// fuzz_sso_node: a standby in STANDBY COLD-BULK (clear channel, so the fuzzer reaches the
// decoder and the applier) receives arbitrary messages on arbitrary streams. Input framing:
// repeated [stream u8][length u16 big-endian][bytes]. Nothing may crash; a standby can never
// hold more SAs than records it accepted.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "runtime/sso/record_codec.h"
#include "runtime/sso/sso_node.h"

using namespace havpnc;
using namespace havpnc::sso;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  SsoConfig cfg{RfConfig{"HSRP", seconds(30)}, ChannelConfig{Secret(), "b", "a"},
                TakeoverConfig{"6.6.156.100", {10, 10}, std::nullopt}, 16};
  SsoNode standby(cfg);
  SsoNode peer(SsoConfig{RfConfig{}, ChannelConfig{Secret(), "a", "b"}, cfg.takeover, 16});
  TimePoint now{};
  standby.start(now);
  standby.hsrp_changed(HsrpRole::Standby, now);
  std::array<std::uint8_t, ChannelSecurity::kRandomLen> r{};
  standby.association_up(r, now);
  NodeActions hello = peer.association_up(r, now);
  standby.record_received({1, hello.sends[0].bytes}, now);
  std::vector<std::uint8_t> active = {0x00};  // clear frame
  auto rec = encode(Record{1, PeerStatus{13}});
  active.insert(active.end(), rec.begin(), rec.end());
  standby.record_received({1, active}, now);
  if (standby.rf().my_state() != RfState::StandbyColdBulk) __builtin_trap();

  std::span<const std::uint8_t> in(data, size);
  std::size_t pos = 0;
  while (size - pos >= 3) {
    const std::uint16_t stream = in[pos];
    const std::size_t len = (std::size_t{in[pos + 1]} << 8) | in[pos + 2];
    pos += 3;
    if (len > size - pos) break;
    standby.record_received({stream, in.subspan(pos, len)}, now);
    pos += len;
    now += std::chrono::milliseconds(1);
  }
  const auto& c = standby.counters();
  if (standby.applier().ipsec_sas().size() + standby.applier().ike_sas().size() > c.records_received)
    __builtin_trap();
  standby.hsrp_changed(HsrpRole::Active, now);  // takeover with whatever was accepted
  return 0;
}
