#include "runtime/lab/failover_analysis.h"

#include <algorithm>
#include <map>

namespace havpnc::lab {

namespace {

using nlohmann::json;

// A JSON number that is a non-negative integer, else nullopt: the router's output is checked,
// not trusted.
std::optional<std::uint64_t> uint_field(const json& j, const char* key) {
  if (!j.is_object()) return std::nullopt;
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number_unsigned()) return std::nullopt;
  return it->get<std::uint64_t>();
}

}  // namespace

SaSnapshot parse_sa_snapshot(const std::string& isakmp_json, const std::string& ipsec_json) {
  SaSnapshot s;
  const json isakmp = json::parse(isakmp_json, nullptr, false);
  const json ipsec = json::parse(ipsec_json, nullptr, false);
  if (!isakmp.is_object() || !ipsec.is_object()) return s;
  const auto sas = isakmp.find("isakmp_sas");
  const auto peers = ipsec.find("peers");
  if (sas == isakmp.end() || !sas->is_array() || peers == ipsec.end() || !peers->is_array()) return s;
  for (const auto& sa : *sas)
    if (const auto id = uint_field(sa, "conn_id")) s.ike_conn_ids.push_back(*id);
  for (const auto& peer : *peers) {
    if (!peer.is_object()) continue;
    for (const char* dir : {"inbound_esp_sas", "outbound_esp_sas"}) {
      const auto list = peer.find(dir);
      if (list == peer.end() || !list->is_array()) continue;
      const bool inbound = dir[0] == 'i';
      for (const auto& sa : *list) {
        const auto spi = uint_field(sa, "spi");
        if (!spi) continue;
        (inbound ? s.inbound_spis : s.outbound_spis).push_back(*spi);
        if (!inbound || !sa.contains("drops")) continue;
        s.replay_drops.emplace_back(*spi, uint_field(sa["drops"], "replay").value_or(0));
        s.icv_drops.emplace_back(*spi, uint_field(sa["drops"], "icv").value_or(0));
      }
    }
  }
  for (auto* v : {&s.ike_conn_ids, &s.inbound_spis, &s.outbound_spis}) std::sort(v->begin(), v->end());
  s.answered = true;
  return s;
}

SaVerdict compare_sas(const SaSnapshot& before, const SaSnapshot& after) {
  SaVerdict v;
  v.comparable = before.answered && after.answered && !before.ike_conn_ids.empty() && !before.inbound_spis.empty();
  v.ike_same = before.ike_conn_ids == after.ike_conn_ids && before.ike_spis == after.ike_spis &&
               !after.ike_conn_ids.empty();
  v.ipsec_same = before.inbound_spis == after.inbound_spis && before.outbound_spis == after.outbound_spis &&
                 !after.inbound_spis.empty();
  auto grown = [](const auto& old_counts, const auto& new_counts) {
    std::map<std::uint64_t, std::uint64_t> old(old_counts.begin(), old_counts.end());
    std::uint64_t sum = 0;
    for (const auto& [spi, n] : new_counts) {
      const auto it = old.find(spi);
      const std::uint64_t base = it == old.end() ? 0 : it->second;
      sum += n > base ? n - base : 0;
    }
    return sum;
  };
  v.replay_drops = grown(before.replay_drops, after.replay_drops);
  v.icv_drops = grown(before.icv_drops, after.icv_drops);
  return v;
}

std::string compress_line(const std::string& symbols) {
  std::string out;
  for (std::size_t i = 0; i < symbols.size();) {
    std::size_t j = i;
    while (j < symbols.size() && symbols[j] == symbols[i]) ++j;
    const std::size_t run = j - i;
    if (run > 16) {
      out += std::string(6, symbols[i]) + "{" + std::to_string(run - 12) + " " + symbols[i] + "}" +
             std::string(6, symbols[i]);
    } else {
      out.append(run, symbols[i]);
    }
    i = j;
  }
  return out;
}

FailoverFigures figure(const std::vector<Echo>& echoes, const Failover& f) {
  FailoverFigures x;
  std::size_t first = echoes.size(), last = 0;  // this failover's echoes: sent in [phase, restore)
  std::optional<std::size_t> first_lost, last_lost;
  std::vector<std::int64_t> arrivals;
  for (std::size_t i = 0; i < echoes.size(); ++i) {
    const Echo& e = echoes[i];
    if (e.sent_us >= f.restore_us && e.sent_us < f.end_us && !e.answered()) ++x.lost_after_restore;
    if (e.sent_us < f.phase_us || e.sent_us >= f.restore_us) continue;
    first = std::min(first, i);
    last = i;
    ++x.sent;
    if (e.answered()) {
      ++x.replied;
      arrivals.push_back(*e.reply_us);
      continue;
    }
    ++x.lost;
    if (e.unreachable) ++x.unreachable;
    if (!first_lost) first_lost = i;
    last_lost = i;
  }
  std::sort(arrivals.begin(), arrivals.end());
  std::optional<std::pair<std::int64_t, std::int64_t>> gap;
  if (first_lost) {
    // The outage spans the losses: the last reply to an echo sent before the first lost one,
    // to the first reply to an echo sent after the last lost one. A stray reply in between
    // (a path that still works for a moment) does not split it.
    std::optional<std::int64_t> before, after;
    for (std::size_t i = first; i <= last; ++i) {
      const Echo& e = echoes[i];
      if (!e.answered()) continue;
      if (i < *first_lost) before = std::max(before.value_or(*e.reply_us), *e.reply_us);
      if (i > *last_lost) after = std::min(after.value_or(*e.reply_us), *e.reply_us);
    }
    if (after) gap = {{before.value_or(echoes[*first_lost].sent_us), *after}};
  } else {
    // Nothing lost: the longest wait between two replies that ends after the failure.
    for (std::size_t i = 1; i < arrivals.size(); ++i) {
      if (arrivals[i] <= f.fail_us) continue;
      if (!gap || arrivals[i] - arrivals[i - 1] > gap->second - gap->first) gap = {{arrivals[i - 1], arrivals[i]}};
    }
  }
  if (gap && f.recovered_us) {
    x.last_reply_before_us = gap->first;
    x.first_reply_after_us = gap->second;
    x.outage_ms = static_cast<double>(gap->second - gap->first) / 1000.0;
  }
  if (x.sent == 0) return x;
  std::size_t from = first, to = last;
  if (first_lost) {
    from = *first_lost >= first + 5 ? *first_lost - 5 : first;
    to = std::min(last, *last_lost + 5);
  } else {
    to = std::min(last, first + 9);
  }
  std::string symbols;
  for (std::size_t i = from; i <= to; ++i) symbols += echoes[i].symbol();
  x.line = compress_line(symbols);
  return x;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

Summary summarize(const std::vector<Echo>& echoes, const std::vector<Failover>& failovers,
                  const std::vector<FailoverFigures>& figures) {
  Summary s;
  for (const Echo& e : echoes) {
    ++s.sent;
    if (e.answered()) {
      ++s.replied;
    } else {
      ++s.lost;
      if (e.unreachable) ++s.unreachable;
    }
  }
  for (std::size_t i = 0; i < figures.size() && i < failovers.size(); ++i) {
    if (figures[i].outage_ms)
      s.outages_ms.push_back(*figures[i].outage_ms);
    else
      ++s.not_recovered;
  }
  if (!s.outages_ms.empty()) {
    s.median_ms = median(s.outages_ms);
    s.max_ms = *std::max_element(s.outages_ms.begin(), s.outages_ms.end());
  }
  return s;
}

bool Failover::standby_holds_all() const {
  return returned.rf == "STANDBY HOT" && returned.ike_sas && returned.ipsec_sas && active_after.ike_sas &&
         active_after.ipsec_sas && *returned.ike_sas == *active_after.ike_sas &&
         *returned.ipsec_sas == *active_after.ipsec_sas && *returned.ike_sas > 0 && *returned.ipsec_sas > 0;
}

json to_json(const Failover& f, const FailoverFigures& x) {
  auto ms = [](std::optional<std::int64_t> us) { return us ? json(static_cast<double>(*us) / 1000.0) : json(); };
  json j{{"index", f.index},
         {"failed", f.router},
         {"mode", f.mode},
         {"took_over", f.took_over.empty() ? json() : json(f.took_over)},
         {"fail_ms", static_cast<double>(f.fail_us) / 1000.0},
         {"recovered_ms", ms(f.recovered_us)},
         {"restore_ms", static_cast<double>(f.restore_us) / 1000.0},
         {"echoes", {{"sent", x.sent}, {"replied", x.replied}, {"lost", x.lost}, {"unreachable", x.unreachable}}},
         {"lost_after_restore", x.lost_after_restore},
         {"outage_ms", x.outage_ms ? json(*x.outage_ms) : json()},
         {"last_reply_before_ms", ms(x.last_reply_before_us)},
         {"first_reply_after_ms", ms(x.first_reply_after_us)},
         {"line", x.line},
         {"standby_hot_before", f.standby_hot_before}};
  j["r2_sas"] = {{"comparable", f.sas.comparable},
                 {"ike_same", f.sas.ike_same},
                 {"ipsec_same", f.sas.ipsec_same},
                 {"replay_drops", f.sas.replay_drops},
                 {"icv_drops", f.sas.icv_drops},
                 {"same", f.sas.same()},
                 {"ike_conn_ids_before", f.sas_before.ike_conn_ids},
                 {"ike_conn_ids_after", f.sas_after.ike_conn_ids},
                 {"ike_spis_before", f.sas_before.ike_spis},
                 {"ike_spis_after", f.sas_after.ike_spis},
                 {"inbound_spis_before", f.sas_before.inbound_spis},
                 {"inbound_spis_after", f.sas_after.inbound_spis},
                 {"outbound_spis_before", f.sas_before.outbound_spis},
                 {"outbound_spis_after", f.sas_after.outbound_spis}};
  auto holding = [](const RfHolding& h) {
    auto n = [](const std::optional<std::uint64_t>& v) { return v ? json(*v) : json(); };
    return json{{"router", h.router}, {"rf", h.rf}, {"ike_sas", n(h.ike_sas)}, {"ipsec_sas", n(h.ipsec_sas)}};
  };
  j["returned"] = holding(f.returned);
  j["active_after"] = holding(f.active_after);
  j["standby_holds_all"] = f.standby_holds_all();
  return j;
}

}  // namespace havpnc::lab
