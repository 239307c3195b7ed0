#include "runtime/engine/interface_binding.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "runtime/track/interface_name.h"

namespace havpnc::engine {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "Gi0/1", "gi0/1" and "GigabitEthernet0/1" all name the plan's "GigabitEthernet0/1".
bool names_interface(std::string_view typed, const std::string& full) {
  const std::string t = lower(typed);
  return t == lower(full) || t == lower(track::short_interface_name(full));
}

int prefix_of_mask(std::uint32_t mask) {
  int n = 0;
  while (n < 32 && (mask & (0x80000000u >> n)) != 0) ++n;
  return n;
}

}  // namespace

BindResult bind_interfaces(const std::vector<PlanInterface>& plan,
                           const std::vector<SystemInterface>& system,
                           const std::map<std::string, std::string>& explicit_binds) {
  BindResult result;
  std::set<std::string> used_binds;
  for (const PlanInterface& p : plan) {
    Binding b{p.name, {}};
    for (const auto& [typed, linux_name] : explicit_binds) {
      if (!names_interface(typed, p.name)) continue;
      // clang 14 cannot capture a structured binding in a lambda; capture a reference.
      const std::string& wanted = linux_name;
      const auto found = std::find_if(system.begin(), system.end(),
                                      [&](const SystemInterface& s) { return s.name == wanted; });
      if (found == system.end()) {
        result.error = "--bind " + typed + "=" + linux_name + ": no Linux interface named " + linux_name;
        return result;
      }
      b.linux_name = linux_name;
      used_binds.insert(typed);
    }
    if (b.linux_name.empty() && p.address) {
      for (const SystemInterface& s : system) {
        for (const auto& [address, length] : s.addresses) {
          if (address == p.address->first) b.linux_name = s.name;
          (void)length;
        }
      }
      if (b.linux_name.empty()) {
        result.error = "cannot bind " + p.name + ": no Linux interface carries its address " +
                       format_ipv4(p.address->first) + "/" + std::to_string(p.address->second) +
                       " (add the address, or name one with --bind " +
                       track::short_interface_name(p.name) + "=IFACE)";
        return result;
      }
    }
    result.bindings.push_back(std::move(b));
  }
  for (const auto& [typed, linux_name] : explicit_binds) {
    if (!used_binds.count(typed)) {
      result.error = "--bind " + typed + "=" + linux_name + ": the plan has no interface " + typed;
      return result;
    }
  }
  // Two plan interfaces on one Linux interface would each see the other's traffic.
  for (std::size_t i = 0; i < result.bindings.size(); ++i)
    for (std::size_t j = i + 1; j < result.bindings.size(); ++j)
      if (!result.bindings[i].linux_name.empty() &&
          result.bindings[i].linux_name == result.bindings[j].linux_name) {
        result.error = result.bindings[i].ios_name + " and " + result.bindings[j].ios_name +
                       " would both be bound to " + result.bindings[i].linux_name;
        return result;
      }
  return result;
}

std::vector<SystemInterface> system_interfaces() {
  std::vector<SystemInterface> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (ifaddrs* it = list; it != nullptr; it = it->ifa_next) {
    if (it->ifa_name == nullptr) continue;
    auto found = std::find_if(out.begin(), out.end(),
                              [&](const SystemInterface& s) { return s.name == it->ifa_name; });
    if (found == out.end()) {
      out.push_back({it->ifa_name, (it->ifa_flags & IFF_UP) != 0, (it->ifa_flags & IFF_RUNNING) != 0, {}});
      found = out.end() - 1;
    }
    if (it->ifa_addr != nullptr && it->ifa_addr->sa_family == AF_INET) {
      const auto* a = reinterpret_cast<const sockaddr_in*>(it->ifa_addr);
      const auto* m = reinterpret_cast<const sockaddr_in*>(it->ifa_netmask);
      const std::uint32_t mask = m != nullptr ? ntohl(m->sin_addr.s_addr) : 0xFFFFFFFFu;
      found->addresses.emplace_back(ntohl(a->sin_addr.s_addr),
                                    static_cast<std::uint8_t>(prefix_of_mask(mask)));
    }
  }
  ::freeifaddrs(list);
  return out;
}

}  // namespace havpnc::engine
