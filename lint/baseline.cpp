#include "lint/baseline.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace havpnc::lint {

namespace {

constexpr int kBaselineVersion = 1;

std::uint64_t fnv1a(std::uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  // A separator that cannot occur in text keeps ("ab","c") and ("a","bc") apart.
  h ^= 0xff;
  h *= 0x100000001b3ull;
  return h;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string normalize_message(std::string_view m) {
  std::string out;
  for (std::size_t i = 0; i < m.size(); ++i) {
    char c = m[i];
    if (c == ':' && i + 1 < m.size() && m[i + 1] >= '0' && m[i + 1] <= '9') {
      // `:75` or `:75:3` after a path: a line reference, which moves when lines are added.
      std::size_t j = i + 1;
      while (j < m.size() && ((m[j] >= '0' && m[j] <= '9') || (m[j] == ':' && j + 1 < m.size() && m[j + 1] >= '0' && m[j + 1] <= '9'))) ++j;
      bool after_path = i > 0 && m[i - 1] != ' ';
      if (after_path) {
        out += ":#";
        i = j - 1;
        continue;
      }
    }
    if ((c == ' ' || c == '\t') && !out.empty() && out.back() == ' ') continue;
    out += c == '\t' ? ' ' : c;
  }
  return out;
}

std::string fingerprint(std::string_view rule, std::string_view device, std::string_view message,
                        std::string_view line_text) {
  const std::string normalized = normalize_message(message);
  std::uint64_t a = 0xcbf29ce484222325ull;
  std::uint64_t b = 0x84222325cbf29ce4ull;
  for (std::string_view part : {rule, device, std::string_view(normalized), trim(line_text)}) {
    a = fnv1a(a, part);
    b = fnv1a(b ^ 0x9e3779b97f4a7c15ull, part);
  }
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return buf;
}

std::optional<Baseline> Baseline::parse(std::string_view text, std::string* error) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    *error = "not a JSON object";
    return std::nullopt;
  }
  auto version = json.find("version");
  if (version == json.end() || !version->is_number_integer() || version->get<int>() != kBaselineVersion) {
    *error = "unsupported baseline version (expected " + std::to_string(kBaselineVersion) + ")";
    return std::nullopt;
  }
  auto findings = json.find("findings");
  if (findings == json.end() || !findings->is_array()) {
    *error = "missing \"findings\" array";
    return std::nullopt;
  }
  Baseline b;
  for (const auto& f : *findings) {
    auto fp = f.is_object() ? f.find("fingerprint") : f.end();
    if (!f.is_object() || fp == f.end() || !fp->is_string() || fp->get<std::string>().size() != 32) {
      *error = "a finding without a 32-digit \"fingerprint\"";
      return std::nullopt;
    }
    ++b.counts_[fp->get<std::string>()];
  }
  return b;
}

std::optional<Baseline> Baseline::load(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot open";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto b = parse(text.str(), error);
  if (!b) *error = path + ": " + *error;
  return b;
}

std::string Baseline::serialize(const std::vector<BaselineEntry>& entries) {
  nlohmann::json out;
  out["version"] = kBaselineVersion;
  out["findings"] = nlohmann::json::array();
  for (const auto& e : entries) {
    out["findings"].push_back({{"fingerprint", e.fingerprint},
                               {"rule", e.rule},
                               {"device", e.device},
                               {"path", e.path},
                               {"message", e.message}});
  }
  return out.dump(2) + "\n";
}

bool Baseline::take(const std::string& fp) {
  auto it = counts_.find(fp);
  if (it == counts_.end() || it->second == 0) return false;
  --it->second;
  return true;
}

}  // namespace havpnc::lint
