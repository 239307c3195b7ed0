#include "runtime/crypto/key_export_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace havpnc::crypto {

std::unique_ptr<KeyExportFile> KeyExportFile::open(const std::string& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
                        S_IRUSR | S_IWUSR);
  if (fd < 0) {
    error = "--export-keys " + path + ": " +
            (errno == ELOOP ? std::string("is a symbolic link (refused)") : std::strerror(errno));
    return nullptr;
  }
  struct stat st {};
  std::string why;
  if (::fstat(fd, &st) != 0) why = std::strerror(errno);
  else if (!S_ISREG(st.st_mode)) why = "not a regular file";
  else if (st.st_uid != ::geteuid()) why = "owned by uid " + std::to_string(st.st_uid) + ", not by us";
  else if (st.st_nlink != 1) why = "has " + std::to_string(st.st_nlink) + " hard links";
  else if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) why = "readable or writable by others (not 0600)";
  else if (::ftruncate(fd, 0) != 0) why = std::strerror(errno);
  if (!why.empty()) {
    ::close(fd);
    error = "--export-keys " + path + ": " + why;
    return nullptr;
  }
  return std::unique_ptr<KeyExportFile>(new KeyExportFile(fd));
}

KeyExportFile::~KeyExportFile() { ::close(fd_); }

void KeyExportFile::write_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  // One write per event (O_APPEND): a reader never sees half a record of a finished event.
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ++write_failures_;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  // The text held keys: wipe it before its memory goes back to the allocator.
  volatile char* p = text.data();
  for (std::size_t i = 0; i < text.size(); ++i) p[i] = 0;
}

void KeyExportFile::ike_sa_established(const ike::IkeSa& sa) { write_lines(export_lines_for_ike_sa(sa)); }
void KeyExportFile::ike_sa_deleted(const ike::Cookie& initiator) {
  write_lines(export_lines_for_ike_sa_deleted(initiator));
}
void KeyExportFile::ipsec_sa_installed(const ike::ChildSa& child) {
  write_lines(export_lines_for_ipsec_sa(child));
}
void KeyExportFile::ipsec_sa_removed(std::uint32_t inbound_spi, std::uint32_t outbound_spi) {
  write_lines(export_lines_for_ipsec_sa_removed(inbound_spi, outbound_spi));
}

}  // namespace havpnc::crypto
