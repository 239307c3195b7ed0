// Tunnels established per second between two in-process IkeSessions (the seed's policy:
// AES-128/SHA-1/PSK/group 2, then quick mode esp-aes esp-sha-hmac with PFS group 2), beside
// the DH-only bound: the 4 key generations and 4 shared-secret derivations a tunnel needs
// (2+2 in main mode, 2+2 for PFS), through the same crypto::DiffieHellman calls. The ratio
// says how much of a tunnel's cost is anything other than modular exponentiation.
//
// Usage: bench_ike [tunnels-per-round] [rounds]   (defaults 200, 5). Rounds alternate the
// two measurements so that both see the same machine load; the median round is reported.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "runtime/ike/ike_session.h"

namespace {

using namespace havpnc;
using namespace havpnc::ike;
using BenchClock = std::chrono::steady_clock;

const Endpoint kR2{{6, 6, 25, 2}, 500};
const Endpoint kVip{{6, 6, 156, 100}, 500};

SessionConfig seed(Endpoint local, Endpoint remote, bool initiator) {
  SessionConfig c;
  Phase1Policy p;
  p.cipher = {crypto::EncryptionAlgorithm::AesCbc, 128};
  p.hash = crypto::HashAlgorithm::Sha1;
  p.group = crypto::DhGroup::Modp1024;
  c.main_mode.policies = {p};
  c.main_mode.pre_shared_key = Secret(std::string_view("cisco123"));
  c.main_mode.local = local;
  c.main_mode.remote = remote;
  c.phase2.transform_sets = {IpsecTransform{kEspTransformAes, 128, EspIntegrity::HmacSha1}};
  c.phase2.pfs = crypto::DhGroup::Modp1024;
  TrafficSelector acl{{{6, 6, 2, 0}, {255, 255, 255, 0}}, {{6, 6, 146, 0}, {255, 255, 255, 0}}};
  c.phase2.selector = initiator ? acl : acl.mirrored();
  c.dpd = DpdConfig{seconds(10), seconds(2), DpdMode::Periodic};
  return c;
}

// One tunnel: returns false if it did not come up (the bench then aborts).
bool one_tunnel(crypto::RandomSource& random, IkeCounters& counters) {
  auto i = IkeSession::initiator(seed(kR2, kVip, true), random, counters);
  auto r = IkeSession::responder(seed(kVip, kR2, false), random, counters);
  TimePoint now{};
  std::vector<std::pair<bool, Bytes>> wire;  // (to responder?, bytes)
  int installed = 0;
  auto take = [&](bool from_initiator, Actions acts) {
    for (auto& a : acts) {
      if (auto* d = std::get_if<SendDatagram>(&a)) wire.emplace_back(from_initiator, std::move(d->bytes));
      else if (std::holds_alternative<InstallChildSa>(a)) ++installed;
    }
  };
  take(true, i.start(now));
  for (std::size_t n = 0; n < wire.size() && n < 64; ++n) {
    bool to_responder = wire[n].first;
    if (to_responder) take(false, r.receive(now, wire[n].second));
    else take(true, i.receive(now, wire[n].second));
  }
  return installed == 2;
}

double tunnels_per_second(std::size_t tunnels, crypto::RandomSource& random) {
  IkeCounters counters;
  auto t0 = BenchClock::now();
  for (std::size_t n = 0; n < tunnels; ++n) {
    if (!one_tunnel(random, counters)) {
      std::fprintf(stderr, "tunnel %zu did not come up\n", n);
      std::exit(1);
    }
  }
  double s = std::chrono::duration<double>(BenchClock::now() - t0).count();
  return static_cast<double>(tunnels) / s;
}

// 4 keygens + 4 derives per tunnel, as main mode + quick mode with PFS do them.
double dh_bound_per_second(std::size_t tunnels) {
  std::size_t failures = 0;
  auto t0 = BenchClock::now();
  for (std::size_t n = 0; n < tunnels; ++n) {
    for (int exchange = 0; exchange < 2; ++exchange) {
      auto a = crypto::DiffieHellman::create(crypto::DhGroup::Modp1024);
      auto b = crypto::DiffieHellman::create(crypto::DhGroup::Modp1024);
      auto ab = a->compute_shared_secret(b->public_value());
      auto ba = b->compute_shared_secret(a->public_value());
      if (!ab || !ba || !(*ab == *ba)) ++failures;
    }
  }
  double s = std::chrono::duration<double>(BenchClock::now() - t0).count();
  if (failures) {
    std::fprintf(stderr, "DH disagreed %zu times\n", failures);
    std::exit(1);
  }
  return static_cast<double>(tunnels) / s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t tunnels = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 200;
  std::size_t rounds = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 5;
  if (tunnels == 0 || rounds == 0) {
    std::fprintf(stderr, "usage: bench_ike [tunnels-per-round > 0] [rounds > 0]\n");
    return 2;
  }
  crypto::SystemRandom random;
  IkeCounters warm_up;
  one_tunnel(random, warm_up);  // OpenSSL provider and table set-up
  std::vector<double> full, bound, ratio;
  for (std::size_t r = 0; r < rounds; ++r) {
    double f = tunnels_per_second(tunnels, random);
    double b = dh_bound_per_second(tunnels);
    full.push_back(f);
    bound.push_back(b);
    ratio.push_back(f / b);
    std::printf("round %zu: %.1f tunnels/s, DH-only bound %.1f tunnels/s, ratio %.1f%%\n", r + 1,
                f, b, 100.0 * f / b);
  }
  double mf = median(full), mb = median(bound), mr = median(ratio);
  std::printf("\nIKEv1 MM + QM (PFS group 2), in-process initiator and responder, one core\n");
  std::printf("  tunnels/s (median of %zu rounds of %zu): %.1f  (%.3f ms per tunnel)\n", rounds,
              tunnels, mf, 1000.0 / mf);
  std::printf("  DH-only bound (4 keygen + 4 derive, group 2): %.1f tunnels/s (%.3f ms)\n", mb,
              1000.0 / mb);
  std::printf("  ratio (median per round): %.1f%%  target >= 70%%: %s\n", 100.0 * mr,
              mr >= 0.70 ? "met" : "NOT met");
  return 0;
}
