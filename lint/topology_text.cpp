#include "lint/topology_text.h"

namespace havpnc::lint {

void write_topology(std::ostream& out, const network::Network& net) {
  std::size_t devices = 0;
  for (const auto& d : net.devices()) {
    if (d.status != model::ParseStatus::Failed) ++devices;
  }
  out << "topology: " << devices << " devices, " << net.ha_pairs().size() << " HA pairs, "
      << net.tunnel_peers().size() << " tunnel peers\n";
  for (const auto& p : net.ha_pairs()) {
    out << "HA pair " << p.first.device->display_name() << " <-> " << p.second.device->display_name() << " (virtual IP "
        << p.virtual_ip.to_string() << ", ipc " << (p.ipc_mirrored ? "mirrored" : "not mirrored") << ")\n";
    for (const auto& e : p.evidence) out << "  because " << e << "\n";
  }
  for (const auto& t : net.tunnel_peers()) {
    out << "tunnel " << t.local->display_name() << " -> " << t.remote.device->display_name() << " (crypto map "
        << t.map->name.value << " " << t.entry->sequence.value << ", peer " << t.peer.value.to_string() << ")\n";
    for (const auto& e : t.evidence) out << "  because " << e << "\n";
  }
}

}  // namespace havpnc::lint
