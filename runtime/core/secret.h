#pragma once
// Key material (pre-shared keys, SKEYIDs, ESP keys). It wipes itself when destroyed and has
// no operator<< or formatter on purpose: a secret cannot end up in a log line by accident.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace havpnc {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::span<const std::uint8_t> bytes);
  explicit Secret(std::string_view text);
  Secret(const Secret& other);
  Secret& operator=(const Secret& other);
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  ~Secret();

  std::span<const std::uint8_t> bytes() const { return bytes_; }
  std::size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }

  // Constant-time: the comparison must not leak where two keys first differ.
  friend bool operator==(const Secret& a, const Secret& b);

 private:
  void wipe();
  std::vector<std::uint8_t> bytes_;
};

}  // namespace havpnc
