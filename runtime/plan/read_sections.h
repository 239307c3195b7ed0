#pragma once
// One reader per plan section: shape, types and ranges of that section's fields (with their
// JSON paths). Cross-section rules — references, uniqueness, cycles — are in check_plan.h.
#include <nlohmann/json.hpp>

#include "runtime/plan/json_reader.h"
#include "runtime/plan/plan.h"

namespace havpnc::plan::detail {

// The sections of the plan object `r`, interfaces to static_routes, each object's fields
// checked and any unknown field refused. Always in the same order: when a plan has several
// faults, the one reported stays the same.
void read_sections(ObjectReader& r, Plan& plan);

// Ranges shared by the readers and docs/plan.md (keep them in step).
inline constexpr Range kIsakmpPriority{1, 10000};
inline constexpr Range kIsakmpLifetime{60, 86400};
inline constexpr Range kDpdInterval{10, 3600};
inline constexpr Range kDpdRetry{2, 60};
inline constexpr Range kNatKeepalive{5, 3600};
inline constexpr Range kMapSequence{1, 65535};
inline constexpr Range kIpsecLifetimeSeconds{120, 86400};
inline constexpr Range kIpsecLifetimeKilobytes{2560, 4294967295ull};
inline constexpr Range kReplayInterval{1, 4294967295ull};
inline constexpr Range kPort{0, 65535};
inline constexpr Range kProtocol{0, 255};
inline constexpr Range kHsrpVersion{1, 2};
inline constexpr Range kHsrpGroupV1{0, 255};
inline constexpr Range kHsrpGroupV2{0, 4095};
inline constexpr Range kHsrpPriority{0, 255};
inline constexpr Range kPreemptDelay{0, 3600};
inline constexpr Range kHelloMs{15, 254000};
inline constexpr Range kHoldMs{50, 255000};
inline constexpr Range kTrackDecrement{1, 255};
inline constexpr Range kTrackId{1, 1000};
inline constexpr Range kTrackDelay{0, 180};
inline constexpr Range kAssociationId{1, 255};
inline constexpr Range kSctpPort{1, 65535};
inline constexpr Range kRetransmitMs{300, 60000};
inline constexpr Range kRetransmitCount{2, 20};
inline constexpr Range kDistance{1, 255};

}  // namespace havpnc::plan::detail
