#pragma once
// The model for people: one line per structure, then the diagnostics and the lines that were
// not understood in `file:line:col: severity: message [rule]` form.
#include <ostream>

#include "compiler/model/device.h"

namespace havpnc::cli {

void print_model_text(std::ostream& out, const model::Device& device, const model::SourceFiles& files);

}  // namespace havpnc::cli
