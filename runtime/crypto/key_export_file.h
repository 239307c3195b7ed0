#pragma once
// The `--export-keys FILE` writer: appends the lines of key_export.h to FILE as SAs come and
// go. Records of SAs that went stay in the file (a capture taken earlier still needs them);
// their removal is noted as a comment.
//
// The file holds keys, so it is opened with care (open(2) flags, then fstat on the open
// descriptor, so nothing can be swapped in between):
// - O_NOFOLLOW: a symlink at FILE is refused, not followed (another user's link to
//   /etc/shadow or to a file they can read);
// - created 0600 (O_CREAT with mode 0600; the umask can only remove bits);
// - an existing FILE must be a regular file with one link, owned by us, with no group or
//   other permission bits; it is then truncated. Anything else refuses the start.
#include <memory>
#include <string>

#include "runtime/crypto/key_export.h"

namespace havpnc::crypto {

class KeyExportFile final : public KeyExportSink {
 public:
  // nullptr and `error` (the path and the reason, never a key) when FILE cannot be used.
  static std::unique_ptr<KeyExportFile> open(const std::string& path, std::string& error);
  ~KeyExportFile() override;
  KeyExportFile(const KeyExportFile&) = delete;
  KeyExportFile& operator=(const KeyExportFile&) = delete;

  void ike_sa_established(const ike::IkeSa& sa) override;
  void ike_sa_deleted(const ike::Cookie& initiator) override;
  void ipsec_sa_installed(const ike::ChildSa& child) override;
  void ipsec_sa_removed(std::uint32_t inbound_spi, std::uint32_t outbound_spi) override;

  // Write failures (disk full): the router keeps running; the count says lines are missing.
  std::uint64_t write_failures() const { return write_failures_; }

 private:
  explicit KeyExportFile(int fd) : fd_(fd) {}
  void write_lines(const std::vector<std::string>& lines);

  int fd_;
  std::uint64_t write_failures_ = 0;
};

}  // namespace havpnc::crypto
