#include "runtime/sctp/parameters.h"

#include <algorithm>
#include <limits>

namespace havpnc::sctp {

std::chrono::milliseconds Parameters::rto_initial() const {
  // RFC 4960 §15: RTO.Initial = 3 seconds.
  return std::clamp(std::chrono::milliseconds{3000}, rto_min, rto_max);
}

namespace {

ParametersResult fail(const plan::IpcAssociation& a, std::string what) {
  return {std::nullopt, "ipc zone default association " + std::to_string(a.id) + ": " + what};
}

bool port_ok(std::uint32_t port) { return port >= 1 && port <= 65535; }

}  // namespace

ParametersResult parameters_from_plan(const plan::IpcAssociation& a) {
  if (a.shutdown) return fail(a, "is shut down (needs `no shutdown`)");
  if (a.local_ips.empty()) return fail(a, "has no local-ip");
  if (a.remote_ips.empty()) return fail(a, "has no remote-ip");
  if (!port_ok(a.local_port)) return fail(a, "local-port " + std::to_string(a.local_port) + " is not 1-65535");
  if (!port_ok(a.remote_port)) return fail(a, "remote-port " + std::to_string(a.remote_port) + " is not 1-65535");
  if (a.retransmit_min_ms == 0) return fail(a, "retransmit-timeout minimum is 0 ms");
  if (a.retransmit_min_ms > a.retransmit_max_ms) {
    return fail(a, "retransmit-timeout " + std::to_string(a.retransmit_min_ms) + " " +
                       std::to_string(a.retransmit_max_ms) + " has MIN above MAX");
  }
  // Both stacks carry RTO values as 32-bit milliseconds and retransmission limits as 16 bits
  // (struct sctp_rtoinfo, sctp_assocparams.sasoc_asocmaxrxt, sctp_paddrparams.spp_pathmaxrxt).
  constexpr std::uint32_t max16 = std::numeric_limits<std::uint16_t>::max();
  if (a.path_retransmit == 0 || a.path_retransmit > max16)
    return fail(a, "path-retransmit " + std::to_string(a.path_retransmit) + " is not 1-65535");
  if (a.assoc_retransmit == 0 || a.assoc_retransmit > max16)
    return fail(a, "assoc-retransmit " + std::to_string(a.assoc_retransmit) + " is not 1-65535");
  for (const auto& local : a.local_ips) {
    for (const auto& remote : a.remote_ips) {
      if (local == remote && a.local_port == a.remote_port)
        return fail(a, "local and remote endpoint are both " + local.to_string() + ":" +
                           std::to_string(a.local_port));
    }
  }

  Parameters p;
  p.association_id = a.id;
  p.local_addresses = a.local_ips;
  p.local_port = static_cast<std::uint16_t>(a.local_port);
  p.remote_addresses = a.remote_ips;
  p.remote_port = static_cast<std::uint16_t>(a.remote_port);
  p.rto_min = std::chrono::milliseconds{a.retransmit_min_ms};
  p.rto_max = std::chrono::milliseconds{a.retransmit_max_ms};
  p.path_max_retrans = static_cast<std::uint16_t>(a.path_retransmit);
  p.assoc_max_retrans = static_cast<std::uint16_t>(a.assoc_retransmit);
  return {std::move(p), {}};
}

}  // namespace havpnc::sctp
