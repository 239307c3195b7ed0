#include "runtime/lab/router_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

#include "runtime/control/control_client.h"
#include "runtime/core/time.h"

namespace havpnc::lab {

namespace {

// Reaps the process if it is our own child (a router that died while `lab up` watched it);
// harmless for a process some earlier `lab` invocation started.
void reap_if_child(pid_t pid) { ::waitpid(pid, nullptr, WNOHANG); }

// Threads of `pid` that have not finished exiting. A SIGKILLed process's leader turns zombie
// before its other threads are done, and those still hold the file table — the router's
// namespace lock among it — so a `lab start` right after `lab kill` was refused ("another
// havpnc run (pid N) is already running") until the last thread let go.
std::size_t threads_still_exiting(pid_t pid) {
  std::error_code ec;
  std::size_t live = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    const auto stat = read_text_file(task.path().string() + "/stat");
    if (!stat) continue;
    const auto close = stat->rfind(')');
    if (close == std::string::npos || close + 2 >= stat->size()) continue;
    const char state = (*stat)[close + 2];
    if (state != 'Z' && state != 'X') ++live;
  }
  return live;
}

// The recorded process is gone for good: another process under that pid, or none, or a
// zombie whose every thread has exited.
bool fully_exited(const ProcessRecord& record) {
  const auto start = process_start_time(record.pid);
  if (start) return *start != record.start_time;
  return threads_still_exiting(record.pid) == 0;
}

}  // namespace

std::string tail_of(const std::string& path, std::size_t lines) {
  const auto text = read_text_file(path);
  if (!text || text->empty()) return "(empty)";
  std::size_t pos = text->size();
  if ((*text)[pos - 1] == '\n') --pos;
  for (std::size_t n = 0; n < lines && pos > 0; ++n) {
    const auto nl = text->rfind('\n', pos - 1);
    if (nl == std::string::npos) {
      pos = 0;
      break;
    }
    pos = nl;
  }
  return text->substr(pos == 0 ? 0 : pos + 1);
}

std::string await_namespace(const ProcessRecord& record, const std::string& netns, const std::string& name,
                            const std::string& log) {
  for (int i = 0; i < 200 && !record_is_live(record, netns); ++i) {
    reap_if_child(record.pid);
    const auto now = process_start_time(record.pid);
    if (!now || *now != record.start_time) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (record_is_live(record, netns)) return {};
  reap_if_child(record.pid);
  const auto now = process_start_time(record.pid);
  const bool gone = !now || *now != record.start_time;
  return name + (gone ? " exited" : " did not enter " + netns) + "; log " + log + ":\n" + tail_of(log, 10);
}

StartedRouter start_router(const Node& router, const LabPaths& paths, const std::string& havpnc_binary) {
  StartedRouter s;
  std::vector<std::string> argv{"ip", "netns", "exec", paths.netns(router.name), havpnc_binary, "run",
                                "--plan", paths.plan(router.name), "--control", paths.socket(router.name)};
  // Explicit bindings: the lab knows which veth is which IOS interface; the router would
  // find the same by address, but this way a binding can never be ambiguous.
  for (const NodeInterface& i : router.interfaces) {
    argv.push_back("--bind");
    argv.push_back(i.ios_name + "=" + i.linux_name);
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  const std::string log = paths.log(router.name);
  const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd < 0) {
    s.error = "cannot open " + log + ": " + std::strerror(errno);
    return s;
  }
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t pid = ::fork();
  if (pid < 0) {
    s.error = std::string("fork: ") + std::strerror(errno);
    ::close(log_fd);
    if (null_fd >= 0) ::close(null_fd);
    return s;
  }
  if (pid == 0) {
    // Its own session: a Ctrl-C at the terminal that ran `lab up` does not reach the routers.
    ::setsid();
    if (null_fd >= 0) ::dup2(null_fd, 0);
    ::dup2(log_fd, 1);
    ::dup2(log_fd, 2);
    ::execvp(args[0], args.data());
    const char msg[] = "havpnc lab: cannot exec ip\n";
    ssize_t ignored = ::write(2, msg, sizeof msg - 1);
    (void)ignored;
    ::_exit(127);
  }
  ::close(log_fd);
  if (null_fd >= 0) ::close(null_fd);
  s.record.pid = pid;
  // The start time does not change across exec, so reading it now names this process.
  const auto start = process_start_time(pid);
  if (!start) {
    s.error = "router " + router.name + " exited at once; log " + log + ":\n" + tail_of(log, 10);
    reap_if_child(pid);
    return s;
  }
  s.record.start_time = *start;
  if (const std::string e = write_record(paths.pid(router.name), s.record); !e.empty()) {
    s.error = e;
    return s;
  }
  // Until `ip netns exec` has entered the namespace the process is not yet provably ours.
  s.error = await_namespace(s.record, paths.netns(router.name), "router " + router.name, log);
  return s;
}

std::string wait_until_answers(const Node& router, const LabPaths& paths, const ProcessRecord& record,
                               std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  const std::string netns = paths.netns(router.name);
  std::string last_error;
  while (true) {
    const auto reply = control::query(paths.socket(router.name),
                                      control::Request{control::Format::Text, "show interfaces brief"},
                                      std::chrono::milliseconds(1000));
    if (reply.transport_ok && reply.ok) return {};
    last_error = reply.transport_ok ? reply.body : reply.error;
    reap_if_child(record.pid);
    // `ip netns exec` is still `ip` for a moment before it execs havpnc, in the same netns.
    if (!record_is_live(record, netns))
      return "router " + router.name + " exited; log " + paths.log(router.name) + ":\n" +
             tail_of(paths.log(router.name), 10);
    if (Clock::now() >= deadline)
      return "router " + router.name + " did not answer on " + paths.socket(router.name) + " within " +
             std::to_string(timeout.count()) + " ms (" + last_error + "); log " + paths.log(router.name);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

bool stop_router(const ProcessRecord& record, const std::string& netns, int signal,
                 std::chrono::milliseconds timeout, bool escalate) {
  if (!record_is_live(record, netns)) return true;
  ::kill(record.pid, signal);
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    reap_if_child(record.pid);
    if (fully_exited(record)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!escalate) return false;
  if (record_is_live(record, netns)) ::kill(record.pid, SIGKILL);
  for (int i = 0; i < 100; ++i) {
    reap_if_child(record.pid);
    if (fully_exited(record)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace havpnc::lab
