#include "runtime/lab/command.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace havpnc::lab {

namespace {

// Bounded: a helper that floods its output must not make the lab grow without limit.
constexpr std::size_t kMaxCapture = std::size_t{1} << 20;

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

std::string command_line(const std::vector<std::string>& argv) {
  std::string line;
  for (const std::string& w : argv) {
    if (!line.empty()) line += ' ';
    const bool plain = !w.empty() && w.find_first_of(" \t\n'\"\\$`*?;&|<>()[]{}") == std::string::npos;
    if (plain) {
      line += w;
    } else {
      line += '\'';
      for (char c : w) line += (c == '\'') ? std::string("'\\''") : std::string(1, c);
      line += '\'';
    }
  }
  return line;
}

std::string CommandResult::describe() const {
  std::string s = "`" + command_line(argv) + "`";
  if (exit_status < 0) return s + " could not start: " + err;
  if (exit_status > 128) {
    s += " was killed by signal " + std::to_string(exit_status - 128);
  } else {
    s += " exited " + std::to_string(exit_status);
  }
  std::string e = err;
  while (!e.empty() && (e.back() == '\n' || e.back() == ' ')) e.pop_back();
  if (!e.empty()) s += ": " + e;
  return s;
}

CommandResult run_command(const std::vector<std::string>& argv) {
  CommandResult r;
  r.argv = argv;
  if (argv.empty()) {
    r.err = "empty command";
    return r;
  }
  std::array<int, 2> out{-1, -1};
  std::array<int, 2> err{-1, -1};
  if (::pipe2(out.data(), O_CLOEXEC) != 0 || ::pipe2(err.data(), O_CLOEXEC) != 0) {
    r.err = std::string("pipe: ") + std::strerror(errno);
    close_fd(out[0]), close_fd(out[1]), close_fd(err[0]), close_fd(err[1]);
    return r;
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid < 0) {
    r.err = std::string("fork: ") + std::strerror(errno);
    close_fd(out[0]), close_fd(out[1]), close_fd(err[0]), close_fd(err[1]);
    return r;
  }
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::execvp(args[0], args.data());
    const char msg[] = "exec failed\n";
    ssize_t ignored = ::write(2, msg, sizeof msg - 1);
    (void)ignored;
    ::_exit(127);
  }
  close_fd(out[1]);
  close_fd(err[1]);
  std::array<pollfd, 2> fds{{{out[0], POLLIN, 0}, {err[0], POLLIN, 0}}};
  std::array<std::string*, 2> sinks{&r.out, &r.err};
  int open_fds = 2;
  char buf[4096];
  while (open_fds > 0) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        if (sinks[i]->size() < kMaxCapture) sinks[i]->append(buf, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds) close_fd(f.fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) r.exit_status = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) r.exit_status = 128 + WTERMSIG(status);
  if (r.exit_status == 127 && r.err == "exec failed\n") {
    r.exit_status = -1;
    r.err = argv[0] + ": not found or not executable";
  }
  return r;
}

}  // namespace havpnc::lab
