#include "compiler/model/device.h"

namespace havpnc::model {

std::string to_string(ParseStatus s) {
  switch (s) {
    case ParseStatus::Passed: return "passed";
    case ParseStatus::PartiallyUnrecognized: return "partially-unrecognized";
    case ParseStatus::Failed: return "failed";
  }
  return "?";
}

std::string to_string(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
  }
  return "?";
}

Ipv4Prefix AclAddress::prefix() const {
  switch (kind) {
    case Kind::Any: return Ipv4Prefix{Ipv4{0}, 0};
    case Kind::Host: return Ipv4Prefix{address, 32};
    case Kind::Network: {
      auto length = prefix_length_of_wildcard(wildcard);
      return Ipv4Prefix{address, length.value_or(32)};
    }
  }
  return Ipv4Prefix{address, 32};
}

bool IsakmpKey::matches(Ipv4 peer) const {
  if (!address) return false;
  return ((peer.bits ^ address->value.bits) & mask.value.bits) == 0;
}

std::string Device::display_name() const {
  if (hostname) return hostname->value;
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::vector<std::pair<const Interface*, Ipv4Prefix>> Device::interface_addresses() const {
  std::vector<std::pair<const Interface*, Ipv4Prefix>> out;
  for (const auto& [name, itf] : interfaces) {
    if (itf.address) out.emplace_back(&itf, itf.address->value);
    for (const auto& secondary : itf.secondary_addresses) out.emplace_back(&itf, secondary.value);
  }
  return out;
}

}  // namespace havpnc::model
