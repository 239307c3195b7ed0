#pragma once
// IOS enhanced object tracking, the subset HA IPsec designs use:
//
//   track 1 interface GigabitEthernet0/1 line-protocol
//    delay up 5 down 10
//   track 3 list boolean and        (or: or)
//    object 1
//    object 2 not
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "runtime/core/time.h"

namespace havpnc::track {

using ObjectId = std::uint32_t;
inline constexpr ObjectId kMinObjectId = 1;
inline constexpr ObjectId kMaxObjectId = 1000;  // IOS `track <1-1000>`

struct InterfaceLineProtocol {
  std::string interface;  // full IOS name
};

enum class BooleanOp : std::uint8_t { And, Or };

struct ListMember {
  ObjectId object = 0;
  bool negate = false;  // `object N not`
};

struct BooleanList {
  BooleanOp op = BooleanOp::And;
  std::vector<ListMember> members;
};

struct TrackConfig {
  ObjectId id = 0;
  std::variant<InterfaceLineProtocol, BooleanList> kind;
  // `delay up S down S`: a change is reported only after it has held this long.
  Duration delay_up{0};
  Duration delay_down{0};
};

}  // namespace havpnc::track
