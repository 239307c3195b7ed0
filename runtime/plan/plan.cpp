#include "runtime/plan/plan.h"

namespace havpnc::plan {

namespace {

template <typename T, typename P>
const T* find_if(const std::vector<T>& items, P&& predicate) {
  for (const auto& item : items) {
    if (predicate(item)) return &item;
  }
  return nullptr;
}

}  // namespace

const Interface* Plan::find_interface(std::string_view name) const {
  return find_if(interfaces, [&](const Interface& i) { return i.name == name; });
}

const TransformSet* Plan::find_transform_set(std::string_view name) const {
  return find_if(transform_sets, [&](const TransformSet& t) { return t.name == name; });
}

const CryptoMap* Plan::find_crypto_map(std::string_view name) const {
  return find_if(crypto_maps, [&](const CryptoMap& m) { return m.name == name; });
}

const TrackObject* Plan::find_track(std::uint32_t id) const {
  return find_if(track_objects, [&](const TrackObject& t) { return t.id == id; });
}

const HsrpGroup* Plan::find_hsrp_group_named(std::string_view name) const {
  return find_if(hsrp_groups, [&](const HsrpGroup& g) { return g.name && *g.name == name; });
}

}  // namespace havpnc::plan
