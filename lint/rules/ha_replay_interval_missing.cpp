// ha-replay-interval-missing: the active router tells the standby its anti-replay sequence
// numbers only every `replay-interval` packets. Without the command IOS uses its defaults
// (outbound every 100,000 packets), so a new active router's outbound sequence numbers can lag
// by far more than any peer's replay window (RFC 4303 §3.4.3) and its packets are dropped.
#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

class HaReplayIntervalMissing final : public Rule {
 public:
  std::string_view id() const override { return "ha-replay-interval-missing"; }
  std::string_view summary() const override {
    return "stateful crypto map without `crypto map NAME redundancy replay-interval`";
  }
  model::Severity default_severity() const override { return model::Severity::Warning; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    for (const auto& s : stateful_maps(device)) {
      if (s.map == nullptr || s.map->replay_interval) continue;
      Finding f = make_finding(
          *this,
          device.display_name() + ": stateful crypto map " + s.map->name.value + " has no `crypto map " +
              s.map->name.value +
              " redundancy replay-interval`; IOS then replicates outbound sequence numbers only at its default interval (as much as 100,000 "
              "packets), more than a peer's anti-replay window (RFC 4303 §3.4.3), so after failover the peer can "
              "drop the new active router's packets as replays",
          s.map->range, {device.display_name()});
      add_related(f, s.applied->range, "stateful crypto map applied here");
      sink.report(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_ha_replay_interval_missing() { return std::make_unique<HaReplayIntervalMissing>(); }

}  // namespace havpnc::lint::rules
