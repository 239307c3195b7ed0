#include "config_generator.h"

#include <cstdint>

namespace havpnc::bench {

namespace {

// Network n gets outside 10.a.b.0/24, inside 172.16.0.0/12 + n*256, the peer's outside
// 100.64.0.0/10 + n*256 and its LAN 100.128.0.0/10 + n*256: distinct /24s for n < 4096 (more
// networks wrap, which the HA discovery then reports as extra pairs). Addition, not OR: an OR
// of overlapping bit fields made networks n and n+256 share an inside VIP.
std::string ip(std::uint32_t bits) {
  return std::to_string(bits >> 24) + "." + std::to_string((bits >> 16) & 255) + "." + std::to_string((bits >> 8) & 255) +
         "." + std::to_string(bits & 255);
}

std::uint32_t outside_net(std::size_t n) { return (10u << 24) + (static_cast<std::uint32_t>(n & 0xffff) << 8); }
std::uint32_t inside_net(std::size_t n) { return (172u << 24) + (16u << 16) + (static_cast<std::uint32_t>(n & 0xfff) << 8); }
std::uint32_t peer_net(std::size_t n) { return (100u << 24) + (64u << 16) + (static_cast<std::uint32_t>(n & 0xfff) << 8); }
std::uint32_t peer_lan(std::size_t n) { return (100u << 24) + (128u << 16) + (static_cast<std::uint32_t>(n & 0xfff) << 8); }

// xorshift: reproducible variety without <random>'s per-platform differences.
struct Rng {
  std::uint64_t s;
  std::uint32_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return static_cast<std::uint32_t>(s >> 11);
  }
};

void ha_router(std::string& out, std::size_t n, int member) {
  const std::uint32_t o = outside_net(n), in = inside_net(n), p = peer_net(n);
  const std::string self = std::to_string(member == 0 ? 10 : 11);
  const std::string other = std::to_string(member == 0 ? 11 : 10);
  const std::string inside_self = ip(in + (member == 0 ? 10 : 11));
  const std::string inside_other = ip(in + (member == 0 ? 11 : 10));
  out += "version 15.2\nhostname HA" + std::to_string(n) + (member == 0 ? "A" : "B") + "\n!\n";
  out += "redundancy inter-device\n scheme standby HSRP\n security ipsec SSO-PROF\n!\n";
  out += "ipc zone default\n association 1\n  no shutdown\n  protocol sctp\n   local-port 5000\n    local-ip " +
         inside_self + "\n   remote-port 5000\n    remote-ip " + inside_other + "\n!\n";
  out += "track 1 interface GigabitEthernet0/0 line-protocol\ntrack 2 interface GigabitEthernet0/1 line-protocol\n"
         "track 3 list boolean and\n object 1\n object 2\n!\nno crypto engine onboard 0\n!\n";
  out += "crypto isakmp policy 10\n encr aes 256\n hash sha256\n authentication pre-share\n group 14\n";
  out += "crypto isakmp key Xq7-" + std::to_string(n * 7919 % 100000) + "-long-random-key address " + ip(p + 2) + "\n";
  // The pair's SSO channel key, as IOS keys `security ipsec`: the ISAKMP key for the ipc remote-ip.
  out += "crypto isakmp key Sso7-" + std::to_string(n * 104729 % 100000) + "-long-random-key address " +
         inside_other + "\n";
  out += "crypto isakmp keepalive 10 3 periodic\n!\ncrypto ipsec security-association replay window-size 1024\n!\n";
  out += "crypto ipsec transform-set SET2 esp-aes 256 esp-sha256-hmac\n mode tunnel\n!\n";
  out += "crypto ipsec profile SSO-PROF\n set transform-set SET2\n!\n";
  out += "crypto map MAP2 redundancy replay-interval inbound 1000 outbound 1000\n";
  out += "crypto map MAP2 10 ipsec-isakmp\n set peer " + ip(p + 2) + "\n set transform-set SET2\n set pfs group14\n"
         " match address HA_VPN\n!\n";
  out += "interface GigabitEthernet0/0\n ip address " + inside_self + " 255.255.255.0\n standby 1 ip " + ip(in + 1) +
         "\n standby 1 preempt\n standby 1 priority 100\n standby 1 authentication md5 key-string InsideKey" + other +
         "\n standby 1 name INSIDE\n standby 1 track 3 decrement 30\n!\n";
  out += "interface GigabitEthernet0/1\n ip address " + ip(o + std::stoul(self)) + " 255.255.255.0\n standby 2 ip " +
         ip(o + 100) + "\n standby 2 preempt\n standby 2 priority 100\n standby 2 authentication md5 key-string OutKey" +
         "\n standby 2 name HSRP\n standby 2 track 3 decrement 30\n crypto map MAP2 redundancy HSRP stateful\n!\n";
  out += "ip access-list extended HA_VPN\n permit ip " + ip(in) + " 0.0.0.255 " + ip(peer_lan(n)) + " 0.0.0.255\n!\n";
}

void peer_router(std::string& out, std::size_t n) {
  const std::uint32_t o = outside_net(n), in = inside_net(n), p = peer_net(n);
  out += "version 15.2\nhostname PEER" + std::to_string(n) + "\n!\n";
  out += "crypto isakmp policy 10\n encr aes 256\n hash sha256\n authentication pre-share\n group 14\n";
  out += "crypto isakmp key Xq7-" + std::to_string(n * 7919 % 100000) + "-long-random-key address " + ip(o + 100) + "\n";
  out += "crypto isakmp keepalive 10 3 periodic\n!\ncrypto ipsec security-association replay window-size 1024\n!\n";
  out += "crypto ipsec transform-set SET2 esp-aes 256 esp-sha256-hmac\n mode tunnel\n!\n";
  out += "crypto map MAP2 10 ipsec-isakmp\n set peer " + ip(o + 100) + "\n set transform-set SET2\n set pfs group14\n"
         " match address HA_VPN\n!\n";
  out += "interface GigabitEthernet0/0\n ip address " + ip(p + 2) + " 255.255.255.0\n crypto map MAP2\n!\n";
  out += "interface GigabitEthernet0/1\n ip address " + ip(peer_lan(n) + 1) + " 255.255.255.0\n!\n";
  out += "ip access-list extended HA_VPN\n permit ip " + ip(peer_lan(n)) + " 0.0.0.255 " + ip(in) + " 0.0.0.255\n!\n";
}

}  // namespace

std::string generate_device(std::size_t index, std::size_t target_bytes) {
  const std::size_t n = index / 3;
  std::string out;
  out.reserve(target_bytes + 4096);
  if (index % 3 == 2) {
    peer_router(out, n);
  } else {
    ha_router(out, n, static_cast<int>(index % 3));
  }
  Rng rng{0x9e3779b97f4a7c15ull ^ (index * 0x100000001b3ull)};
  // VLAN subinterfaces: a third of the padding.
  const std::uint32_t vlan_base = (10u << 24) | (128u << 16) | (static_cast<std::uint32_t>(index & 0x7f) << 8);
  for (int v = 100; out.size() < target_bytes / 3 && v < 4000; ++v) {
    out += "interface GigabitEthernet0/2." + std::to_string(v) + "\n description customer " + std::to_string(rng.next() % 90000) +
           " vlan " + std::to_string(v) + "\n encapsulation dot1Q " + std::to_string(v) + "\n ip address " +
           ip(vlan_base + (static_cast<std::uint32_t>(v) << 10) + 1) + " 255.255.252.0\n!\n";
  }
  // Edge ACLs: the rest.
  static const char* kProto[] = {"tcp", "udp", "ip", "icmp"};
  static const char* kPort[] = {"22", "80", "443", "500", "4500", "53", "123", "161", "3389", "8080"};
  int acl = 0;
  while (out.size() < target_bytes) {
    out += "ip access-list extended EDGE_IN_" + std::to_string(acl++) + "\n";
    for (int e = 0; e < 200 && out.size() < target_bytes; ++e) {
      const char* proto = kProto[rng.next() % 4];
      std::uint32_t src = (rng.next() & 0xffffff00u) | 0u;
      std::uint32_t dst = rng.next();
      out += " ";
      out += (rng.next() % 5 == 0) ? "deny " : "permit ";
      out += proto;
      out += " " + ip(src) + " 0.0.0.255 host " + ip(dst);
      if (proto[0] == 't' || proto[0] == 'u') out += std::string(" eq ") + kPort[rng.next() % 10];
      out += "\n";
    }
    out += "!\n";
  }
  out += "end\n";
  return out;
}

}  // namespace havpnc::bench
