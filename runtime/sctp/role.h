#pragma once
// Who sends the INIT. Both routers configure the same association mirrored (local-ip A /
// remote-ip B on one, B / A on the other), and neither is "the server".
//
// Choice: the end whose primary (address, port) is lower connects; the higher one listens
// and accepts. SCTP itself resolves simultaneous INITs (RFC 4960 §5.2.4), but stacks differ in
// how a one-to-one socket that is not listening reports the collision, and a restart of
// either end then depends on timing. With one fixed initiator, a restarted listener is
// reached by the initiator's reconnect backoff, and a restarted initiator's INIT is an
// association restart at the listener (RFC 4960 §5.2.2, reported as SCTP_RESTART).
// Both ends compute the same answer from the same two endpoints, so they always agree.
#include <optional>
#include <string_view>

#include "runtime/sctp/parameters.h"

namespace havpnc::sctp {

enum class Role { Initiator, Listener };

std::string_view to_string(Role role);

// nullopt when local == remote: a misconfiguration that would have the router talk to itself.
std::optional<Role> decide_role(const Endpoint& local, const Endpoint& remote);

}  // namespace havpnc::sctp
