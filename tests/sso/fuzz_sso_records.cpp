// fuzz_sso_records: decode must never crash on hostile bytes, and whatever it accepts must
// re-encode to exactly the same bytes (the codec is canonical, record_codec.h).
#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <span>
#include <vector>

#include "runtime/sso/record_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> in(data, size);
  havpnc::sso::DecodeCounters counters;
  havpnc::sso::DecodeResult d = havpnc::sso::decode(in, counters);
  if (!d.ok()) return 0;
  std::vector<std::uint8_t> again = havpnc::sso::encode(d.record());
  if (again.size() != size || !std::equal(again.begin(), again.end(), in.begin()))
    __builtin_trap();  // a property violation the fuzzer must report, not an abort() path
  havpnc::sso::DecodeResult twice = havpnc::sso::decode(again);
  if (!twice.ok() || !(twice.record() == d.record())) __builtin_trap();
  return 0;
}
