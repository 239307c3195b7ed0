#include "runtime/ike/proposal.h"

#include <algorithm>
#include <vector>

namespace havpnc::ike {

namespace {

std::vector<Phase1Policy> by_priority(std::span<const Phase1Policy> policies) {
  std::vector<Phase1Policy> sorted(policies.begin(), policies.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.priority < b.priority; });
  return sorted;
}

bool same_suite(const Phase1Policy& p, const Phase1Proposal& q) {
  return p.cipher == q.cipher && p.hash == q.hash && p.authentication == q.authentication &&
         p.group == q.group;
}

}  // namespace

Expected<Phase1Proposal, std::string> parse_phase1_transform(const Transform& t) {
  if (t.id != kTransformKeyIke)
    return unexpected("transform id " + std::to_string(t.id) + " is not KEY_IKE");
  Phase1Proposal p;
  bool have_enc = false, have_hash = false, have_auth = false, have_group = false;
  std::optional<std::uint64_t> key_bits, life_type, life;
  std::vector<std::uint16_t> seen;
  for (const auto& a : t.attributes) {
    // A life type may legally repeat (seconds then kilobytes), other classes may not.
    if (a.type != p1attr::kLifeType && a.type != p1attr::kLifeDuration &&
        std::find(seen.begin(), seen.end(), a.type) != seen.end())
      return unexpected("duplicate attribute " + std::to_string(a.type));
    seen.push_back(a.type);
    auto v = a.as_integer();
    if (!v) return unexpected("attribute " + std::to_string(a.type) + " value too long");
    switch (a.type) {
      case p1attr::kEncryptionAlgorithm:
        p.cipher.algorithm = static_cast<crypto::EncryptionAlgorithm>(*v);
        have_enc = true;
        break;
      case p1attr::kHashAlgorithm:
        p.hash = static_cast<crypto::HashAlgorithm>(*v);
        if (!crypto::is_supported(p.hash)) return unexpected("hash " + std::to_string(*v));
        have_hash = true;
        break;
      case p1attr::kAuthenticationMethod:
        p.authentication = static_cast<std::uint16_t>(*v);
        have_auth = true;
        break;
      case p1attr::kGroupDescription:
        p.group = static_cast<crypto::DhGroup>(*v);
        if (!crypto::is_supported(p.group)) return unexpected("DH group " + std::to_string(*v));
        have_group = true;
        break;
      case p1attr::kKeyLength: key_bits = v; break;
      case p1attr::kLifeType: life_type = v; break;
      case p1attr::kLifeDuration:
        // RFC 2409 App. A: a duration applies to the life type just before it.
        if (life_type == kLifeTypeSeconds) life = v;
        else if (life_type == kLifeTypeKilobytes) return unexpected("kilobyte phase-1 lifetime");
        else return unexpected("life duration without life type");
        break;
      default: return unexpected("unsupported attribute " + std::to_string(a.type));
    }
  }
  if (!have_enc || !have_hash || !have_auth || !have_group)
    return unexpected("transform lacks encryption, hash, authentication or group");
  if (p.cipher.algorithm == crypto::EncryptionAlgorithm::AesCbc) {
    if (!key_bits) return unexpected("AES without key length");
    p.cipher.key_bits = static_cast<std::uint16_t>(std::min<std::uint64_t>(*key_bits, 0xffff));
  } else if (p.cipher.algorithm == crypto::EncryptionAlgorithm::TripleDesCbc) {
    if (key_bits && *key_bits != 192) return unexpected("3DES with key length");
    p.cipher.key_bits = 192;
  }
  if (!crypto::is_supported(p.cipher))
    return unexpected("cipher " + std::to_string(static_cast<int>(p.cipher.algorithm)) + "/" +
                      std::to_string(p.cipher.key_bits));
  if (life) {
    if (*life == 0 || *life > 0xffffffffULL) return unexpected("lifetime out of range");
    p.lifetime_seconds = static_cast<std::uint32_t>(*life);
  }
  return p;
}

Transform build_phase1_transform(const Phase1Policy& policy, std::uint8_t number) {
  Transform t;
  t.number = number;
  t.id = kTransformKeyIke;
  t.attributes.push_back(Attribute::tv(p1attr::kEncryptionAlgorithm,
                                       static_cast<std::uint16_t>(policy.cipher.algorithm)));
  if (policy.cipher.algorithm == crypto::EncryptionAlgorithm::AesCbc)
    t.attributes.push_back(Attribute::tv(p1attr::kKeyLength, policy.cipher.key_bits));
  t.attributes.push_back(
      Attribute::tv(p1attr::kHashAlgorithm, static_cast<std::uint16_t>(policy.hash)));
  t.attributes.push_back(Attribute::tv(p1attr::kAuthenticationMethod, policy.authentication));
  t.attributes.push_back(
      Attribute::tv(p1attr::kGroupDescription, static_cast<std::uint16_t>(policy.group)));
  t.attributes.push_back(Attribute::tv(p1attr::kLifeType, kLifeTypeSeconds));
  // IOS sends the duration as a 4-byte TLV even when it would fit in TV form.
  Bytes life(4);
  for (int i = 0; i < 4; ++i)
    life[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(policy.lifetime_seconds >> (24 - 8 * i));
  t.attributes.push_back(Attribute::tlv(p1attr::kLifeDuration, std::move(life)));
  return t;
}

SaPayload build_phase1_sa(std::span<const Phase1Policy> policies) {
  Proposal p;
  p.number = 1;
  p.protocol = static_cast<std::uint8_t>(ProtocolId::Isakmp);
  std::uint8_t n = 1;
  for (const auto& policy : by_priority(policies)) {
    if (n == 0xff) break;
    p.transforms.push_back(build_phase1_transform(policy, n++));
  }
  SaPayload sa;
  sa.proposals.push_back(std::move(p));
  return sa;
}

Expected<Phase1Selection, std::string> select_phase1(std::span<const Phase1Policy> policies,
                                                     const SaPayload& offer) {
  std::string why;
  for (const auto& policy : by_priority(policies)) {
    for (const auto& prop : offer.proposals) {
      if (prop.protocol != static_cast<std::uint8_t>(ProtocolId::Isakmp)) continue;
      for (const auto& t : prop.transforms) {
        auto parsed = parse_phase1_transform(t);
        if (!parsed) {
          if (why.find("transform " + std::to_string(t.number) + ":") == std::string::npos)
            why += " transform " + std::to_string(t.number) + ": " + parsed.error() + ";";
          continue;
        }
        if (!same_suite(policy, *parsed)) continue;
        if (parsed->lifetime_seconds > policy.lifetime_seconds) {
          why += " policy " + std::to_string(policy.priority) + " lifetime " +
                 std::to_string(policy.lifetime_seconds) + " < offered " +
                 std::to_string(parsed->lifetime_seconds) + ";";
          continue;
        }
        return Phase1Selection{*parsed, policy.priority, t, prop.number};
      }
    }
  }
  return unexpected("no policy matches the offer;" + why);
}

SaPayload phase1_reply_sa(const Phase1Selection& selection) {
  Proposal p;
  p.number = selection.proposal_number;
  p.protocol = static_cast<std::uint8_t>(ProtocolId::Isakmp);
  p.transforms.push_back(selection.transform);
  SaPayload sa;
  sa.proposals.push_back(std::move(p));
  return sa;
}

Expected<Phase1Proposal, std::string> accept_phase1_reply(std::span<const Phase1Policy> offered,
                                                          const SaPayload& reply) {
  if (reply.proposals.size() != 1 || reply.proposals[0].transforms.size() != 1)
    return unexpected(std::string("reply must carry one proposal with one transform"));
  if (reply.proposals[0].protocol != static_cast<std::uint8_t>(ProtocolId::Isakmp))
    return unexpected(std::string("reply proposal is not ISAKMP"));
  auto parsed = parse_phase1_transform(reply.proposals[0].transforms[0]);
  if (!parsed) return unexpected("reply transform: " + parsed.error());
  for (const auto& policy : offered)
    if (same_suite(policy, *parsed) && parsed->lifetime_seconds <= policy.lifetime_seconds)
      return *parsed;
  return unexpected(std::string("reply transform was not among those offered"));
}

}  // namespace havpnc::ike
