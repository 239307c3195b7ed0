#pragma once
// Reading one JSON object of a plan with its path in hand, so every failure names where it
// happened. Internal to the loader: a failure throws InvalidPlan, which load_plan() turns into
// its PlanError result (nothing escapes the library).
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "runtime/core/secret.h"
#include "runtime/plan/ipv4.h"
#include "runtime/plan/load_plan.h"
#include "runtime/plan/names.h"

namespace havpnc::plan::detail {

struct InvalidPlan : std::exception {
  explicit InvalidPlan(PlanError e) : error(std::move(e)) {}
  const char* what() const noexcept override { return "invalid plan"; }
  PlanError error;
};

[[noreturn]] void fail(std::string path, std::string message);

// "an integer", "a string", ...: what a JSON value is, for "expected X, got Y".
std::string kind_of(const nlohmann::json& value);

std::string index_path(const std::string& path, std::size_t index);

// A value as JSON, cut to a readable length: an error quotes what it refused. Never used on a
// secret field.
std::string shown(const nlohmann::json& value);

struct Range {
  std::uint64_t low = 0;
  std::uint64_t high = 0;
};

std::uint64_t read_unsigned(const nlohmann::json& value, const std::string& path, Range range);

class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& value, std::string path, const LoadOptions& options);

  const std::string& path() const { return path_; }
  std::string path_of(const std::string& key) const { return path_ + "." + key; }

  std::uint32_t u32(const std::string& key, Range range);
  std::uint64_t u64(const std::string& key, Range range);
  std::optional<std::uint32_t> optional_u32(const std::string& key, Range range);
  bool boolean(const std::string& key);
  std::string string(const std::string& key);  // non-empty, printable
  std::optional<std::string> optional_string(const std::string& key);
  Ipv4 ipv4(const std::string& key);
  std::optional<Ipv4> optional_ipv4(const std::string& key);
  Ipv4Prefix prefix(const std::string& key);
  std::optional<Ipv4Prefix> optional_prefix(const std::string& key);
  Secret secret(const std::string& key);
  Secret optional_secret(const std::string& key);  // null → an empty Secret

  template <typename E>
  E enumeration(const std::string& key) {
    return enum_value<E>(get(key), path_of(key));
  }
  template <typename E>
  std::optional<E> optional_enumeration(const std::string& key) {
    const auto& v = get(key);
    if (v.is_null()) return std::nullopt;
    return enum_value<E>(v, path_of(key));
  }

  // A nested object (null not allowed) or, with optional_object, null → nullopt.
  ObjectReader object(const std::string& key);
  std::optional<ObjectReader> optional_object(const std::string& key);

  // Calls `each(element, element_path)` for every element of the array at `key`.
  void array(const std::string& key,
             const std::function<void(const nlohmann::json&, const std::string&)>& each);

  // Every field must have been read: an unknown field is most likely a typo of a known one,
  // and silently ignoring it would run something other than what the author wrote.
  void finish() const;

  const LoadOptions& options() const { return options_; }

 private:
  const nlohmann::json& get(const std::string& key);
  template <typename E>
  static E enum_value(const nlohmann::json& v, const std::string& path) {
    if (!v.is_string()) fail(path, "expected a string, got " + kind_of(v));
    auto e = from_string<E>(v.get_ref<const std::string&>());
    if (!e) fail(path, shown(v) + " is not one of " + accepted_words<E>());
    return *e;
  }

  const nlohmann::json& value_;
  std::string path_;
  const LoadOptions& options_;
  std::set<std::string> read_;
};

// Element readers for arrays of scalars.
std::string read_string(const nlohmann::json& value, const std::string& path);
Ipv4 read_ipv4(const nlohmann::json& value, const std::string& path);
Ipv4Prefix read_prefix(const nlohmann::json& value, const std::string& path);

}  // namespace havpnc::plan::detail
