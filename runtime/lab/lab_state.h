#pragma once
// Where a lab keeps its state and how it names what it owns. Everything a lab creates is
// named from its prefix: namespaces `<prefix><node>`, and one state directory
// /run/havpnc/lab/<prefix>/ (0700) holding the plans (0600), each router's log, pid record and
// control socket, and the list of nodes. A directory is only ever removed when it carries
// the lab's marker file, so a mistyped prefix can never delete someone else's files.
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace havpnc::lab {

inline constexpr const char* kDefaultStateRoot = "/run/havpnc/lab";
inline constexpr const char* kDefaultPrefix = "hvlab-";

// Letters, digits, '-', '_' and '.', 1-24 characters, not starting with '.' (it names a
// directory and prefixes namespace names).
bool valid_prefix(const std::string& prefix);

struct LabPaths {
  std::string prefix;
  std::string root = kDefaultStateRoot;

  std::string dir() const { return root + "/" + prefix; }
  std::string marker() const { return dir() + "/.havpnc-lab"; }
  std::string nodes_file() const { return dir() + "/nodes"; }
  std::string strongswan_file() const { return dir() + "/strongswan"; }  // nodes run as charon
  // Routers the lab leaves unstarted: the other head-ends while one runs alone as charon
  // (`up --headend strongswan`), as strongSwan has no HSRP to share the virtual IPs with.
  std::string idle_file() const { return dir() + "/idle"; }
  std::string plan(const std::string& node) const { return dir() + "/" + node + ".plan.json"; }
  std::string log(const std::string& node) const { return dir() + "/" + node + ".log"; }
  std::string pid(const std::string& node) const { return dir() + "/" + node + ".pid"; }
  std::string socket(const std::string& node) const { return dir() + "/" + node + ".sock"; }
  // Present while a router is powered off (`lab kill --power-off`): its links are down.
  std::string powered_off(const std::string& node) const { return dir() + "/" + node + ".off"; }
  std::string netns(const std::string& node) const { return prefix + node; }
};

// Names under /run/netns that start with `prefix`, sorted.
std::vector<std::string> namespaces_with_prefix(const std::string& prefix);
bool namespace_exists(const std::string& name);

// A process the lab started, identified beyond its pid: a recycled pid has another start
// time, and a process that left the namespace is not ours to signal.
struct ProcessRecord {
  pid_t pid = 0;
  unsigned long long start_time = 0;  // /proc/PID/stat field 22, clock ticks since boot
};

std::optional<unsigned long long> process_start_time(pid_t pid);
// Alive (not a zombie), same start time, and its network namespace is `netns`.
bool record_is_live(const ProcessRecord& record, const std::string& netns);

std::optional<ProcessRecord> read_record(const std::string& path);
std::string write_record(const std::string& path, const ProcessRecord& record);  // error or ""

// The node list, one "name role" a line; written before any namespace exists so `down`
// always knows what to delete.
std::string write_text_file(const std::string& path, const std::string& text, unsigned mode);
std::optional<std::string> read_text_file(const std::string& path);

}  // namespace havpnc::lab
