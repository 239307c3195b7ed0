#include "runtime/plan/json_reader.h"

#include "runtime/plan/write_plan.h"

namespace havpnc::plan::detail {

using nlohmann::json;

void fail(std::string path, std::string message) { throw InvalidPlan(PlanError{std::move(path), std::move(message)}); }

std::string kind_of(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    case json::value_t::number_float: return "a number with a fraction";
    default: return "something else";
  }
}

std::string index_path(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

std::string shown(const json& value) {
  std::string text = value.dump(-1, ' ', true, json::error_handler_t::replace);
  constexpr std::size_t kMax = 48;
  if (text.size() > kMax) text = text.substr(0, kMax) + "...";
  return text;
}

std::uint64_t read_unsigned(const json& value, const std::string& path, Range range) {
  if (!value.is_number_integer()) fail(path, "expected an integer, got " + kind_of(value));
  const std::string limits = " is out of range " + std::to_string(range.low) + "-" + std::to_string(range.high);
  if (!value.is_number_unsigned()) fail(path, shown(value) + limits);
  const auto v = value.get<std::uint64_t>();
  if (v < range.low || v > range.high) fail(path, std::to_string(v) + limits);
  return v;
}

std::string read_string(const json& value, const std::string& path) {
  if (!value.is_string()) fail(path, "expected a string, got " + kind_of(value));
  const auto& s = value.get_ref<const std::string&>();
  if (s.empty()) fail(path, "must not be empty");
  // Names end up in logs and show output: no control characters, nothing that could forge a
  // log line. IOS names are printable ASCII anyway.
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7E) fail(path, "must be printable ASCII");
  }
  if (s.size() > 256) fail(path, "is longer than 256 characters");
  return s;
}

Ipv4 read_ipv4(const json& value, const std::string& path) {
  if (!value.is_string()) fail(path, "expected a string, got " + kind_of(value));
  auto a = Ipv4::parse(value.get_ref<const std::string&>());
  if (!a) fail(path, shown(value) + " is not an IPv4 address (a.b.c.d)");
  return *a;
}

Ipv4Prefix read_prefix(const json& value, const std::string& path) {
  if (!value.is_string()) fail(path, "expected a string, got " + kind_of(value));
  auto p = Ipv4Prefix::parse(value.get_ref<const std::string&>());
  if (!p) fail(path, shown(value) + " is not an IPv4 prefix (a.b.c.d/n, n 0-32)");
  return *p;
}

ObjectReader::ObjectReader(const json& value, std::string path, const LoadOptions& options)
    : value_(value), path_(std::move(path)), options_(options) {
  if (!value_.is_object()) fail(path_, "expected an object, got " + kind_of(value_));
}

const json& ObjectReader::get(const std::string& key) {
  auto it = value_.find(key);
  if (it == value_.end()) fail(path_, "missing field \"" + key + "\"");
  read_.insert(key);
  return *it;
}

std::uint32_t ObjectReader::u32(const std::string& key, Range range) {
  return static_cast<std::uint32_t>(read_unsigned(get(key), path_of(key), range));
}

std::uint64_t ObjectReader::u64(const std::string& key, Range range) {
  return read_unsigned(get(key), path_of(key), range);
}

std::optional<std::uint32_t> ObjectReader::optional_u32(const std::string& key, Range range) {
  const auto& v = get(key);
  if (v.is_null()) return std::nullopt;
  return static_cast<std::uint32_t>(read_unsigned(v, path_of(key), range));
}

bool ObjectReader::boolean(const std::string& key) {
  const auto& v = get(key);
  if (!v.is_boolean()) fail(path_of(key), "expected a boolean, got " + kind_of(v));
  return v.get<bool>();
}

std::string ObjectReader::string(const std::string& key) { return read_string(get(key), path_of(key)); }

std::optional<std::string> ObjectReader::optional_string(const std::string& key) {
  const auto& v = get(key);
  if (v.is_null()) return std::nullopt;
  return read_string(v, path_of(key));
}

Ipv4 ObjectReader::ipv4(const std::string& key) { return read_ipv4(get(key), path_of(key)); }

std::optional<Ipv4> ObjectReader::optional_ipv4(const std::string& key) {
  const auto& v = get(key);
  if (v.is_null()) return std::nullopt;
  return read_ipv4(v, path_of(key));
}

Ipv4Prefix ObjectReader::prefix(const std::string& key) { return read_prefix(get(key), path_of(key)); }

std::optional<Ipv4Prefix> ObjectReader::optional_prefix(const std::string& key) {
  const auto& v = get(key);
  if (v.is_null()) return std::nullopt;
  return prefix(key);
}

Secret ObjectReader::secret(const std::string& key) {
  const auto& v = get(key);
  const std::string path = path_of(key);
  // The messages below never quote the value: it is a key.
  if (!v.is_string()) fail(path, "expected a string, got " + kind_of(v));
  const auto& s = v.get_ref<const std::string&>();
  if (s == kRedacted && !options_.allow_redacted) {
    fail(path, "the plan is redacted (its secrets were replaced by \"<redacted>\" for sharing); "
               "compile the config again without --redact to get a plan that can run");
  }
  if (s.empty()) fail(path, "the key must not be empty");
  // IOS keys are at most 128 printable characters (no spaces inside a `crypto isakmp key`).
  if (s.size() > 128) fail(path, "the key is longer than 128 characters");
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7E) fail(path, "the key must be printable ASCII");
  }
  return Secret(std::string_view(s));
}

Secret ObjectReader::optional_secret(const std::string& key) {
  if (get(key).is_null()) return Secret();
  return secret(key);
}

ObjectReader ObjectReader::object(const std::string& key) {
  return ObjectReader(get(key), path_of(key), options_);
}

std::optional<ObjectReader> ObjectReader::optional_object(const std::string& key) {
  const auto& v = get(key);
  if (v.is_null()) return std::nullopt;
  return ObjectReader(v, path_of(key), options_);
}

void ObjectReader::array(const std::string& key, const std::function<void(const json&, const std::string&)>& each) {
  const auto& v = get(key);
  const std::string path = path_of(key);
  if (!v.is_array()) fail(path, "expected an array, got " + kind_of(v));
  for (std::size_t i = 0; i < v.size(); ++i) each(v[i], index_path(path, i));
}

void ObjectReader::finish() const {
  for (const auto& item : value_.items()) {
    const std::string& key = item.key();
    if (!read_.contains(key)) {
      std::string printable;
      for (unsigned char c : key) printable += (c >= 0x20 && c <= 0x7E) ? static_cast<char>(c) : '?';
      if (printable.size() > 48) printable = printable.substr(0, 48) + "...";
      fail(path_of(printable), "unknown field");
    }
  }
}

}  // namespace havpnc::plan::detail
