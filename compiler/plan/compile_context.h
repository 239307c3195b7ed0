#pragma once
// Shared by the compile_*.cpp files: the device being compiled and where issues go.
#include <string>

#include "compiler/plan/compile.h"

namespace havpnc::compiler::detail {

struct Context {
  const model::Device& device;
  CompileResult& result;

  void error(const model::SourceRange& range, std::string message) {
    result.errors.push_back({range, std::move(message)});
  }
  void warning(const model::SourceRange& range, std::string message) {
    result.warnings.push_back({range, std::move(message)});
  }
  // True when `name` is the `standby N name X` of some group on the device.
  bool hsrp_name_defined(const std::string& name) const;
};

inline plan::Ipv4 ip(const model::Ipv4& a) { return plan::Ipv4{a.bits}; }
inline plan::Ipv4Prefix prefix(const model::Ipv4Prefix& p) { return plan::Ipv4Prefix{ip(p.address), p.length}; }

void compile_crypto(Context& ctx);  // transform sets, crypto maps, bindings
void compile_hsrp(Context& ctx);    // HSRP groups and track objects

}  // namespace havpnc::compiler::detail
