#pragma once
// The seed's R2 and the HSRP pair R10/R11 as real engine::Hosts with fake clocks and
// FakeEdges: R2 talks to whoever holds the VIP, R10 and R11 replicate over an in-memory
// association (fake_association.h). Each router has a clock of its own (`RouterOptions::
// clock_offset`), as real routers' steady clocks share no epoch; advance() moves all three
// by the same amount. Optionally R2 sits behind a NAT that rewrites its UDP 4500 to
// `LabOptions::nat_port` (RFC 3947 §4: IKE and ESP in UDP must come back to that port).
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "runtime/crypto/crypto_component.h"
#include "runtime/engine/fake_edges.h"
#include "runtime/engine/host.h"
#include "runtime/engine/timer_service.h"
#include "runtime/esp/iv_source.h"
#include "runtime/ike/crypto/random.h"
#include "runtime/log/logger.h"
#include "runtime/log/sinks.h"
#include "runtime/sso/sso_service.h"
#include "tests/crypto/packets.h"
#include "tests/crypto/seed_plans.h"
#include "tests/sso_run/fake_association.h"

namespace havpnc::sso::testing {

using crypto::testing::addr;
using crypto::testing::echo;
using crypto::testing::ip;
using crypto::testing::Packet;
using crypto::testing::prefix;

inline const TimePoint kLabStart = TimePoint{} + seconds(50'000);

inline plan::Plan member_plan(const char* hostname, int me, int peer) {
  plan::Plan p = crypto::testing::r10_plan();
  p.hostname = hostname;
  const std::string g0 = "6.6.146." + std::to_string(me) + "/24";
  const std::string g1 = "6.6.156." + std::to_string(me) + "/24";
  p.interfaces = {{"GigabitEthernet0/0", prefix(g0.c_str()), {}, false},
                  {"GigabitEthernet0/1", prefix(g1.c_str()), {}, false}};
  plan::IpcAssociation a;
  a.id = 1;
  a.shutdown = false;
  a.local_ips = {ip(("6.6.146." + std::to_string(me)).c_str())};
  a.remote_ips = {ip(("6.6.146." + std::to_string(peer)).c_str())};
  a.local_port = a.remote_port = 5000;
  p.ipc_associations.push_back(a);
  p.inter_device.emplace();
  p.inter_device->scheme_standby = "HSRP";
  return p;
}

struct Sink final : crypto::PacketSink {
  std::vector<Packet> packets;
  void write(std::span<const std::uint8_t> p) override { packets.emplace_back(p.begin(), p.end()); }
};

struct RouterOptions {
  Duration clock_offset{};           // this router's clock = the lab's elapsed time + offset
  bool force_encapsulation = false;  // strongSwan `encap = yes`: IKE floats, ESP in UDP
  bool rekey_before_expiry = false;
};

struct Router {
  TimePoint start;
  engine::FakeTimerService timers;
  engine::FakeEdges edges;
  std::shared_ptr<log::MemorySink> log_lines = std::make_shared<log::MemorySink>();
  log::Logger logger;
  engine::Host host{timers, edges, logger};
  Sink sink;
  crypto::CryptoComponent* crypto = nullptr;
  SsoService* sso = nullptr;
  FakeAssociation* association = nullptr;
  std::size_t taken = 0;

  Router(const plan::Plan& plan, ike::crypto::RandomSource& random, esp::IvSource& ivs,
         RouterOptions options = {})
      : start(kLabStart + options.clock_offset), timers(start) {
    logger.add_sink(log_lines);
    auto setups = crypto::build_peer_setups(plan);
    if (!setups) throw std::runtime_error(setups.error());
    for (auto& peer : setups->peers)
      peer.session.main_mode.force_encapsulation = options.force_encapsulation;
    crypto::CryptoOptions crypto_options;
    crypto_options.rekey_before_expiry = options.rekey_before_expiry;
    auto c = std::make_unique<crypto::CryptoComponent>(std::move(*setups), crypto_options,
                                                       random, ivs, sink);
    crypto = c.get();
    host.add(std::move(c));
    if (auto config = sso_config_from_plan(plan)) {
      auto s = std::make_unique<SsoService>(
          std::move(*config), host, crypto, nullptr,
          [this](sctp::AssociationHandler& h, sctp::LogSink) {
            auto a = std::make_unique<FakeAssociation>(h);
            association = a.get();
            return a;
          },
          random);
      sso = s.get();
      host.add(std::move(s));
    }
    host.start();
  }
  TimePoint now() const { return timers.now(); }
  bool logged(const std::string& text) const {
    for (const auto& line : log_lines->lines())
      if (line.find(text) != std::string::npos) return true;
    return false;
  }
};

struct LabOptions {
  plan::Plan r2 = crypto::testing::r2_plan();
  plan::Plan r10 = member_plan("R10", 10, 11);
  plan::Plan r11 = member_plan("R11", 11, 10);
  RouterOptions r2_options;
  RouterOptions r10_options;
  RouterOptions r11_options;
  // Non-zero: R2 is behind a NAT that maps its UDP 4500 to this port (and back).
  std::uint16_t nat_port = 0;
};

class Lab {
 public:
  explicit Lab(const LabOptions& o = {})
      : r2(o.r2, random, ivs, o.r2_options),
        r10(o.r10, random, ivs, o.r10_options),
        r11(o.r11, random, ivs, o.r11_options),
        nat_port(o.nat_port) {}

  ike::crypto::SystemRandom random;
  esp::OpenSslIvSource ivs;
  Router r2;
  Router r10;
  Router r11;
  Router* vip_owner = &r10;
  // R2's NAT: its UDP 4500 appears as this port (0: no NAT); a test may change it (rebinding).
  std::uint16_t nat_port;
  // Datagrams toward R2 that its NAT had no mapping for (sent to 4500 instead of its port).
  std::size_t nat_strays = 0;
  // Every datagram R2 sent (after NAT), in order: tests pick probes out of it to replay.
  std::vector<engine::Datagram> r2_sent;

  void link_up() {
    FakeAssociation::connect(*r10.association, *r11.association);
    pump();
  }
  void link_down() { FakeAssociation::cut(*r10.association, *r11.association); }

  // Carries ESP/IKE between R2 and whoever holds the VIP, and SSO records, until quiet.
  void pump() {
    for (bool moved = true; moved;) {
      moved = false;
      moved |= carry(r2, vip_owner);
      moved |= carry(r10, &r2);
      moved |= carry(r11, &r2);
      while (r10.association->deliver_one() || r11.association->deliver_one()) moved = true;
    }
  }
  void deliver(Router& to, const engine::Datagram& d) {
    to.host.deliver(d);
    pump();
  }
  void tun_packet(Router& n, const Packet& p) {
    n.host.handle(*n.crypto, [&](TimePoint now, engine::Actions& out) {
      n.crypto->outbound_packet(p, now, out);
    });
    pump();
  }
  void advance(Duration d) {
    const Duration until = elapsed() + d;
    while (elapsed() < until) {
      const Duration next = std::min(until, elapsed() + milliseconds(100));
      for (Router* r : {&r2, &r10, &r11}) r->timers.advance_to(r->start + next);
      pump();
    }
  }
  Duration elapsed() const { return r2.now() - r2.start; }
  // `count` echoes R2 -> 6.6.146.4 and as many replies from the VIP holder; how many arrived.
  std::pair<std::size_t, std::size_t> ping(std::size_t count) {
    const std::size_t before_there = vip_owner->sink.packets.size();
    const std::size_t before_back = r2.sink.packets.size();
    for (std::size_t i = 0; i < count; ++i) {
      tun_packet(r2, echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4), static_cast<std::uint8_t>(i)));
      tun_packet(*vip_owner, echo(addr(6, 6, 146, 4), addr(6, 6, 2, 2), static_cast<std::uint8_t>(i)));
    }
    return {vip_owner->sink.packets.size() - before_there, r2.sink.packets.size() - before_back};
  }

 private:
  bool carry(Router& from, Router* to) {
    bool moved = false;
    while (from.taken < from.edges.calls.size()) {
      const auto call = from.edges.calls[from.taken++];
      const auto* s = std::get_if<engine::SendDatagram>(&call);
      if (!s || !to) continue;
      engine::Datagram d{s->transport, s->source,      s->source_port,       s->destination,
                         s->destination_port, "GigabitEthernet0/1", s->payload};
      if (nat_port && d.transport == engine::Transport::Udp) {
        if (&from == &r2 && d.source_port == ike::kNatTraversalPort) d.source_port = nat_port;
        if (to == &r2 && d.destination_port != ike::kIkePort) {
          if (d.destination_port != nat_port) {
            ++nat_strays;  // no mapping on the NAT for that port: dropped there
            continue;
          }
          d.destination_port = ike::kNatTraversalPort;
        }
      }
      if (&from == &r2) r2_sent.push_back(d);
      to->host.deliver(d);
      moved = true;
    }
    return moved;
  }
};

}  // namespace havpnc::sso::testing
