#pragma once
// One reader per plan section: shape, types and ranges of that section's fields (with their
// JSON paths). Cross-section rules — references, uniqueness, cycles — are in check_plan.h.
#include <nlohmann/json.hpp>

#include "runtime/plan/json_reader.h"
#include "runtime/plan/plan.h"

namespace havpnc::plan::detail {

Interface read_interface(const nlohmann::json& v, const std::string& path, const LoadOptions& o);
IsakmpPolicy read_isakmp_policy(const nlohmann::json& v, const std::string& path, const LoadOptions& o);
PreSharedKey read_pre_shared_key(const nlohmann::json& v, const std::string& path, const LoadOptions& o);
Dpd read_dpd(ObjectReader r);
TransformSet read_transform_set(const nlohmann::json& v, const std::string& path, const LoadOptions& o);
CryptoMap read_crypto_map(const nlohmann::json& v, const std::string& path, const LoadOptions& o);
CryptoMapBinding read_binding(const nlohmann::json& v, const std::string& path, const LoadOptions& o);
HsrpGroup read_hsrp_group(const nlohmann::json& v, const std::string& path, const LoadOptions& o);
TrackObject read_track_object(const nlohmann::json& v, const std::string& path, const LoadOptions& o);
IpcAssociation read_ipc_association(const nlohmann::json& v, const std::string& path, const LoadOptions& o);
InterDevice read_inter_device(ObjectReader r);
StaticRoute read_static_route(const nlohmann::json& v, const std::string& path, const LoadOptions& o);

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
