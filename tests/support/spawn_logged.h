#pragma once
// How the namespace tests start a child (a router under `ip netns exec`, tshark): its output
// goes to a log file the test shows when an assertion fails, and the test keeps its pid to
// signal exactly that process, never one found by name.
#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

namespace havpnc::testsupport {

// Forks and execs argv (argv[0] searched in PATH) with stdout and stderr appended to `log`
// (created 0600: a router's log may name its peers). The child's pid, or -1 when fork
// failed; a child whose exec failed exits 127.
inline pid_t spawn_logged(const std::vector<std::string>& argv, const std::filesystem::path& log) {
  const pid_t child = ::fork();
  if (child != 0) return child;
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  ::dup2(fd, 1);
  ::dup2(fd, 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  ::_exit(127);
}

}  // namespace havpnc::testsupport
