#pragma once
// Test traffic shared by the end-to-end test and its peer process: bulk records of mixed
// sizes (up to 64 KB) and small update records, each self-describing so the receiver can
// check order and every byte.
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <vector>

namespace havpnc::sctp::test {

inline std::size_t bulk_size(std::uint32_t index) {
  if (index % 50 == 0) return 65536;
  if (index % 7 == 0) return 16384 + (index * 131u) % 16384;
  return 8 + ((index * 2654435761u) >> 20) % 2048;
}

inline std::uint8_t pattern(std::uint32_t index, std::size_t at) {
  return static_cast<std::uint8_t>(index * 7u + at * 13u + (at >> 8));
}

inline std::vector<std::uint8_t> make_record(std::uint32_t index, std::uint32_t extra, std::size_t size) {
  std::vector<std::uint8_t> m(size);
  std::memcpy(m.data(), &index, 4);
  std::memcpy(m.data() + 4, &extra, 4);
  for (std::size_t i = 8; i < size; ++i) m[i] = pattern(index, i);
  return m;
}

inline std::vector<std::uint8_t> make_bulk(std::uint32_t index) {
  return make_record(index, static_cast<std::uint32_t>(bulk_size(index)), bulk_size(index));
}

// An update says how many bulk records the sender had handed to its association (not just
// queued) when it sent the update.
inline constexpr std::size_t kUpdateSize = 24;
inline constexpr std::uint32_t kLastUpdate = 0xffffffffu;
inline std::vector<std::uint8_t> make_update(std::uint32_t seq, std::uint32_t bulk_handed) {
  return make_record(seq, bulk_handed, kUpdateSize);
}

struct Record {
  std::uint32_t index = 0, extra = 0;
};

// nullopt when any byte differs from what make_record would have written.
inline std::optional<Record> check_record(std::span<const std::uint8_t> m) {
  if (m.size() < 8) return std::nullopt;
  Record r;
  std::memcpy(&r.index, m.data(), 4);
  std::memcpy(&r.extra, m.data() + 4, 4);
  for (std::size_t i = 8; i < m.size(); ++i)
    if (m[i] != pattern(r.index, i)) return std::nullopt;
  return r;
}

}  // namespace havpnc::sctp::test
