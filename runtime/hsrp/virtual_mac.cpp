#include "runtime/hsrp/virtual_mac.h"

namespace havpnc::hsrp {

MacAddress virtual_mac(Version version, std::uint16_t group) {
  if (version == Version::V1) {
    return MacAddress{{0x00, 0x00, 0x0c, 0x07, 0xac, static_cast<std::uint8_t>(group & 0xffu)}};
  }
  const auto g = static_cast<std::uint16_t>(group & 0x0fffu);
  return MacAddress{{0x00, 0x00, 0x0c, 0x9f, static_cast<std::uint8_t>(0xf0u | (g >> 8)),
                     static_cast<std::uint8_t>(g & 0xffu)}};
}

}  // namespace havpnc::hsrp
