#include "tests/sso_acceptance/acceptance_lab.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/lab/lab_state.h"

namespace havpnc::sso_acceptance {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

bool wait_for(const std::function<bool()>& done, Clock::duration limit) {
  const auto start = Clock::now();
  while (Clock::now() - start < limit) {
    if (done()) return true;
    std::this_thread::sleep_for(100ms);
  }
  return done();
}

std::string R2View::describe() const {
  std::ostringstream s;
  s << "conn-id " << conn_id << " (" << isakmp_sas << " ISAKMP SA), SPI in 0x" << std::hex << inbound_spi
    << " out 0x" << outbound_spi << std::dec << ", drops replay " << replay << " icv " << icv
    << " crypto-failure " << crypto_failure << ", " << packets_in << " packets in";
  return s.str();
}

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

}  // namespace

AcceptanceLab::AcceptanceLab(std::vector<ConfigEdit> edits)
    : prefix_("hvsa-" + std::to_string(::getpid()) + "-"), dir_(SSO_ACCEPTANCE_LAB_DIR) {
  if (edits.empty()) return;
  // A variant of lab/: the three configs copied, the named lines edited. The test names each
  // edit, so what differs from lab/ is in the test, not in a second copy of the configs.
  dir_ = "/tmp/" + prefix_ + "cfg";
  fs::create_directories(dir_);
  own_dir_ = true;
  for (const char* node : {"R2", "R10", "R11"}) {
    std::ifstream in(std::string(SSO_ACCEPTANCE_LAB_DIR) + "/" + node + ".cfg");
    std::ofstream out(dir_ + "/" + node + ".cfg");
    std::string line;
    while (std::getline(in, line)) {
      bool dropped = false;
      for (const ConfigEdit& e : edits) {
        if (e.node != node || trim(line) != e.line) continue;
        if (!e.replacement.empty()) out << e.replacement << "\n";
        dropped = true;
      }
      if (!dropped) out << line << "\n";
    }
  }
}

AcceptanceLab::~AcceptanceLab() {
  if (up_) lab({"down"});
  if (own_dir_) fs::remove_all(dir_);
}

CommandResult AcceptanceLab::lab(std::vector<std::string> args) const {
  std::vector<std::string> argv{HAVPNC_BINARY, "lab", args.front(), "--prefix", prefix_};
  argv.insert(argv.end(), args.begin() + 1, args.end());
  return lab::run_command(argv);
}

CommandResult AcceptanceLab::exec(const std::string& node, std::vector<std::string> argv) const {
  std::vector<std::string> full{"ip", "netns", "exec", netns(node)};
  full.insert(full.end(), argv.begin(), argv.end());
  return lab::run_command(full);
}

nlohmann::json AcceptanceLab::show(const std::string& node, const std::string& command) const {
  std::vector<std::string> args{"show", node};
  std::istringstream words(command);
  for (std::string w; words >> w;) args.push_back(w);
  args.push_back("--json");
  const CommandResult r = lab(args);
  if (!r.ok()) return nlohmann::json::object();
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  return j.is_discarded() ? nlohmann::json::object() : j;
}

std::string AcceptanceLab::log(const std::string& node) const {
  std::ifstream in(std::string(lab::kDefaultStateRoot) + "/" + prefix_ + "/" + node + ".log");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int AcceptanceLab::rf(const std::string& node) const {
  const auto j = show(node, "show redundancy states");
  return j.contains("my_state") ? j["my_state"].value("number", -1) : -1;
}

std::string AcceptanceLab::hsrp_state(const std::string& node, int group) const {
  const auto j = show(node, "show standby");
  if (j.is_array())
    for (const auto& g : j)
      if (g.value("group", -1) == group) return g.value("state", std::string("?"));
  return "?";
}

R2View AcceptanceLab::r2() const {
  R2View v;
  const auto ike = show("R2", "show crypto isakmp sa");
  if (ike.contains("isakmp_sas")) {
    v.isakmp_sas = static_cast<int>(ike["isakmp_sas"].size());
    if (v.isakmp_sas == 1) v.conn_id = ike["isakmp_sas"][0].value("conn_id", std::int64_t{-1});
  }
  const auto sa = show("R2", "show crypto ipsec sa");
  if (!sa.contains("peers") || sa["peers"].size() != 1) return v;
  const auto& p = sa["peers"][0];
  if (p["inbound_esp_sas"].size() != 1 || p["outbound_esp_sas"].size() != 1) return v;
  const auto& in = p["inbound_esp_sas"][0];
  v.inbound_spi = in.value("spi", std::int64_t{-1});
  v.outbound_spi = p["outbound_esp_sas"][0].value("spi", std::int64_t{-1});
  v.replay = in["drops"].value("replay", std::int64_t{-1});
  v.icv = in["drops"].value("icv", std::int64_t{-1});
  v.crypto_failure = in["drops"].value("crypto-failure", std::int64_t{-1});
  v.packets_in = in.value("packets", std::int64_t{-1});
  return v;
}

std::optional<std::pair<std::string, std::string>> AcceptanceLab::settled() const {
  for (auto [a, s] : {std::pair<std::string, std::string>{"R10", "R11"}, {"R11", "R10"}}) {
    if (rf(a) != kRfActive || rf(s) != kRfStandbyHot) continue;
    if (hsrp_state(a, 1) == "Active" && hsrp_state(a, 2) == "Active" && hsrp_state(s, 1) == "Standby" &&
        hsrp_state(s, 2) == "Standby")
      return std::pair{a, s};
  }
  return std::nullopt;
}

std::string AcceptanceLab::up_and_settle() {
  const CommandResult up = lab({"up", "--dir", dir_});
  up_ = true;  // whatever `up` managed to build, `down` removes
  if (!up.ok()) return up.describe() + "\n" + up.out;
  // One router ACTIVE, the other STANDBY HOT.
  std::string active, standby;
  if (!wait_for([&] {
        for (auto [a, s] : {std::pair<std::string, std::string>{"R10", "R11"}, {"R11", "R10"}})
          if (rf(a) == kRfActive && rf(s) == kRfStandbyHot) {
            active = a;
            standby = s;
            return true;
          }
        return false;
      }, 40s))
    return "no ACTIVE/STANDBY HOT pair within 40 s\n" + log("R10") + log("R11");
  if (hsrp_state(active, 1) != "Active") {
    // Group 1 elected on the other box (equal priorities, start order): a bounce of that
    // box's tracked Gi0/0 hands group 1 over without moving group 2.
    if (!lab({"link", standby, "Gi0/0", "down"}).ok()) return "link down failed";
    if (!wait_for([&] { return hsrp_state(active, 1) == "Active"; }, 10s)) return "group 1 did not move";
    if (!lab({"link", standby, "Gi0/0", "up"}).ok()) return "link up failed";
  }
  if (!wait_for([&] { return settled().has_value(); }, 40s)) return "not settled\n" + log("R10") + log("R11");
  // The first echoes start main mode; R2 holds the SAs once one comes back.
  if (!wait_for([&] {
        return exec("R2", {"ping", "-c", "1", "-W", "1", "-I", "6.6.2.2", "6.6.146.4"}).ok() && r2().inbound_spi >= 0;
      }, 30s))
    return "no tunnel from R2\n" + log("R2");
  // Both routers know the SA pair before the test starts failing one.
  if (!wait_for([&] {
        for (const char* n : {"R10", "R11"}) {
          const auto ha = show(n, "show crypto ha");
          if (ha.value("ike_sas", 0) != 1 || ha.value("ipsec_sas", 0) != 1) return false;
        }
        return true;
      }, 10s))
    return "the standby never held the SA pair";
  return "";
}

std::vector<std::string> AcceptanceLab::owners(const std::string& address) const {
  std::vector<std::string> who;
  for (const char* n : {"R10", "R11"}) {
    const CommandResult r = exec(n, {"ip", "-4", "-o", "addr", "show"});
    if (r.out.find(" " + address + "/") != std::string::npos) who.push_back(n);
  }
  return who;
}

FloodResult flood_ping(const AcceptanceLab& lab, const std::string& node, const std::string& destination,
                       int preload, int seconds) {
  const CommandResult r = lab.exec(node, {"ping", "-f", "-q", "-l", std::to_string(preload), "-w",
                                          std::to_string(seconds), destination});
  FloodResult f;
  f.raw = r.out + r.err;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    long sent = 0, received = 0;
    if (std::sscanf(line.c_str(), "%ld packets transmitted, %ld received", &sent, &received) == 2) {
      f.sent = sent;
      f.received = received;
      const auto t = line.find("time ");
      if (t != std::string::npos) f.seconds = std::stod(line.substr(t + 5)) / 1000.0;
    }
  }
  return f;
}

nlohmann::json failover_once(const AcceptanceLab& lab, const std::string& mode, int rate_pps) {
  const CommandResult r =
      lab.lab({"failover", "--repeat", "1", "--mode", mode, "--rate", std::to_string(rate_pps), "--json"});
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  if (!r.ok() || !j.is_object() || !j.contains("failovers") || j["failovers"].size() != 1)
    return {{"error", r.describe() + "\n" + r.out}};
  return j;
}

}  // namespace havpnc::sso_acceptance
