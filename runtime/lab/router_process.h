#pragma once
// A router of the lab is `havpnc run --plan P --control S --bind IOS=LINUX...` started in its
// namespace with `ip netns exec` (which execs, so the recorded pid is havpnc itself), in its
// own session, stdin from /dev/null, stdout and stderr appended to its log in the state
// directory. It is ready when its control socket answers `show interfaces brief`.
#include <chrono>
#include <string>

#include "runtime/lab/lab_state.h"
#include "runtime/lab/topology.h"

namespace havpnc::lab {

struct StartedRouter {
  ProcessRecord record;
  std::string error;  // empty on success
};

StartedRouter start_router(const Node& router, const LabPaths& paths, const std::string& havpnc_binary);

// Waits (up to 1 s) until a just-forked process has entered `netns`, so that every later
// record_is_live check is exact. Returns an error quoting `log` when it exits first.
std::string await_namespace(const ProcessRecord& record, const std::string& netns, const std::string& name,
                            const std::string& log);

// Polls the control socket until it answers, the process dies (error names the log and
// quotes its last lines), or `timeout` passes.
std::string wait_until_answers(const Node& router, const LabPaths& paths, const ProcessRecord& record,
                               std::chrono::milliseconds timeout);

// Sends `signal` to the recorded process if it is still ours and waits up to `timeout` for it
// to go; then SIGKILL, if `escalate`. Returns true when it is gone.
bool stop_router(const ProcessRecord& record, const std::string& netns, int signal,
                 std::chrono::milliseconds timeout, bool escalate);

// The last `lines` lines of a file, for error messages.
std::string tail_of(const std::string& path, std::size_t lines);

}  // namespace havpnc::lab
