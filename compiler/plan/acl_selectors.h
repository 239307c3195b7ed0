#pragma once
// A crypto ACL → the traffic selectors of a crypto map entry, seen from this router: the
// source of each line is the local side, the destination the remote side (IOS "the ACL is
// written from the point of view of outbound traffic").
#include <string>
#include <vector>

#include "compiler/model/device.h"
#include "runtime/plan/plan.h"

namespace havpnc::compiler {

struct SelectorIssue {
  model::SourceRange range;
  std::string message;
};

// Each permit or deny line becomes one selector per (local port range × remote port range):
// `neq P` is two ranges and `eq A B` one per port, because a selector holds one range per side.
// Remarks are skipped. Problems (a non-contiguous wildcard, an unknown port name, a standard
// ACL) are returned in `issues` and the line is left out.
std::vector<plan::TrafficSelector> selectors_from_acl(const model::AccessList& acl, std::vector<SelectorIssue>& issues);

// IOS protocol keywords (`ip`, `tcp`, `esp`, `ahp` ...) or a number 0-255.
std::optional<std::uint32_t> ip_protocol_number(const std::string& word);
// IOS port keywords for TCP/UDP (`isakmp`, `non500-isakmp`, `www` ...) or a number 0-65535.
std::optional<std::uint32_t> port_number(const std::string& word);

}  // namespace havpnc::compiler
