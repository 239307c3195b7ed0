#pragma once
// The outbound half of the crypto map: which entry protects a packet. IOS walks the crypto
// map entries in sequence order and each entry's crypto ACL in line order; the first line
// that matches decides for that entry: `permit` protects the packet with the entry, `deny`
// means "not with this entry" and the walk goes on with the next entry (IOS IPsec
// configuration guide, "crypto access lists"). A packet no permit line takes is not
// protected; what happens to it then is the component's choice (see crypto_component.h).
#include <cstddef>
#include <optional>
#include <vector>

#include "runtime/crypto/flow.h"
#include "runtime/plan/plan.h"

namespace havpnc::crypto {

// One ACL line matched against a packet travelling from `local` to `remote`.
bool matches(const plan::TrafficSelector& selector, const Flow& flow);
// The same line seen from the other end: a packet from `remote` to `local` (inbound).
bool matches_mirrored(const plan::TrafficSelector& selector, const Flow& flow);

struct ClassifierEntry {
  std::size_t id = 0;  // the caller's handle for the crypto map entry
  std::vector<plan::TrafficSelector> selectors;
};

struct Classification {
  std::size_t id = 0;        // ClassifierEntry::id
  std::size_t line = 0;      // index of the permit line that matched
};

class OutboundClassifier {
 public:
  // Entries in evaluation order (crypto map sequence order).
  explicit OutboundClassifier(std::vector<ClassifierEntry> entries)
      : entries_(std::move(entries)) {}
  std::optional<Classification> classify(const Flow& flow) const;
  const std::vector<ClassifierEntry>& entries() const { return entries_; }

 private:
  std::vector<ClassifierEntry> entries_;
};

}  // namespace havpnc::crypto
