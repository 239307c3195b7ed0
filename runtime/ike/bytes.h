#pragma once
// Network-order byte writing and bounds-checked reading. The reader never reads past its
// span; every accessor reports failure instead, so decoders cannot overrun hostile input.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace havpnc::ike {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

class ByteWriter {
 public:
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) {
    out_.push_back(static_cast<std::uint8_t>(v >> 8));
    out_.push_back(static_cast<std::uint8_t>(v));
  }
  void u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    u16(static_cast<std::uint16_t>(v));
  }
  void bytes(ByteView b) { out_.insert(out_.end(), b.begin(), b.end()); }
  std::size_t size() const { return out_.size(); }
  // Back-patches a length field once the payload behind it is known.
  void put_u16_at(std::size_t pos, std::uint16_t v) {
    out_[pos] = static_cast<std::uint8_t>(v >> 8);
    out_[pos + 1] = static_cast<std::uint8_t>(v);
  }
  void put_u32_at(std::size_t pos, std::uint32_t v) {
    put_u16_at(pos, static_cast<std::uint16_t>(v >> 16));
    put_u16_at(pos + 2, static_cast<std::uint16_t>(v));
  }
  Bytes& data() { return out_; }
  Bytes take() { return std::move(out_); }

 private:
  Bytes out_;
};

class ByteReader {
 public:
  explicit ByteReader(ByteView data) : data_(data) {}
  std::size_t remaining() const { return data_.size() - pos_; }
  std::size_t position() const { return pos_; }
  bool u8(std::uint8_t& v) {
    if (remaining() < 1) return false;
    v = data_[pos_++];
    return true;
  }
  bool u16(std::uint16_t& v) {
    if (remaining() < 2) return false;
    v = static_cast<std::uint16_t>((data_[pos_] << 8) | data_[pos_ + 1]);
    pos_ += 2;
    return true;
  }
  bool u32(std::uint32_t& v) {
    if (remaining() < 4) return false;
    v = (std::uint32_t{data_[pos_]} << 24) | (std::uint32_t{data_[pos_ + 1]} << 16) |
        (std::uint32_t{data_[pos_ + 2]} << 8) | std::uint32_t{data_[pos_ + 3]};
    pos_ += 4;
    return true;
  }
  bool bytes(std::size_t n, ByteView& v) {
    if (remaining() < n) return false;
    v = data_.subspan(pos_, n);
    pos_ += n;
    return true;
  }
  ByteView rest() const { return data_.subspan(pos_); }

 private:
  ByteView data_;
  std::size_t pos_ = 0;
};

inline Bytes to_bytes(ByteView v) { return Bytes(v.begin(), v.end()); }

inline Bytes concat(std::initializer_list<ByteView> parts) {
  Bytes out;
  for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline ByteView as_view(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// For tests, seeds and log text of public values (cookies, SPIs) only — never secrets.
std::string to_hex(ByteView v);
// Returns an empty vector for malformed hex; callers use it on constants only.
Bytes from_hex(std::string_view hex);

}  // namespace havpnc::ike
