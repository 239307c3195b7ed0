#pragma once
// NAT discovery (RFC 3947 §3.2): each side sends NAT-D payloads in MM3/MM4, the first the
// hash of the destination address/port it sends to, the following ones hashes of its own
// source address/port. A receiver whose own address hash is missing is behind a NAT; a peer
// whose source address hash (as the receiver sees it) is missing is behind a NAT.
#include <span>
#include <vector>

#include "runtime/ike/crypto/hash.h"
#include "runtime/ike/endpoint.h"
#include "runtime/ike/message.h"

namespace havpnc::ike {

// HASH(CKY-I | CKY-R | IP | Port), with the negotiated hash (not HMAC).
Bytes nat_d_hash(crypto::HashAlgorithm h, const Cookie& cky_i, const Cookie& cky_r,
                 const Endpoint& endpoint);

// The two payloads a sender adds: destination first, then its own source.
std::vector<NatDPayload> build_nat_d(crypto::HashAlgorithm h, const Cookie& cky_i,
                                     const Cookie& cky_r, const Endpoint& local,
                                     const Endpoint& remote);

struct NatDetection {
  bool local_behind_nat = false;
  bool remote_behind_nat = false;
  bool nat_detected() const { return local_behind_nat || remote_behind_nat; }
};

// `local`/`remote` are the addresses of the datagram that carried the payloads as the
// receiver saw it (remote = its source). Needs at least two payloads.
std::optional<NatDetection> evaluate_nat_d(crypto::HashAlgorithm h, const Cookie& cky_i,
                                           const Cookie& cky_r, const Endpoint& local,
                                           const Endpoint& remote,
                                           std::span<const NatDPayload* const> received);

}  // namespace havpnc::ike
