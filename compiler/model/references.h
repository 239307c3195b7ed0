#pragma once
// Every named structure a config defines and every place it is used, Batfish-style, so
// "undefined" and "unused" findings can show both places without rules re-walking the model.
#include <string>
#include <string_view>
#include <vector>

#include "compiler/model/source_range.h"

namespace havpnc::model {

enum class StructureKind {
  AccessList,
  CryptoMap,
  Interface,
  IsakmpProfile,
  Keyring,
  TrackObject,
  TransformSet,
  HsrpGroupName,   // `standby N name X`, used by `crypto map ... redundancy X` and `scheme standby X`
  IpsecProfile,    // `crypto ipsec profile X`, used by `redundancy inter-device / security ipsec X`
};
std::string to_string(StructureKind);

struct Definition {
  StructureKind kind;
  std::string name;
  SourceRange range;
};

struct Use {
  StructureKind kind;
  std::string name;
  SourceRange range;
  std::string context;  // what uses it: "crypto map MAP2 10 match address"
};

class References {
 public:
  void define(StructureKind kind, std::string name, SourceRange range);
  void use(StructureKind kind, std::string name, SourceRange range, std::string context);

  const std::vector<Definition>& definitions() const { return definitions_; }
  const std::vector<Use>& uses() const { return uses_; }

  const Definition* find_definition(StructureKind kind, std::string_view name) const;
  std::vector<const Use*> uses_of(StructureKind kind, std::string_view name) const;
  // Kinds whose definitions havpnc models; uses of other kinds cannot be called undefined.
  static bool definitions_modelled(StructureKind kind);

 private:
  std::vector<Definition> definitions_;
  std::vector<Use> uses_;
};

}  // namespace havpnc::model
