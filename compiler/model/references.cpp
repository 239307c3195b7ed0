#include "compiler/model/references.h"

namespace havpnc::model {

std::string to_string(StructureKind k) {
  switch (k) {
    case StructureKind::AccessList: return "access-list";
    case StructureKind::CryptoMap: return "crypto map";
    case StructureKind::Interface: return "interface";
    case StructureKind::IsakmpProfile: return "isakmp profile";
    case StructureKind::Keyring: return "keyring";
    case StructureKind::TrackObject: return "track object";
    case StructureKind::TransformSet: return "transform-set";
    case StructureKind::HsrpGroupName: return "standby group name";
    case StructureKind::IpsecProfile: return "ipsec profile";
  }
  return "?";
}

void References::define(StructureKind kind, std::string name, SourceRange range) {
  definitions_.push_back({kind, std::move(name), range});
}

void References::use(StructureKind kind, std::string name, SourceRange range, std::string context) {
  uses_.push_back({kind, std::move(name), range, std::move(context)});
}

const Definition* References::find_definition(StructureKind kind, std::string_view name) const {
  for (const auto& d : definitions_) {
    if (d.kind == kind && d.name == name) return &d;
  }
  return nullptr;
}

std::vector<const Use*> References::uses_of(StructureKind kind, std::string_view name) const {
  std::vector<const Use*> out;
  for (const auto& u : uses_) {
    if (u.kind == kind && u.name == name) out.push_back(&u);
  }
  return out;
}

bool References::definitions_modelled(StructureKind kind) {
  (void)kind;
  return true;
}

}  // namespace havpnc::model
