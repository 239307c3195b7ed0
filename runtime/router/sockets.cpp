#include "runtime/router/sockets.h"

#include <algorithm>

#include "runtime/net/error.h"

namespace havpnc::router {

namespace {

void add_unique(std::vector<engine::Ipv4>& list, engine::Ipv4 address) {
  if (address != 0 && std::find(list.begin(), list.end(), address) == list.end())
    list.push_back(address);
}

}  // namespace

std::vector<engine::Ipv4> crypto_local_addresses(const plan::Plan& plan) {
  std::vector<engine::Ipv4> out;
  for (const plan::CryptoMapBinding& b : plan.crypto_map_bindings) {
    // `crypto map NAME local-address IF`: IKE and ESP use that interface's address instead.
    std::string source_interface = b.interface;
    if (const plan::CryptoMap* map = plan.find_crypto_map(b.map); map && map->local_address)
      source_interface = *map->local_address;
    if (const plan::Interface* itf = plan.find_interface(source_interface); itf && itf->address)
      add_unique(out, itf->address->address.bits);
    if (!b.redundancy_group) continue;
    // IOS: with `redundancy GROUP`, the peer talks to the group's VIP.
    if (const plan::HsrpGroup* g = plan.find_hsrp_group_named(*b.redundancy_group);
        g && g->virtual_ip)
      add_unique(out, g->virtual_ip->bits);
  }
  return out;
}

SocketSet open_sockets(const boost::asio::any_io_executor& executor, const plan::Plan& plan,
                       const std::function<std::string(const std::string&)>& linux_name_of) {
  SocketSet set;
  for (const plan::HsrpGroup& g : plan.hsrp_groups) {
    const auto version = g.version == 2 ? net::HsrpVersion::V2 : net::HsrpVersion::V1;
    const bool open = std::any_of(set.hsrp.begin(), set.hsrp.end(), [&](const HsrpEndpoint& e) {
      return e.ios_name == g.interface && e.socket->version() == version;
    });
    if (open) continue;
    const std::string linux_name = linux_name_of(g.interface);
    if (linux_name.empty())
      throw net::NetError("HSRP group " + std::to_string(g.group) + " on " + g.interface +
                              ": the interface is bound to no Linux interface (give it an "
                              "address or --bind it)",
                          0);
    set.hsrp.push_back({g.interface, std::make_unique<net::HsrpSocket>(executor, linux_name, version)});
  }
  for (const engine::Ipv4 local : crypto_local_addresses(plan)) {
    for (const std::uint16_t port : {net::kIkePort, net::kNatTraversalPort})
      set.udp.push_back({local, port,
                         std::make_unique<net::UdpSocket>(
                             net::open_ike_socket(executor, net::Ipv4(local), port))});
    set.esp.push_back({local, std::make_unique<net::RawEspSocket>(executor, net::Ipv4(local))});
  }
  return set;
}

}  // namespace havpnc::router
