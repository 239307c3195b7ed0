// psk-weak: IKEv1 main mode with a pre-shared key is open to offline dictionary attack by
// anyone who captures one exchange (RFC 2409 §5.4: SKEYID = prf(pre-shared-key, Ni | Nr)),
// so a short or well-known key is as good as none. The key itself never enters a message.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "lint/rules/ha_common.h"
#include "lint/rules/rules.h"

namespace havpnc::lint::rules {
namespace {

// Keys that appear in vendor examples and default configs, so in every attacker's wordlist.
constexpr std::array<std::string_view, 14> kWellKnown = {
    "cisco", "cisco123", "cisco1", "password", "secret", "test", "test123", "key",
    "123456", "12345678", "abc123", "sharedsecret", "presharedkey", "vpn"};

// Below this length a key falls to a dictionary or brute-force search of a captured exchange.
constexpr std::size_t kMinimumLength = 12;

class PskWeak final : public Rule {
 public:
  std::string_view id() const override { return "psk-weak"; }
  std::string_view summary() const override { return "pre-shared key that is short or a well-known default"; }
  model::Severity default_severity() const override { return model::Severity::Warning; }

  void check_device(const model::Device& device, FindingSink& sink) const override {
    const std::string who = device.display_name();
    for (const auto& k : device.isakmp_keys) {
      // Type 6 and 7 keys are encodings of an unknown clear text: nothing to judge.
      if (k.key.encryption_type != 0) continue;
      const auto bytes = k.key.text.bytes();
      std::string lowered;
      lowered.reserve(bytes.size());
      for (auto b : bytes) lowered.push_back(static_cast<char>(std::tolower(b)));
      const bool known = std::find(kWellKnown.begin(), kWellKnown.end(), lowered) != kWellKnown.end();
      std::fill(lowered.begin(), lowered.end(), '\0');
      if (!known && bytes.size() >= kMinimumLength) continue;
      const std::string peer = k.address ? k.address->value.to_string() : k.hostname ? k.hostname->value : "?";
      const std::string problem = known ? "is a well-known default"
                                        : "is only " + std::to_string(bytes.size()) + " characters long";
      sink.report(make_finding(*this,
                               who + ": the pre-shared key for " + peer + " " + problem +
                                   "; IKEv1 main mode lets anyone who captures one exchange test guesses offline "
                                   "(RFC 2409 §5.4), so use a random key of at least " +
                                   std::to_string(kMinimumLength) + " characters",
                               k.range, {who}));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_psk_weak() { return std::make_unique<PskWeak>(); }

}  // namespace havpnc::lint::rules
