#include "runtime/engine/actions.h"

namespace havpnc::engine {

std::string format_ipv4(Ipv4 address) {
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 0xFF) + "." +
         std::to_string((address >> 8) & 0xFF) + "." + std::to_string(address & 0xFF);
}

}  // namespace havpnc::engine
