#pragma once
// The experiment's bookkeeping, pure: echoes (sent/reply instants in microseconds since the
// experiment began), the failovers (when the Active was failed and brought back), the routers'
// states as polled — in, figures out. No sockets, no clocks: unit-tested with made-up timelines.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace havpnc::lab {

// IOS ping's default timeout: a reply later than this is a `.` like a missing one.
inline constexpr std::int64_t kEchoTimeoutUs = 2'000'000;

struct Echo {
  std::int64_t sent_us = 0;
  std::optional<std::int64_t> reply_us;
  bool unreachable = false;

  bool answered() const { return reply_us && *reply_us - sent_us <= kEchoTimeoutUs; }
  char symbol() const { return answered() ? '!' : unreachable ? 'U' : '.'; }
};

// What R2 says about its SAs (havpnc: `show crypto isakmp sa --json`, `show crypto ipsec sa
// --json`; strongSwan: `swanctl --list-sas` and charon's log, strongswan_sas.h).
struct SaSnapshot {
  bool answered = false;
  std::vector<std::uint64_t> ike_conn_ids;  // follows the ISAKMP initiator cookie: a new main mode, a new id
                                            // (strongSwan: the IKE SA's unique id)
  std::vector<std::string> ike_spis;        // strongSwan: "SPI_i SPI_r STATE" (both cookies); havpnc: none
  std::vector<std::uint64_t> inbound_spis, outbound_spis;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> replay_drops, icv_drops;  // (inbound SPI, count)
};
// `isakmp`, `ipsec`: the two show outputs; a parse failure or a wrong shape is "not answered".
SaSnapshot parse_sa_snapshot(const std::string& isakmp_json, const std::string& ipsec_json);

struct SaVerdict {
  bool comparable = false;  // both snapshots answered and the "before" one had SAs
  bool ike_same = false, ipsec_same = false;
  std::uint64_t replay_drops = 0, icv_drops = 0;  // new since "before" (a new SA counts from 0)
  bool same() const { return comparable && ike_same && ipsec_same && replay_drops == 0 && icv_drops == 0; }
};
SaVerdict compare_sas(const SaSnapshot& before, const SaSnapshot& after);

// A router's SSO holdings as `show redundancy states --json` reports them (ike_sas/ipsec_sas:
// the Active's published SAs, the standby's held ones).
struct RfHolding {
  std::string router;
  std::string rf;  // "" when not answered
  std::optional<std::uint64_t> ike_sas, ipsec_sas;
};

struct Failover {
  int index = 0;
  std::string router;  // the Active that was failed
  std::string mode;    // link | crash | kill
  std::string took_over;  // the router that became Active ("" when none did)
  std::int64_t phase_us = 0;    // settled; this failover's echoes begin here
  std::int64_t fail_us = 0;
  std::optional<std::int64_t> recovered_us;  // replies again and a new Active
  std::int64_t restore_us = 0;  // the failed router brought back
  std::int64_t end_us = 0;      // the next phase begins (or the experiment ends)
  SaSnapshot sas_before, sas_after;
  SaVerdict sas;
  bool standby_hot_before = false;  // `show redundancy states` said STANDBY HOT (when answered)
  // Once settled again after the restore: the failed router (back as standby) and the Active.
  RfHolding returned, active_after;
  // The returned router is STANDBY HOT and holds as many IKE and IPsec SAs as the Active
  // publishes, at least one of each.
  bool standby_holds_all() const;
};

struct FailoverFigures {
  std::size_t sent = 0, replied = 0, lost = 0, unreachable = 0;  // echoes sent in [phase, restore)
  std::size_t lost_after_restore = 0;                              // echoes sent in [restore, end)
  std::optional<double> outage_ms;  // last reply before → first reply after; none: never recovered
  std::optional<std::int64_t> last_reply_before_us, first_reply_after_us;
  std::string line;  // the seed-style `!!!!.U...!!!` around the outage
};

// Over the echoes sent in [phase_us, restore_us): the outage runs from the last reply to an
// echo sent before the first lost one to the first reply to an echo sent after the last lost
// one (no loss: the longest wait between replies that ends after fail_us); the seed line covers the lost echoes of that range with 5 echoes of
// context each side. Runs longer than 16 are shortened to `......{N .}......`.
FailoverFigures figure(const std::vector<Echo>& echoes, const Failover& f);

std::string compress_line(const std::string& symbols);

struct StateSample {
  std::int64_t at_us = 0;
  std::string router;
  std::string hsrp;  // the group states joined ("Active", "Standby", "Active/Init", "down")
  std::string rf;    // "" when `show redundancy states` is not answered
};

struct Summary {
  std::size_t sent = 0, replied = 0, lost = 0, unreachable = 0;
  std::vector<double> outages_ms;
  std::optional<double> median_ms, max_ms;
  std::size_t not_recovered = 0;
};
Summary summarize(const std::vector<Echo>& echoes, const std::vector<Failover>& failovers,
                  const std::vector<FailoverFigures>& figures);
double median(std::vector<double> v);

nlohmann::json to_json(const Failover& f, const FailoverFigures& x);

}  // namespace havpnc::lab
