#include "runtime/lab/strongswan_sas.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>
#include <vector>

namespace havpnc::lab {

namespace {

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

std::string_view trim_right(std::string_view s, char c) {
  while (!s.empty() && s.back() == c) s.remove_suffix(1);
  return s;
}

// Exactly `digits` hex digits (an SPI: 8; an IKEv1 cookie: 16), else nullopt.
std::optional<std::uint64_t> hex(std::string_view s, std::size_t digits) {
  if (s.size() != digits) return std::nullopt;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<std::uint64_t> decimal(std::string_view s) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 10);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// "7730dcaee2530d57_i*" -> the cookie's 16 hex digits, when the suffix is `want`.
std::optional<std::string> cookie(std::string_view w, std::string_view want) {
  w = trim_right(w, '*');
  if (w.size() != 16 + want.size() || w.substr(16) != want) return std::nullopt;
  if (!hex(w.substr(0, 16), 16)) return std::nullopt;
  return std::string(w.substr(0, 16));
}

std::vector<std::string_view> lines(const std::string& text) {
  std::vector<std::string_view> out;
  std::string_view all(text);
  while (!all.empty()) {
    const auto nl = all.find('\n');
    out.push_back(all.substr(0, nl));
    if (nl == std::string_view::npos) break;
    all.remove_prefix(nl + 1);
  }
  return out;
}

bool contains(std::string_view line, std::string_view what) { return line.find(what) != std::string_view::npos; }

}  // namespace

SaSnapshot parse_swanctl_sas(const std::string& list_sas, const std::string& charon_log) {
  SaSnapshot s;
  bool header = false;
  for (std::string_view line : lines(list_sas)) {
    const auto w = words(line);
    if (w.size() < 2) continue;
    // IKE SA: `NAME: #1, ESTABLISHED, IKEv1, SPI_i* SPI_r` (no indentation).
    if (line.front() != ' ' && w.size() >= 6 && w[0].back() == ':' && w[1].starts_with('#') &&
        w[3].starts_with("IKEv")) {
      const auto id = decimal(trim_right(w[1].substr(1), ','));
      const auto ci = cookie(w[4], "_i");
      const auto cr = cookie(w[5], "_r");
      if (!id || !ci || !cr) continue;
      header = true;
      s.ike_conn_ids.push_back(*id);
      s.ike_spis.push_back(*ci + "_i " + *cr + "_r " + std::string(trim_right(w[2], ',')));
      continue;
    }
    // CHILD SA direction: `    in  6f542a7f, 420 bytes, ...` / `    out 9617db26 (...), ...`.
    if (line.front() == ' ' && (w[0] == "in" || w[0] == "out")) {
      const auto spi = hex(trim_right(w[1], ','), 8);
      if (!spi) continue;
      (w[0] == "in" ? s.inbound_spis : s.outbound_spis).push_back(*spi);
    }
  }
  std::map<std::uint64_t, std::uint64_t> replay;
  std::uint64_t icv = 0;
  const auto log = lines(charon_log);
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (contains(log[i], "ESP sequence number verification failed")) {
      std::uint64_t spi = 0;
      if (i + 1 < log.size()) {
        const auto w = words(log[i + 1]);
        for (std::size_t k = 0; k + 1 < w.size(); ++k)
          if (w[k] == "SPI")
            if (const auto v = hex(w[k + 1], 8)) spi = *v;
      }
      ++replay[spi];
    } else if (contains(log[i], "ICV verification failed")) {
      ++icv;
    }
  }
  for (std::uint64_t spi : s.inbound_spis) replay.try_emplace(spi, 0);
  s.replay_drops.assign(replay.begin(), replay.end());
  s.icv_drops.emplace_back(0, icv);
  for (auto* v : {&s.ike_conn_ids, &s.inbound_spis, &s.outbound_spis}) std::sort(v->begin(), v->end());
  std::sort(s.ike_spis.begin(), s.ike_spis.end());
  s.answered = header || list_sas.find_first_not_of(" \n") == std::string::npos;
  return s;
}

std::size_t count_lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

CharonDpd parse_charon_dpd(const std::string& charon_log, std::size_t skip_lines) {
  CharonDpd d;
  const auto log = lines(charon_log);
  for (std::size_t i = skip_lines; i < log.size(); ++i) {
    const std::string_view l = log[i];
    if (contains(l, "generating INFORMATIONAL_V1 request") && contains(l, "N(DPD) ]")) ++d.probes_sent;
    if (contains(l, "parsed INFORMATIONAL_V1 request") && contains(l, "N(DPD_ACK) ]")) ++d.acks_received;
    if (contains(l, "generating INFORMATIONAL_V1 request") && contains(l, "N(DPD_ACK) ]")) ++d.probes_answered;
    if (contains(l, "DPD check timed out")) ++d.timed_out;
  }
  return d;
}

}  // namespace havpnc::lab
