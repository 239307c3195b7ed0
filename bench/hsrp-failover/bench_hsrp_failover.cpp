// bench_hsrp_failover: how long the VIP is unanswered when the HSRP Active dies, in the seed lab
// (`havpnc lab`, root), measured from outside the routers: an AF_PACKET probe in the transit
// namespace asks "who has 6.6.156.100" every kProbeInterval and the clock stops at the first
// ARP reply for it that the other router sends, seen by a second AF_PACKET socket inside the
// survivor's namespace (outgoing frames on its Gi0-1). Both routers answer with the same
// virtual MAC now (issue 6: a macvlan owns it), so the MAC no longer tells who answered; and
// the dead router's kernel may answer for the VIP until its lifetime runs out.
//
//   sudo bench_hsrp_failover [--runs 20] [--havpnc PATH]
//
// Configs: samples/seed with `standby version 2` (v1 carries whole seconds, RFC 2281 §5.1) and
// `standby N timers msec H msec D` on every group, written to /tmp at start. Two deaths,
// separately: SIGKILL of the Active's process (t0 just before kill(2)), and its outside link set
// down (t0 just before `ip link set down` runs, so the fork/exec of ip is counted against us).
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <fcntl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "runtime/lab/command.h"
#include "runtime/lab/lab_state.h"
#include "runtime/net/arp_frame.h"

namespace {

using havpnc::lab::CommandResult;
using havpnc::lab::run_command;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr auto kProbeInterval = 1ms;
const havpnc::net::Ipv4 kVip = havpnc::net::Ipv4::from_string("6.6.156.100");
const havpnc::net::Ipv4 kProbeSource = havpnc::net::Ipv4::from_string("6.6.156.1");  // transit eth1

std::string g_havpnc = HAVPNC_BINARY;

[[noreturn]] void die(const std::string& why) {
  std::cerr << "bench_hsrp_failover: " << why << "\n";
  std::exit(1);
}

// The seed with v2 and msec timers on every HSRP interface and group.
void write_configs(const fs::path& dir, int hello_ms, int hold_ms) {
  fs::create_directories(dir);
  for (const char* node : {"R10", "R11", "R2"}) {
    std::ifstream in(std::string(HAVPNC_SOURCE_DIR) + "/samples/seed/" + node + ".cfg");
    if (!in) die(std::string("cannot read samples/seed/") + node + ".cfg");
    std::ofstream out(dir / (std::string(node) + ".cfg"));
    const std::regex standby_ip(R"(^ standby (\d+) ip \S+\s*$)");
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      out << lines[i] << "\n";
      const bool address = lines[i].rfind(" ip address ", 0) == 0;
      if (address && i + 1 < lines.size() && lines[i + 1].rfind(" standby ", 0) == 0) out << " standby version 2\n";
      std::smatch m;
      if (std::regex_match(lines[i], m, standby_ip))
        out << " standby " << m[1] << " timers msec " << hello_ms << " msec " << hold_ms << "\n";
    }
  }
}

struct Lab {
  std::string prefix;
  CommandResult lab(std::vector<std::string> args) const {
    std::vector<std::string> argv{g_havpnc, "lab", args.front(), "--prefix", prefix};
    argv.insert(argv.end(), args.begin() + 1, args.end());
    return run_command(argv);
  }
  std::string group2_state(const std::string& node) const {
    const CommandResult r = lab({"show", node, "show", "standby", "--json"});
    if (!r.ok()) return "down";
    const auto j = nlohmann::json::parse(r.out, nullptr, false);
    if (j.is_array())
      for (const auto& g : j)
        if (g.value("group", -1) == 2) return g.value("state", std::string("?"));
    return "?";
  }
  pid_t pid(const std::string& node) const {
    const auto rec = havpnc::lab::read_record(std::string(havpnc::lab::kDefaultStateRoot) + "/" + prefix + "/" + node + ".pid");
    if (!rec) die("no process record for " + node);
    return rec->pid;
  }
};

// Waits until group 2 has an Active and a Standby; returns {active, standby}.
std::optional<std::pair<std::string, std::string>> settled(const Lab& lab, Clock::duration limit) {
  const auto end = Clock::now() + limit;
  while (Clock::now() < end) {
    const std::string r10 = lab.group2_state("R10"), r11 = lab.group2_state("R11");
    if (r10 == "Active" && r11 == "Standby") return std::pair{std::string("R10"), std::string("R11")};
    if (r11 == "Active" && r10 == "Standby") return std::pair{std::string("R11"), std::string("R10")};
    std::this_thread::sleep_for(50ms);
  }
  return std::nullopt;
}

// An ARP AF_PACKET socket on `ifname`, opened inside namespace `ns`.
struct Probe {
  int fd = -1;
  int ifindex = 0;
  havpnc::net::MacAddress mac{};

  // `protocol`: ETH_P_ARP to ask and hear replies; ETH_P_ALL to see frames the namespace sends
  // (the kernel hands outgoing frames only to ETH_P_ALL sockets, dev_queue_xmit_nit).
  explicit Probe(const std::string& ns, const char* ifname = "eth1", int protocol = ETH_P_ARP) {
    const int self = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    const int there = ::open(("/run/netns/" + ns).c_str(), O_RDONLY | O_CLOEXEC);
    if (self < 0 || there < 0 || ::setns(there, CLONE_NEWNET) != 0) die("cannot enter namespace " + ns);
    fd = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(static_cast<std::uint16_t>(protocol)));
    ifreq req{};
    std::strncpy(req.ifr_name, ifname, IFNAMSIZ - 1);
    const bool ok = fd >= 0 && ::ioctl(fd, SIOCGIFINDEX, &req) == 0;
    if (ok) ifindex = req.ifr_ifindex;
    const bool ok_mac = ok && ::ioctl(fd, SIOCGIFHWADDR, &req) == 0;
    if (ok_mac) std::memcpy(mac.data(), req.ifr_hwaddr.sa_data, 6);
    if (::setns(self, CLONE_NEWNET) != 0) die("cannot return to the bench's namespace");
    ::close(self);
    ::close(there);
    if (!ok_mac) die("AF_PACKET on " + ns + " eth1: " + std::strerror(errno));
    sockaddr_ll where{};
    where.sll_family = AF_PACKET;
    where.sll_protocol = htons(static_cast<std::uint16_t>(protocol));
    where.sll_ifindex = ifindex;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&where), sizeof where) != 0) die("bind AF_PACKET");
  }
  ~Probe() { ::close(fd); }

  void ask() const {
    havpnc::net::ArpFrame f;
    f.ethernet_destination = havpnc::net::kBroadcastMac;
    f.ethernet_source = mac;
    f.op = havpnc::net::ArpOp::Request;
    f.sender_mac = mac;
    f.sender_ip = kProbeSource;
    f.target_ip = kVip;
    const auto bytes = havpnc::net::encode_arp(f);
    sockaddr_ll to{};
    to.sll_family = AF_PACKET;
    to.sll_ifindex = ifindex;
    to.sll_halen = 6;
    std::memcpy(to.sll_addr, havpnc::net::kBroadcastMac.data(), 6);
    (void)::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  }
  void drain() const {
    std::uint8_t buf[1600];
    while (::recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0) {
    }
  }
  // Asks every kProbeInterval until `survivor` (a Probe in the survivor's namespace) sends a
  // reply for the VIP to us; the instant it was seen leaving.
  std::optional<Clock::time_point> until_answered_by(const Probe& survivor, Clock::duration limit) const {
    const auto end = Clock::now() + limit;
    auto next_ask = Clock::now();
    std::uint8_t buf[1600];
    while (Clock::now() < end) {
      if (Clock::now() >= next_ask) {
        ask();
        next_ask += kProbeInterval;
      }
      pollfd p{survivor.fd, POLLIN, 0};
      const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_ask - Clock::now()).count();
      if (::poll(&p, 1, static_cast<int>(std::max<long long>(wait, 0))) <= 0) continue;
      sockaddr_ll from{};
      socklen_t from_len = sizeof from;
      const ssize_t n = ::recvfrom(survivor.fd, buf, sizeof buf, MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&from), &from_len);
      const auto at = Clock::now();
      if (n <= 0 || from.sll_pkttype != PACKET_OUTGOING) continue;
      const auto frame = havpnc::net::decode_arp(std::span<const std::uint8_t>(buf, static_cast<std::size_t>(n)));
      if (frame && frame->op == havpnc::net::ArpOp::Reply && frame->sender_ip == kVip &&
          frame->target_ip == kProbeSource)
        return at;
    }
    return std::nullopt;
  }
};

enum class Death { Kill, LinkDown };

struct Series {
  std::vector<double> ms;
  int failed = 0;
};

Series measure(const Lab& lab, Death death, int runs, int hold_ms) {
  Series s;
  Probe probe(lab.prefix + "transit");
  for (int i = 0; i < runs; ++i) {
    // With a 50 ms hold a restarted router can flap through Active under load: the roles
    // count only when they are the same twice, several hold times apart.
    std::optional<std::pair<std::string, std::string>> roles;
    for (int tries = 0; tries < 20; ++tries) {
      const auto first = settled(lab, 30s);
      if (!first) die("group 2 did not settle to Active/Standby");
      std::this_thread::sleep_for(std::chrono::milliseconds(4 * hold_ms + 200));
      const auto second = settled(lab, 30s);
      if (second == first) {
        roles = first;
        break;
      }
    }
    if (!roles) die("group 2 kept changing its Active");
    const auto& [active, standby] = *roles;
    const Probe survivor(lab.prefix + standby, "Gi0-1", ETH_P_ALL);
    // A Standby that has just come back may still be learning; give it two hold times.
    std::this_thread::sleep_for(std::chrono::milliseconds(2 * hold_ms));
    probe.drain();
    survivor.drain();
    const auto t0 = Clock::now();
    if (death == Death::Kill) {
      if (::kill(lab.pid(active), SIGKILL) != 0) die("kill " + active + ": " + std::strerror(errno));
    } else {
      const CommandResult r = run_command({"ip", "-n", lab.prefix + active, "link", "set", "Gi0-1", "down"});
      if (!r.ok()) die(r.describe());
    }
    const auto answered = probe.until_answered_by(survivor, 10s);
    if (answered)
      s.ms.push_back(std::chrono::duration<double, std::milli>(*answered - t0).count());
    else
      ++s.failed;
    // Bring the dead one back: it returns as Standby (equal priority does not preempt).
    // A SIGKILLed process may still be exiting (its namespace lock not yet released).
    CommandResult back;
    for (int tries = 0; tries < 10; ++tries) {
      back = death == Death::Kill ? lab.lab({"start", active}) : lab.lab({"link", active, "Gi0/1", "up"});
      if (back.ok()) break;
      std::this_thread::sleep_for(300ms);
    }
    if (!back.ok()) die(back.describe());
  }
  return s;
}

void report(const std::string& what, Series s, double target_ms) {
  std::sort(s.ms.begin(), s.ms.end());
  if (s.ms.empty()) {
    std::printf("%-44s no takeover observed in %d runs\n", what.c_str(), s.failed);
    return;
  }
  const double median = s.ms.size() % 2 ? s.ms[s.ms.size() / 2]
                                        : (s.ms[s.ms.size() / 2 - 1] + s.ms[s.ms.size() / 2]) / 2;
  std::printf("%-44s n=%zu min %7.1f ms  median %7.1f ms  max %7.1f ms  target %5.0f ms  median/target %.2f%s\n",
              what.c_str(), s.ms.size(), s.ms.front(), median, s.ms.back(), target_ms, median / target_ms,
              s.failed ? (" (" + std::to_string(s.failed) + " runs without takeover)").c_str() : "");
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 20;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
    else if (a == "--havpnc" && i + 1 < argc) g_havpnc = argv[++i];
    else die("usage: bench_hsrp_failover [--runs N] [--havpnc PATH]");
  }
  if (::geteuid() != 0) die("needs root (network namespaces)");

  std::printf("anchors (keepalived 2.2.7 on this machine, interface down, ping at 100/s): "
              "VRRP advert 1 s -> 3.55 s median outage; VRRPv3 advert 0.1 s -> 328 ms\n");
  struct Timers { int hello, hold; double target; };
  for (const Timers t : {Timers{100, 300, 300 + 50}, Timers{15, 50, 100}}) {
    const fs::path dir = "/tmp/hvhb-" + std::to_string(::getpid()) + "-" + std::to_string(t.hello);
    write_configs(dir, t.hello, t.hold);
    Lab lab{"hvhb-" + std::to_string(::getpid()) + "-"};
    const CommandResult up = lab.lab({"up", "--dir", dir.string()});
    if (!up.ok()) die(up.describe() + "\n" + up.out);
    const std::string label = "msec " + std::to_string(t.hello) + " msec " + std::to_string(t.hold) + " (v2)";
    const Series killed = measure(lab, Death::Kill, runs, t.hold);
    const Series cut = measure(lab, Death::LinkDown, runs, t.hold);
    lab.lab({"down"});
    fs::remove_all(dir);
    report(label + ", process SIGKILL", killed, t.target);
    report(label + ", outside link down", cut, t.target);
  }
  return 0;
}
