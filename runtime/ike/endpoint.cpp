#include "runtime/ike/endpoint.h"

namespace havpnc::ike {

std::string to_string(const Ipv4& a) {
  return std::to_string(a[0]) + "." + std::to_string(a[1]) + "." + std::to_string(a[2]) + "." +
         std::to_string(a[3]);
}

}  // namespace havpnc::ike
