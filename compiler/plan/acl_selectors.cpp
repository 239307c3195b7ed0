#include "compiler/plan/acl_selectors.h"

#include <array>
#include <charconv>
#include <string_view>
#include <utility>

namespace havpnc::compiler {

namespace {

using model::AclEntry;
using model::AclPort;
using plan::PortRange;

std::optional<std::uint32_t> number(const std::string& word, std::uint32_t max) {
  std::uint32_t value = 0;
  const auto* end = word.data() + word.size();
  auto [ptr, ec] = std::from_chars(word.data(), end, value);
  if (ec != std::errc{} || ptr != end || word.empty() || value > max) return std::nullopt;
  return value;
}

// The keywords IOS prints in `show access-lists` for well-known protocols and ports.
constexpr std::array<std::pair<std::string_view, std::uint32_t>, 15> kProtocols{{
    {"ip", 0}, {"icmp", 1}, {"igmp", 2}, {"ipinip", 4}, {"tcp", 6}, {"udp", 17}, {"gre", 47},
    {"esp", 50}, {"ahp", 51}, {"eigrp", 88}, {"ospf", 89}, {"nos", 94}, {"pim", 103}, {"pcp", 108},
    {"sctp", 132}}};

constexpr std::array<std::pair<std::string_view, std::uint32_t>, 37> kPorts{{
    {"echo", 7},        {"discard", 9},     {"daytime", 13},     {"chargen", 19},   {"ftp-data", 20},
    {"ftp", 21},        {"telnet", 23},     {"smtp", 25},        {"time", 37},      {"nameserver", 42},
    {"whois", 43},      {"tacacs", 49},     {"domain", 53},      {"bootps", 67},    {"bootpc", 68},
    {"tftp", 69},       {"gopher", 70},     {"finger", 79},      {"www", 80},       {"pop2", 109},
    {"pop3", 110},      {"sunrpc", 111},    {"ident", 113},      {"nntp", 119},     {"ntp", 123},
    {"netbios-ns", 137}, {"netbios-dgm", 138}, {"netbios-ss", 139}, {"snmp", 161},  {"snmptrap", 162},
    {"bgp", 179},       {"isakmp", 500},    {"exec", 512},       {"syslog", 514},   {"lpd", 515},
    {"rip", 520},       {"non500-isakmp", 4500}}};

template <std::size_t N>
std::optional<std::uint32_t> lookup(const std::array<std::pair<std::string_view, std::uint32_t>, N>& table,
                                    const std::string& word) {
  for (const auto& [name, value] : table) {
    if (name == word) return value;
  }
  return std::nullopt;
}

// The port ranges one side of an ACL line matches; empty with `why` set when it cannot say.
std::vector<PortRange> port_ranges(const std::optional<AclPort>& port, std::string& why) {
  if (!port) return {PortRange{}};
  std::vector<std::uint32_t> values;
  for (const auto& word : port->ports) {
    auto v = port_number(word);
    if (!v) {
      why = "port \"" + word + "\" is not a number or a port name havpnc knows";
      return {};
    }
    values.push_back(*v);
  }
  auto need = [&](std::size_t n) {
    if (values.size() != n) why = "the port operator has " + std::to_string(values.size()) + " ports, expected " + std::to_string(n);
    return values.size() == n;
  };
  switch (port->op) {
    case AclPort::Op::Eq: {
      if (values.empty()) {
        why = "eq without a port";
        return {};
      }
      std::vector<PortRange> out;
      for (auto v : values) out.push_back({v, v});
      return out;
    }
    case AclPort::Op::Gt:
      if (!need(1)) return {};
      if (values[0] >= 65535) break;
      return {{values[0] + 1, 65535}};
    case AclPort::Op::Lt:
      if (!need(1)) return {};
      if (values[0] == 0) break;
      return {{0, values[0] - 1}};
    case AclPort::Op::Neq: {
      if (!need(1)) return {};
      std::vector<PortRange> out;
      if (values[0] > 0) out.push_back({0, values[0] - 1});
      if (values[0] < 65535) out.push_back({values[0] + 1, 65535});
      return out;
    }
    case AclPort::Op::Range:
      if (!need(2)) return {};
      if (values[0] > values[1]) break;
      return {{values[0], values[1]}};
  }
  why = "the port condition matches no port";
  return {};
}

std::optional<plan::Ipv4Prefix> side(const model::AclAddress& a, std::string& why) {
  if (a.kind == model::AclAddress::Kind::Network && !model::prefix_length_of_wildcard(a.wildcard)) {
    why = "wildcard " + a.wildcard.to_string() + " is not contiguous: a traffic selector is one subnet";
    return std::nullopt;
  }
  const model::Ipv4Prefix p = a.prefix();
  // IOS ignores the address bits the wildcard masks; a selector carries the network.
  return plan::Ipv4Prefix{plan::Ipv4{p.network().bits}, p.length};
}

}  // namespace

std::optional<std::uint32_t> ip_protocol_number(const std::string& word) {
  if (auto v = lookup(kProtocols, word)) return v;
  return number(word, 255);
}

std::optional<std::uint32_t> port_number(const std::string& word) {
  if (auto v = lookup(kPorts, word)) return v;
  return number(word, 65535);
}

std::vector<plan::TrafficSelector> selectors_from_acl(const model::AccessList& acl, std::vector<SelectorIssue>& issues) {
  std::vector<plan::TrafficSelector> out;
  if (acl.kind == model::AccessList::Kind::Standard) {
    issues.push_back({acl.range, "access list " + acl.name.value +
                                     " is a standard ACL; a crypto ACL needs source and destination (an extended ACL)"});
    return out;
  }
  for (const AclEntry& e : acl.entries) {
    if (e.action == AclEntry::Action::Remark) continue;
    std::string why;
    auto protocol = ip_protocol_number(e.protocol);
    if (!protocol) why = "protocol \"" + e.protocol + "\" is not a number or a protocol name havpnc knows";
    std::optional<plan::Ipv4Prefix> local, remote;
    if (why.empty()) local = side(e.source, why);
    if (why.empty() && !e.destination) why = "the line has no destination";
    if (why.empty()) remote = side(*e.destination, why);
    std::vector<PortRange> local_ports, remote_ports;
    if (why.empty()) local_ports = port_ranges(e.source_port, why);
    if (why.empty()) remote_ports = port_ranges(e.destination_port, why);
    if (why.empty() && (e.source_port || e.destination_port) && *protocol != 6 && *protocol != 17 && *protocol != 132) {
      why = "ports are given for protocol " + e.protocol + ", which has none";
    }
    if (!why.empty()) {
      issues.push_back({e.range, "access list " + acl.name.value + ": " + why});
      continue;
    }
    for (const auto& lp : local_ports) {
      for (const auto& rp : remote_ports) {
        plan::TrafficSelector s;
        s.action = e.action == AclEntry::Action::Permit ? plan::SelectorAction::Permit : plan::SelectorAction::Deny;
        s.protocol = *protocol;
        s.local = *local;
        s.local_ports = lp;
        s.remote = *remote;
        s.remote_ports = rp;
        out.push_back(s);
      }
    }
  }
  return out;
}

}  // namespace havpnc::compiler
