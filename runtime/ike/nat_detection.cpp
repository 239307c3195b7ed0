#include "runtime/ike/nat_detection.h"

namespace havpnc::ike {

Bytes nat_d_hash(crypto::HashAlgorithm h, const Cookie& cky_i, const Cookie& cky_r,
                 const Endpoint& endpoint) {
  std::uint8_t port[2] = {static_cast<std::uint8_t>(endpoint.port >> 8),
                          static_cast<std::uint8_t>(endpoint.port)};
  return crypto::hash(h, {cky_i, cky_r, endpoint.address, port});
}

std::vector<NatDPayload> build_nat_d(crypto::HashAlgorithm h, const Cookie& cky_i,
                                     const Cookie& cky_r, const Endpoint& local,
                                     const Endpoint& remote) {
  return {NatDPayload{nat_d_hash(h, cky_i, cky_r, remote)},
          NatDPayload{nat_d_hash(h, cky_i, cky_r, local)}};
}

std::optional<NatDetection> evaluate_nat_d(crypto::HashAlgorithm h, const Cookie& cky_i,
                                           const Cookie& cky_r, const Endpoint& local,
                                           const Endpoint& remote,
                                           std::span<const NatDPayload* const> received) {
  if (received.size() < 2) return std::nullopt;
  NatDetection d;
  d.local_behind_nat = received[0]->hash != nat_d_hash(h, cky_i, cky_r, local);
  Bytes peer = nat_d_hash(h, cky_i, cky_r, remote);
  d.remote_behind_nat = true;
  for (std::size_t i = 1; i < received.size(); ++i)
    if (received[i]->hash == peer) d.remote_behind_nat = false;
  return d;
}

}  // namespace havpnc::ike
