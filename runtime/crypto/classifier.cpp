#include "runtime/crypto/classifier.h"

namespace havpnc::crypto {

namespace {

bool port_matches(const plan::PortRange& range, const std::optional<std::uint16_t>& port) {
  if (range.low == 0 && range.high >= 65535) return true;  // no port condition on the line
  // A line with a port condition cannot match a packet without ports (RFC 4301 §4.4.1.3).
  return port && *port >= range.low && *port <= range.high;
}

bool line_matches(const plan::TrafficSelector& s, std::uint32_t from,
                  const std::optional<std::uint16_t>& from_port, std::uint32_t to,
                  const std::optional<std::uint16_t>& to_port, std::uint8_t protocol) {
  if (s.protocol != 0 && s.protocol != protocol) return false;
  if (!s.local.contains(plan::Ipv4{from}) || !s.remote.contains(plan::Ipv4{to})) return false;
  return port_matches(s.local_ports, from_port) && port_matches(s.remote_ports, to_port);
}

}  // namespace

bool matches(const plan::TrafficSelector& s, const Flow& f) {
  return line_matches(s, f.source, f.source_port, f.destination, f.destination_port, f.protocol);
}

bool matches_mirrored(const plan::TrafficSelector& s, const Flow& f) {
  return line_matches(s, f.destination, f.destination_port, f.source, f.source_port, f.protocol);
}

std::optional<Classification> OutboundClassifier::classify(const Flow& flow) const {
  for (const ClassifierEntry& entry : entries_) {
    for (std::size_t i = 0; i < entry.selectors.size(); ++i) {
      const plan::TrafficSelector& line = entry.selectors[i];
      if (!matches(line, flow)) continue;
      if (line.action == plan::SelectorAction::Permit) return Classification{entry.id, i};
      break;  // deny: not this entry; IOS goes on with the next one
    }
  }
  return std::nullopt;
}

}  // namespace havpnc::crypto
