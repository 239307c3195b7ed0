// libFuzzer: any bytes through the whole frontend (decoding, lexer modes, keyword
// resolution, line recovery, model building, JSON). Must never crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "compiler/frontend/frontend.h"
#include "compiler/model/json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  havpnc::model::SourceFiles files;
  files.add("fuzz.cfg");
  const havpnc::model::Device device = havpnc::frontend::parse_text(bytes, "fuzz.cfg", 0);
  const auto json = havpnc::model::to_json(device, files).dump();
  // Every line is used one way or another.
  const auto& l = device.lines;
  if (device.status != havpnc::model::ParseStatus::Failed &&
      l.blank + l.comment + l.typed + l.ignored + l.unrecognized != l.total) {
    __builtin_trap();
  }
  return json.empty() ? 1 : 0;
}
