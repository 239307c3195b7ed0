#include "runtime/sctp/role.h"

namespace havpnc::sctp {

std::string_view to_string(Role role) {
  return role == Role::Initiator ? "initiator" : "listener";
}

std::optional<Role> decide_role(const Endpoint& local, const Endpoint& remote) {
  if (local == remote) return std::nullopt;
  return local < remote ? Role::Initiator : Role::Listener;
}

}  // namespace havpnc::sctp
