#include "runtime/engine/track_adapter.h"

#include <type_traits>

namespace havpnc::engine {

TimerKey track_timer_key(const TrackBinding& binding, track::ObjectId object) {
  return binding.timer_base + object;
}

std::optional<track::ObjectId> track_object_of(const TrackBinding& binding, TimerKey key) {
  if (key < binding.timer_base) return std::nullopt;
  const TimerKey object = key - binding.timer_base;
  if (object < track::kMinObjectId || object > track::kMaxObjectId) return std::nullopt;
  return object;
}

std::vector<track::StateChanged> adapt_track(std::vector<track::Action> in,
                                             const TrackBinding& binding, Actions& out) {
  std::vector<track::StateChanged> changes;
  for (track::Action& action : in) {
    std::visit(
        [&](auto& a) {
          using T = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<T, track::StateChanged>) {
            changes.push_back(a);
          } else if constexpr (std::is_same_v<T, track::ArmTimer>) {
            out.emplace_back(ArmTimer{track_timer_key(binding, a.object), a.deadline});
          } else if constexpr (std::is_same_v<T, track::CancelTimer>) {
            out.emplace_back(CancelTimer{track_timer_key(binding, a.object)});
          } else if constexpr (std::is_same_v<T, LogRecord>) {
            out.emplace_back(std::move(a));
          }
        },
        action);
  }
  return changes;
}

}  // namespace havpnc::engine
