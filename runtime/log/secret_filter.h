#pragma once
// The last line of defence for "never a secret in a log": the engine registers every key of
// the plan at start, and the logger refuses to write any record whose text contains one.
// The LogRecord type already carries no Secret; this catches a key that reached a string by
// another road (a config echo, a peer's identity that happens to be the key, a bug).
//
// Keys shorter than kMinSubstringLength are matched only as whole words: a 1-byte key would
// otherwise withhold nearly every line (and such a key is a lint error anyway).
#include <cstddef>
#include <string_view>
#include <vector>

#include "runtime/core/secret.h"

namespace havpnc::log {

class SecretFilter {
 public:
  static constexpr std::size_t kMinSubstringLength = 4;

  void add(const Secret& secret);
  bool contains_secret(std::string_view text) const;
  std::size_t size() const { return secrets_.size(); }

 private:
  std::vector<Secret> secrets_;
};

}  // namespace havpnc::log
