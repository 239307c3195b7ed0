// libFuzzer: arbitrary bytes into SaTable::decapsulate for every transform (fixed keys, the
// SPI of the seeds), and into the port-4500 classifier. Tables are rebuilt per input so a
// run does not depend on the replay state left by earlier inputs.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "runtime/esp/framing.h"
#include "runtime/esp/sa_table.h"

namespace {

using namespace havpnc::esp;

std::vector<std::uint8_t> bytes_from(std::uint8_t first, std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(first + i);
  return v;
}

// The keys of tests/esp/gen_vectors.py, so its seeds decrypt and the fuzzer starts from
// packets that pass the ICV.
SaParams seed_params(Transform t) {
  const TransformInfo& ti = info(t);
  SaParams p;
  p.spi = 0x4321;
  p.direction = Direction::Inbound;
  p.transform = t;
  auto key = bytes_from(ti.cipher_key_len == 32 ? 0x20 : 0x10, ti.cipher_key_len);
  if (ti.salt_len != 0) key.insert(key.end(), {0xca, 0xfe, 0xba, 0xbe});
  p.cipher_key = havpnc::Secret(std::span<const std::uint8_t>(key));
  const auto ikey = ti.integrity == Integrity::HmacSha1_96 ? bytes_from(0x40, 20)
                    : ti.integrity == Integrity::HmacSha256_128 ? bytes_from(0x60, 32)
                                                                 : std::vector<std::uint8_t>{};
  p.integrity_key = havpnc::Secret(std::span<const std::uint8_t>(ikey));
  p.replay_window = 128;
  return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  (void)classify_udp_4500(input);
  static std::vector<std::uint8_t> out(70000);
  const havpnc::TimePoint now{};
  for (Transform t : kAllTransforms) {
    SaTable table;
    auto sa = EspSa::create(seed_params(t), now);
    if (sa == nullptr || !table.add(std::move(sa))) return 0;
    // Twice: the second pass sees the window the first one may have moved (replay path).
    for (int pass = 0; pass < 2; ++pass) {
      const DecapResult r = table.decapsulate(input, now, out);
      if (r.drop == DropReason::None && r.inner.size() > size) __builtin_trap();
    }
  }
  return 0;
}
