#pragma once
// Running a helper program (`ip`, `sysctl`, `havpnc compile`) the safe way: fork and exec with
// an argument vector, never a shell string, so no address or name is ever re-parsed by a
// shell. Its stdout and stderr are captured, and a failure is described with the command as
// it ran and what it said on stderr ("`ip -n hvlab-R10 link add ...` exited 2: RTNETLINK
// answers: File exists").
#include <string>
#include <vector>

namespace havpnc::lab {

struct CommandResult {
  std::vector<std::string> argv;
  int exit_status = -1;  // the exit code; 128+N when killed by signal N; -1 could not start
  std::string out;
  std::string err;

  bool ok() const { return exit_status == 0; }
  // "`ip netns add X` exited 1: Cannot create namespace file ...: File exists"
  std::string describe() const;
};

// Runs argv[0] (looked up in PATH) with stdin from /dev/null and waits for it.
CommandResult run_command(const std::vector<std::string>& argv);

// argv as a person would type it, each word quoted only when it needs to be.
std::string command_line(const std::vector<std::string>& argv);

}  // namespace havpnc::lab
