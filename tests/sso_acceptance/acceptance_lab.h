#pragma once
// What the SSO acceptance tests share: a lab of their own (`havpnc lab --prefix hvsa-<pid>-`)
// built from lab/ or from a variant of it written to /tmp/<prefix>cfg/, and R2's, R10's and
// R11's answers read the way an operator reads them (`show ... --json` through `lab show`).
// Everything is judged from outside the routers: show output, kernel addresses in the
// namespaces, packets on R2's wire.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "runtime/lab/command.h"

namespace havpnc::sso_acceptance {

using Clock = std::chrono::steady_clock;
using lab::CommandResult;

constexpr int kRfActive = 13, kRfStandbyHot = 8, kRfStandbyCold = 4;
inline const std::string kVipOutside = "6.6.156.100";  // standby 2, the tunnel's address
inline const std::string kVipInside = "6.6.146.1";     // standby 1, the host's gateway

// One edit of lab/: in `node`'s config, every line equal to `line` (after trimming) is
// removed, or replaced by `replacement` when that is not empty.
struct ConfigEdit {
  std::string node;
  std::string line;
  std::string replacement;
};

// Polls `done` every 100 ms until it holds or `limit` passes; the last answer.
bool wait_for(const std::function<bool()>& done, Clock::duration limit);

// What R2 knows of its tunnel: the ISAKMP conn-id (follows the cookies: a new main mode is a
// new id), both SPIs and its inbound drop counters.
struct R2View {
  std::int64_t conn_id = -1;
  std::int64_t inbound_spi = -1, outbound_spi = -1;
  std::int64_t replay = -1, icv = -1, crypto_failure = -1;
  std::int64_t packets_in = -1;
  int isakmp_sas = 0;
  bool same_sas(const R2View& o) const {
    return conn_id == o.conn_id && inbound_spi == o.inbound_spi && outbound_spi == o.outbound_spi;
  }
  std::string describe() const;
};

class AcceptanceLab {
 public:
  // Lab configs: SSO_ACCEPTANCE_LAB_DIR, edited when `edits` is not empty.
  explicit AcceptanceLab(std::vector<ConfigEdit> edits = {});
  ~AcceptanceLab();
  AcceptanceLab(const AcceptanceLab&) = delete;
  AcceptanceLab& operator=(const AcceptanceLab&) = delete;

  const std::string& prefix() const { return prefix_; }
  const std::string& config_dir() const { return dir_; }
  std::string netns(const std::string& node) const { return prefix_ + node; }

  CommandResult lab(std::vector<std::string> args) const;
  CommandResult exec(const std::string& node, std::vector<std::string> argv) const;  // ip netns exec
  nlohmann::json show(const std::string& node, const std::string& command) const;   // --json; {} on failure
  std::string log(const std::string& node) const;

  int rf(const std::string& node) const;  // my state number; -1 when not answered
  std::string hsrp_state(const std::string& node, int group) const;
  R2View r2() const;

  // `lab up`, then the pair settled with both groups on one router and the other STANDBY
  // HOT, then the tunnel brought up from 6.6.2.2. Returns "" or why not.
  std::string up_and_settle();
  // {active, standby} when one router is RF ACTIVE and HSRP Active in both groups and the
  // other STANDBY HOT and HSRP Standby in both; nullopt otherwise.
  std::optional<std::pair<std::string, std::string>> settled() const;

  // Which of R10/R11 hold `address` in their namespace's kernel (the router's own claim).
  std::vector<std::string> owners(const std::string& address) const;

 private:
  std::string prefix_;
  std::string dir_;
  bool own_dir_ = false;
  bool up_ = false;
};

// A flood ping (`ping -f -l preload -w seconds -q`) from `node`'s namespace; parses the
// summary. Runs to its own deadline, so a thread can own it.
struct FloodResult {
  long sent = 0, received = 0;
  double seconds = 0;
  double pps() const { return seconds > 0 ? static_cast<double>(received) / seconds : 0; }
  std::string raw;
};
FloodResult flood_ping(const AcceptanceLab& lab, const std::string& node, const std::string& destination,
                       int preload, int seconds);

// One `havpnc lab failover --repeat 1 --mode MODE --rate PPS --json` (settle, fail the Active,
// recover, bring it back, settle again with the returning router STANDBY HOT); its JSON, or a
// JSON object with "error" when the tool failed or said something unparsable.
nlohmann::json failover_once(const AcceptanceLab& lab, const std::string& mode, int rate_pps);

}  // namespace havpnc::sso_acceptance
