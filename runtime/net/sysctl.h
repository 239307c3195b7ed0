#pragma once
// Per-interface IPv4/IPv6 settings under /proc/sys/net, read and written in the calling
// thread's network namespace (procfs shows the namespace of the opener). Used for the few
// knobs a VIP on a macvlan needs (kernel Documentation/networking/ip-sysctl.rst):
//   arp_ignore=1   answer ARP only for addresses on the interface the request came in on,
//                  so the lower device does not answer for the macvlan's VIP with its own MAC;
//   arp_announce=2 use the best local address of the outgoing interface as ARP sender, never
//                  the VIP, so our own ARP requests do not move hosts' VIP entries;
//   rp_filter=2    the macvlan has only the /32 VIP, the way back to a sender is the lower
//                  device: strict reverse-path filtering would drop everything it receives;
//   disable_ipv6=1 no link-local address, so a silent macvlan (a dead router's) never sends
//                  with the virtual MAC and never pulls it to its switch port.
#include <optional>
#include <string>
#include <string_view>

namespace havpnc::net {

enum class IpFamily { V4, V6 };

// /proc/sys/net/ipv4/conf/<interface>/<key> (or ipv6); nullopt when it does not exist.
std::optional<std::string> read_interface_sysctl(IpFamily family, std::string_view interface,
                                                 std::string_view key);
// Throws NetError naming the file and the reason.
void write_interface_sysctl(IpFamily family, std::string_view interface, std::string_view key,
                            std::string_view value);

}  // namespace havpnc::net
