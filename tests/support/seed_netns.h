#pragma once
// The seed's R2 -- transit -- R10 -- host path as four network namespaces, for the tests that
// run routers for real (tests/crypto/crypto_ns_test.cpp, tests/interop/ns_lab.h): one
// topology, so that a change to the seed's addressing is made once.
//
//   R2 (gi00 6.6.25.2; gi01 6.6.2.2 on a veth pair of its own) -- tr (t25 6.6.25.1 | t156 6.6.156.1)
//   -- R10 (gi01 6.6.156.10, HSRP VIP 6.6.156.100; gi00 6.6.146.10) -- h146 (eth0 6.6.146.4)
//
// The namespaces are <prefix>{r2,tr,r10,h146}, the caller's prefix making them its own. Each
// veth pair is created inside one namespace with its peer placed straight in the other, so
// nothing ever appears in the root namespace. R2, tr and R10 forward; R2 and R10 route by
// default to the transit, the host to R10.
#include <cstdlib>
#include <string>
#include <vector>

namespace havpnc::testsupport {

// Exit status of a shell command whose output is dropped.
inline int quiet_status(const std::string& command) {
  return std::system((command + " >/dev/null 2>&1").c_str());
}

struct SeedNamespaces {
  explicit SeedNamespaces(const std::string& prefix)
      : r2(prefix + "r2"), tr(prefix + "tr"), r10(prefix + "r10"), h146(prefix + "h146") {}

  const std::string r2, tr, r10, h146;

  // Creates and wires the four namespaces: the first command that failed, "" when none did.
  // What a failed create() left behind is for remove().
  std::string create() const {
    std::vector<std::string> steps;
    for (const auto& ns : {r2, tr, r10, h146}) steps.push_back("ip netns add " + ns);
    for (const auto& s : {
             "ip -n " + r2 + " link add gi00 type veth peer name t25 netns " + tr,
             "ip -n " + r10 + " link add gi01 type veth peer name t156 netns " + tr,
             "ip -n " + r10 + " link add gi00 type veth peer name eth0 netns " + h146,
             "ip -n " + r2 + " link add gi01 type veth peer name gi01p",  // no dummy module here
             "ip -n " + r2 + " addr add 6.6.25.2/24 dev gi00",
             "ip -n " + r2 + " addr add 6.6.2.2/24 dev gi01",
             "ip -n " + tr + " addr add 6.6.25.1/24 dev t25",
             "ip -n " + tr + " addr add 6.6.156.1/24 dev t156",
             "ip -n " + r10 + " addr add 6.6.156.10/24 dev gi01",
             "ip -n " + r10 + " addr add 6.6.146.10/24 dev gi00",
             "ip -n " + h146 + " addr add 6.6.146.4/24 dev eth0",
         })
      steps.push_back(s);
    for (const auto& ns : {r2, tr, r10, h146}) {
      steps.push_back("ip -n " + ns + " link set lo up");
      steps.push_back("ip netns exec " + ns + " sh -c 'for l in $(ls /sys/class/net); do ip link set $l up; done'");
    }
    for (const auto& ns : {r2, tr, r10}) steps.push_back("ip netns exec " + ns + " sysctl -w net.ipv4.ip_forward=1");
    steps.push_back("ip -n " + r2 + " route add default via 6.6.25.1");
    steps.push_back("ip -n " + r10 + " route add default via 6.6.156.1");
    steps.push_back("ip -n " + h146 + " route add default via 6.6.146.10");
    for (const auto& s : steps)
      if (quiet_status(s) != 0) return s;
    return {};
  }

  // Deletes the four namespaces and every veth end in them (one never created: a quiet no-op).
  void remove() const {
    for (const auto& ns : {r2, tr, r10, h146}) quiet_status("ip netns del " + ns);
  }
};

}  // namespace havpnc::testsupport
