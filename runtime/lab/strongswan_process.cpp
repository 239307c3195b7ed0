#include "runtime/lab/strongswan_process.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include "runtime/core/time.h"
#include "runtime/lab/command.h"
#include "runtime/lab/strongswan_config.h"

namespace havpnc::lab {

namespace {

// Inside charon's mount namespace the node's run directory is /run.
constexpr const char* kInsideRun = "/run";

[[noreturn]] void child_fail(const char* what) {
  const char prefix[] = "havpnc lab: cannot start charon: ";
  ssize_t ignored = ::write(2, prefix, sizeof prefix - 1);
  ignored = ::write(2, what, std::strlen(what));
  ignored = ::write(2, "\n", 1);
  (void)ignored;
  ::_exit(127);
}

}  // namespace

StrongswanPaths strongswan_paths(const LabPaths& paths, const std::string& node) {
  return StrongswanPaths{paths.dir() + "/" + node + ".swan/run"};
}

std::string strongswan_missing() {
  std::string missing;
  if (::access(kCharon, X_OK) != 0) missing += " strongswan-charon";
  if (::access("/usr/sbin/swanctl", X_OK) != 0) missing += " strongswan-swanctl";
  if (::access("/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so", R_OK) != 0) missing += " libcharon-extra-plugins";
  if (::access("/usr/lib/ipsec/plugins/libstrongswan-openssl.so", R_OK) != 0) missing += " libstrongswan-standard-plugins";
  return missing.empty() ? missing : missing.substr(1);
}

StartedRouter start_strongswan(const Node& router, const plan::Plan& plan, const LabPaths& paths) {
  StartedRouter s;
  const StrongswanPaths sp = strongswan_paths(paths, router.name);
  std::error_code ec;
  std::filesystem::create_directories(sp.run, ec);
  if (ec) {
    s.error = "cannot create " + sp.run + ": " + ec.message();
    return s;
  }
  const StrongswanConfig conf =
      strongswan_config(plan, std::string(kInsideRun) + "/charon.vici", std::string(kInsideRun) + "/charon.log");
  if (!conf.error.empty()) {
    s.error = router.name + " as strongSwan: " + conf.error;
    return s;
  }
  if (std::string e = write_text_file(sp.run + "/strongswan.conf", conf.strongswan_conf, 0600); !e.empty() ||
      !(e = write_text_file(sp.swanctl_conf(), conf.swanctl_conf, 0600)).empty()) {
    s.error = e;
    return s;
  }
  ::unlink(sp.vici().c_str());
  ::unlink((sp.run + "/charon.pid").c_str());

  // Opened before the fork: inside the new mount namespace /run/netns is hidden.
  const std::string netns_path = "/run/netns/" + paths.netns(router.name);
  const int netns_fd = ::open(netns_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (netns_fd < 0) {
    s.error = "cannot open " + netns_path + ": " + std::strerror(errno);
    return s;
  }
  const std::string out_log = paths.log(router.name);
  const int log_fd = ::open(out_log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const std::string run_dir = sp.run;
  const pid_t pid = ::fork();
  if (pid < 0) {
    s.error = std::string("fork: ") + std::strerror(errno);
  } else if (pid == 0) {
    ::setsid();
    if (null_fd >= 0) ::dup2(null_fd, 0);
    if (log_fd >= 0) {
      ::dup2(log_fd, 1);
      ::dup2(log_fd, 2);
    }
    if (::setns(netns_fd, CLONE_NEWNET) != 0) child_fail("setns");
    if (::unshare(CLONE_NEWNS) != 0) child_fail("unshare(CLONE_NEWNS)");
    // Private propagation first, so the bind below never leaks into the host's /run.
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) child_fail("mount --make-rprivate /");
    if (::mount(run_dir.c_str(), kInsideRun, nullptr, MS_BIND, nullptr) != 0) child_fail("mount --bind run /run");
    ::setenv("STRONGSWAN_CONF", "/run/strongswan.conf", 1);
    char* const argv[] = {const_cast<char*>(kCharon), nullptr};
    ::execv(kCharon, argv);
    child_fail("exec charon");
  }
  ::close(netns_fd);
  if (log_fd >= 0) ::close(log_fd);
  if (null_fd >= 0) ::close(null_fd);
  if (pid <= 0) return s;
  s.record.pid = pid;
  const auto start = process_start_time(pid);
  if (!start) {
    ::waitpid(pid, nullptr, WNOHANG);
    s.error = router.name + " (charon) exited at once; log " + out_log + ":\n" + tail_of(out_log, 10);
    return s;
  }
  s.record.start_time = *start;
  if (const std::string e = write_record(paths.pid(router.name), s.record); !e.empty()) {
    s.error = e;
    return s;
  }
  s.error = await_namespace(s.record, paths.netns(router.name), router.name + " (charon)", out_log);
  return s;
}

std::string wait_strongswan_ready(const Node& router, const LabPaths& paths, const ProcessRecord& record,
                                  std::chrono::milliseconds timeout) {
  const StrongswanPaths sp = strongswan_paths(paths, router.name);
  const auto deadline = Clock::now() + timeout;
  struct stat st {};
  while (::stat(sp.vici().c_str(), &st) != 0 || !S_ISSOCK(st.st_mode)) {
    ::waitpid(record.pid, nullptr, WNOHANG);
    if (!record_is_live(record, paths.netns(router.name)))
      return router.name + " (charon) exited; log " + paths.log(router.name) + ":\n" + tail_of(paths.log(router.name), 10) +
             "\n" + tail_of(sp.log(), 10);
    if (Clock::now() >= deadline) return router.name + " (charon): no vici socket " + sp.vici() + " in time";
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const CommandResult load = run_command({"ip", "netns", "exec", paths.netns(router.name), "swanctl", "--load-all",
                                          "--noprompt", "--file", sp.swanctl_conf(), "--uri", "unix://" + sp.vici()});
  // swanctl exits 0 on a config file it cannot parse ("invalid config file"): judge by what
  // it says it loaded.
  const std::string said = load.out + load.err;
  if (!load.ok() || said.find("invalid config") != std::string::npos ||
      said.find("successfully loaded") == std::string::npos || said.find("loaded 0 connections") != std::string::npos)
    return router.name + " (charon): " + load.describe() + "\n" + load.out;
  return {};
}

}  // namespace havpnc::lab
