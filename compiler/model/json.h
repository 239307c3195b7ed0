#pragma once
// The model as JSON (documented in docs/model.md, version "model_version"). Secrets are
// written as "<redacted>"; the JSON is for people and tools, never a way to leak a key.
#include <nlohmann/json.hpp>

#include "compiler/model/device.h"

namespace havpnc::model {

inline constexpr int kModelJsonVersion = 1;

nlohmann::json to_json(const Device& device, const SourceFiles& files);
nlohmann::json to_json(const SourceRange& range);

}  // namespace havpnc::model
