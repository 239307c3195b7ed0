#pragma once
// Two CryptoComponents (the seed's R2 and R10) back to back: their actions are carried out
// here as the host would — datagrams onto a fake wire to the other router, timers into a
// fake clock, routes and logs recorded — so a test can follow every packet.
#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <map>

#include "runtime/crypto/crypto_component.h"
#include "runtime/esp/iv_source.h"
#include "runtime/ike/crypto/random.h"
#include "tests/crypto/seed_plans.h"

namespace havpnc::crypto::testing {

struct CollectingSink final : PacketSink {
  std::vector<std::vector<std::uint8_t>> packets;
  void write(std::span<const std::uint8_t> p) override { packets.emplace_back(p.begin(), p.end()); }
};

struct Router {
  explicit Router(std::string n) : name(std::move(n)) {}
  std::string name;
  CollectingSink sink;
  std::unique_ptr<CryptoComponent> component;
  std::map<engine::TimerKey, TimePoint> timers;
  std::vector<engine::Route> routes;
  std::vector<LogRecord> logs;
  std::vector<engine::SendDatagram> sent;  // everything it put on the wire, in order

  bool has_log(const std::string& formatted) const {
    for (const auto& l : logs)
      if (l.format() == formatted) return true;
    return false;
  }
  std::size_t esp_sent() const {
    std::size_t n = 0;
    for (const auto& s : sent) n += s.transport == engine::Transport::Esp;
    return n;
  }
};

class Lab {
  // First, so that they outlive the components that point at them.
  ike::crypto::SystemRandom random_;
  esp::OpenSslIvSource ivs_;

 public:
  TimePoint now = TimePoint{} + seconds(1'000'000);
  Router r2{"R2"};
  Router r10{"R10"};
  // Sees each datagram before delivery; false drops it. May change the bytes.
  std::function<bool(const Router& from, engine::SendDatagram&)> wire = [](auto&, auto&) {
    return true;
  };

  Lab() {
    make(r2, r2_plan());
    make(r10, r10_plan());
  }

  void make(Router& r, const plan::Plan& p) { make(r, p, CryptoOptions{}); }
  void make(Router& r, const plan::Plan& p, CryptoOptions o) {
    auto setups = build_peer_setups(p);
    if (!setups) throw std::runtime_error(setups.error());
    o.tun_interface = "Tunnel-havpnc";
    r.component = std::make_unique<CryptoComponent>(std::move(*setups), o, random_, ivs_, r.sink);
    engine::Actions out;
    r.component->start(now, out);
    run(r, std::move(out));
  }

  Router& other(Router& r) { return &r == &r2 ? r10 : r2; }

  // Carries out actions of `from`, then delivers everything on the wire until it is quiet.
  void run(Router& from, engine::Actions actions) {
    take(from, std::move(actions));
    for (std::size_t n = 0; !queue_.empty() && n < 10000; ++n) {
      auto [to, d] = std::move(queue_.front());
      queue_.pop_front();
      engine::Actions out;
      to->component->datagram(d, now, out);
      take(*to, std::move(out));
    }
  }

  void deliver(Router& to, const engine::SendDatagram& s) {
    engine::Actions out;
    to.component->datagram(as_received(s), now, out);
    run(to, std::move(out));
  }

  void ping(Router& from, const std::vector<std::uint8_t>& packet) {
    engine::Actions out;
    from.component->outbound_packet(packet, now, out);
    run(from, std::move(out));
  }

  // Moves the clock to `until`, firing due timers of both routers in deadline order.
  void advance_to(TimePoint until) {
    for (int guard = 0; guard < 100000; ++guard) {
      Router* next = nullptr;
      engine::TimerKey key = 0;
      TimePoint at = TimePoint::max();
      for (Router* r : {&r2, &r10}) {
        for (const auto& [k, t] : r->timers) {
          if (t < at) {
            at = t;
            key = k;
            next = r;
          }
        }
      }
      if (!next || at > until) break;
      now = std::max(now, at);
      next->timers.erase(key);
      engine::Actions out;
      next->component->timer(key, now, out);
      run(*next, std::move(out));
    }
    now = until;
  }
  void advance(Duration d) { advance_to(now + d); }

  static engine::Datagram as_received(const engine::SendDatagram& s) {
    engine::Datagram d;
    d.transport = s.transport;
    d.source = s.source;
    d.source_port = s.source_port;
    d.destination = s.destination;
    d.destination_port = s.destination_port;
    d.payload = s.payload;
    return d;
  }

 private:
  void take(Router& r, engine::Actions actions) {
    for (auto& a : actions) {
      if (auto* s = std::get_if<engine::SendDatagram>(&a)) {
        r.sent.push_back(*s);
        engine::SendDatagram copy = *s;
        if (wire(r, copy)) queue_.emplace_back(&other(r), as_received(copy));
      } else if (auto* t = std::get_if<engine::ArmTimer>(&a)) {
        r.timers[t->key] = t->deadline;
      } else if (auto* c = std::get_if<engine::CancelTimer>(&a)) {
        r.timers.erase(c->key);
      } else if (auto* add = std::get_if<engine::AddRoute>(&a)) {
        r.routes.push_back(add->route);
      } else if (auto* l = std::get_if<LogRecord>(&a)) {
        r.logs.push_back(*l);
      } else {
        ADD_FAILURE() << r.name << ": unexpected action " << a.index();
      }
    }
  }

  std::deque<std::pair<Router*, engine::Datagram>> queue_;
};

}  // namespace havpnc::crypto::testing
