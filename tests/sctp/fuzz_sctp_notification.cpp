// decode_notification with both stacks' numbering: any bytes → a value or nullopt, never a
// read past the buffer (ASan) or UB (UBSan).
#include <cstddef>
#include <cstdint>
#include <span>

#include "runtime/sctp/notification.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using havpnc::sctp::NotificationConstants;
  static const NotificationConstants usrsctp{1, 5, 10, 1, 2, 3, 4, 5};
  static const NotificationConstants linux_kernel{0x8001, 0x8005, 0x800a, 0, 1, 2, 3, 4};
  const std::span<const std::uint8_t> bytes(data, size);
  const auto a = havpnc::sctp::decode_notification(bytes, usrsctp);
  const auto b = havpnc::sctp::decode_notification(bytes, linux_kernel);
  return (a ? 1 : 0) + (b ? 1 : 0) > 2 ? 1 : 0;
}
