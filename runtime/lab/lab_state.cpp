#include "runtime/lab/lab_state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace havpnc::lab {

namespace {

constexpr const char* kNetnsDir = "/run/netns";

}  // namespace

bool valid_prefix(const std::string& prefix) {
  if (prefix.empty() || prefix.size() > 24 || prefix.front() == '.') return false;
  return std::all_of(prefix.begin(), prefix.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

std::vector<std::string> namespaces_with_prefix(const std::string& prefix) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(kNetnsDir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) == 0) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool namespace_exists(const std::string& name) {
  struct stat st {};
  return ::stat((std::string(kNetnsDir) + "/" + name).c_str(), &st) == 0;
}

std::optional<unsigned long long> process_start_time(pid_t pid) {
  const auto text = read_text_file("/proc/" + std::to_string(pid) + "/stat");
  if (!text) return std::nullopt;
  // "PID (comm) S ppid ...": comm may hold spaces and parentheses; fields follow the last ')'.
  const auto close = text->rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream in(text->substr(close + 1));
  std::string field;
  char state = 0;
  in >> state;
  if (state == 'Z' || state == 'X') return std::nullopt;  // exited, not yet reaped
  // state is field 3; starttime is field 22.
  for (int i = 4; i < 22 && in >> field; ++i) {
  }
  unsigned long long start = 0;
  if (!(in >> start)) return std::nullopt;
  return start;
}

bool record_is_live(const ProcessRecord& record, const std::string& netns) {
  if (record.pid <= 0) return false;
  const auto start = process_start_time(record.pid);
  if (!start || *start != record.start_time) return false;
  struct stat mine {};
  struct stat theirs {};
  if (::stat((std::string(kNetnsDir) + "/" + netns).c_str(), &mine) != 0) return false;
  if (::stat(("/proc/" + std::to_string(record.pid) + "/ns/net").c_str(), &theirs) != 0) return false;
  return mine.st_ino == theirs.st_ino && mine.st_dev == theirs.st_dev;
}

std::optional<ProcessRecord> read_record(const std::string& path) {
  const auto text = read_text_file(path);
  if (!text) return std::nullopt;
  std::istringstream in(*text);
  long long pid = 0;
  unsigned long long start = 0;
  if (!(in >> pid >> start) || pid <= 0 || pid > 4194304) return std::nullopt;  // PID_MAX_LIMIT
  return ProcessRecord{static_cast<pid_t>(pid), start};
}

std::string write_record(const std::string& path, const ProcessRecord& record) {
  return write_text_file(path, std::to_string(record.pid) + " " + std::to_string(record.start_time) + "\n",
                         0600);
}

std::string write_text_file(const std::string& path, const std::string& text, unsigned mode) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) return "cannot write " + tmp + ": " + std::strerror(errno);
  bool ok = ::fchmod(fd, mode) == 0;
  std::size_t done = 0;
  while (ok && done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ok = false;
    else done += static_cast<std::size_t>(n);
  }
  const int saved = errno;
  ok = (::close(fd) == 0) && ok;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(ok ? errno : saved);
    ::unlink(tmp.c_str());
    return "cannot write " + path + ": " + why;
  }
  return {};
}

std::optional<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace havpnc::lab
