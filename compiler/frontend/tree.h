#pragma once
// Parse-tree node tests without dynamic_cast: the tree has only terminals (tokens, and
// error nodes) and rule contexts, and typeid is a pointer comparison where dynamic_cast
// walked class hierarchies and compared type names (13% of parse time in a profile).
#include <typeinfo>

#include "antlr4-runtime.h"

namespace havpnc::frontend {

inline bool is_terminal(antlr4::tree::ParseTree* node) {
  const std::type_info& type = typeid(*node);
  return type == typeid(antlr4::tree::TerminalNodeImpl) || type == typeid(antlr4::tree::ErrorNodeImpl);
}

}  // namespace havpnc::frontend
