#pragma once
// Exit codes are an interface (CI scripts test them): never renumber.
namespace havpnc::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;  // parse: invalid values; lint: findings at or above --fail-on
inline constexpr int kExitUsage = 2;     // bad arguments or unreadable input

}  // namespace havpnc::cli
