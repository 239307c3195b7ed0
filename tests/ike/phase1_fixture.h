#pragma once
// Two in-process main mode peers for the phase-2 tests: the seed's R2 (initiator) and the
// R10/R11 VIP (responder), `encr aes / authentication pre-share / group 2`, PSK cisco123.
#include <optional>

#include "runtime/ike/main_mode.h"

namespace havpnc::ike::testing {

inline const Endpoint kR2{{6, 6, 25, 2}, 500};
inline const Endpoint kVip{{6, 6, 156, 100}, 500};

inline Phase1Policy seed_isakmp_policy() {
  Phase1Policy p;
  p.priority = 10;
  p.cipher = {crypto::EncryptionAlgorithm::AesCbc, 128};
  p.hash = crypto::HashAlgorithm::Sha1;
  p.group = crypto::DhGroup::Modp1024;
  return p;
}

inline MainModeConfig seed_main_mode(Endpoint local, Endpoint remote) {
  MainModeConfig c;
  c.policies = {seed_isakmp_policy()};
  c.pre_shared_key = Secret(std::string_view("cisco123"));
  c.local = local;
  c.remote = remote;
  return c;
}

struct Phase1Pair {
  IkeSa initiator;
  IkeSa responder;
};

// Runs MM1..MM6 between two fresh tasks; nullopt if anything failed.
inline std::optional<Phase1Pair> establish_phase1(crypto::RandomSource& random,
                                                  IkeCounters& counters, TimePoint now) {
  auto i = MainMode::initiator(seed_main_mode(kR2, kVip), random, counters);
  auto r = MainMode::responder(seed_main_mode(kVip, kR2), random, counters);
  for (int round = 0; round < 3; ++round) {
    auto si = i.build(now);
    if (!si.send || r.process(now, *si.send).status == TaskStatus::Failed) return std::nullopt;
    auto sr = r.build(now);
    if (!sr.send || i.process(now, *sr.send).status == TaskStatus::Failed) return std::nullopt;
  }
  if (!i.established() || !r.established()) return std::nullopt;
  return Phase1Pair{*i.established(), *r.established()};
}

}  // namespace havpnc::ike::testing
