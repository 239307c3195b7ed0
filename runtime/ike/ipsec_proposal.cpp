#include "runtime/ike/ipsec_proposal.h"

#include <algorithm>

namespace havpnc::ike {

namespace {

bool is_tunnel(std::uint16_t mode) {
  return mode == kEncapsulationTunnel || mode == kEncapsulationUdpTunnel ||
         mode == kEncapsulationUdpTunnelDraft;
}

bool same_suite(const IpsecTransform& t, const Phase2Proposal& p) { return t == p.transform; }

void put_lifetimes(Attributes& attrs, std::uint32_t seconds, std::uint64_t kilobytes) {
  // IOS offers both kinds; each duration follows its type (RFC 2407 §4.5).
  if (seconds != 0) {
    attrs.push_back(Attribute::tv(p2attr::kSaLifeType, kLifeTypeSeconds));
    attrs.push_back(Attribute::integer(p2attr::kSaLifeDuration, seconds));
  }
  if (kilobytes != 0) {
    attrs.push_back(Attribute::tv(p2attr::kSaLifeType, kLifeTypeKilobytes));
    attrs.push_back(Attribute::integer(p2attr::kSaLifeDuration, kilobytes));
  }
}

struct Lifetimes {
  std::optional<std::uint64_t> seconds, kilobytes;
};

// Walks SA Life Type / Duration pairs; a duration must follow a type (RFC 2407 §4.5).
Expected<Lifetimes, std::string> read_lifetimes(const Attributes& attrs) {
  Lifetimes out;
  std::optional<std::uint64_t> type;
  for (const auto& a : attrs) {
    auto v = a.as_integer();
    if (a.type == p2attr::kSaLifeType) {
      if (!v || (*v != kLifeTypeSeconds && *v != kLifeTypeKilobytes))
        return unexpected(std::string("unknown SA life type"));
      type = v;
    } else if (a.type == p2attr::kSaLifeDuration) {
      if (!type) return unexpected(std::string("life duration without life type"));
      if (!v || *v == 0) return unexpected(std::string("life duration zero or too long"));
      auto& slot = *type == kLifeTypeSeconds ? out.seconds : out.kilobytes;
      if (slot) return unexpected(std::string("duplicate life duration"));
      slot = v;
      type.reset();
    }
  }
  return out;
}

}  // namespace

bool is_supported(const IpsecTransform& t) {
  bool key_ok = t.key_bits == 128 || t.key_bits == 192 || t.key_bits == 256;
  if (t.esp_id == kEspTransformAes)
    return key_ok && (t.integrity == EspIntegrity::HmacSha1 ||
                      t.integrity == EspIntegrity::HmacSha256);
  if (t.esp_id == kEspTransformAesGcm16)
    return (t.key_bits == 128 || t.key_bits == 256) && t.integrity == EspIntegrity::None;
  return false;
}

std::string to_string(const IpsecTransform& t) {
  std::string s = t.esp_id == kEspTransformAesGcm16 ? "esp-gcm" : "esp-aes";
  s += " " + std::to_string(t.key_bits);
  if (t.integrity == EspIntegrity::HmacSha1) s += " esp-sha-hmac";
  if (t.integrity == EspIntegrity::HmacSha256) s += " esp-sha256-hmac";
  return s;
}

std::size_t encryption_key_size(const IpsecTransform& t) {
  // RFC 4106 §8.1: the GCM key is followed by a 4-byte salt in KEYMAT.
  return t.key_bits / 8 + (t.esp_id == kEspTransformAesGcm16 ? 4 : 0);
}

std::size_t integrity_key_size(const IpsecTransform& t) {
  switch (t.integrity) {
    case EspIntegrity::HmacSha1: return 20;    // RFC 2404 §3
    case EspIntegrity::HmacSha256: return 32;  // RFC 4868 §2.1.1
    case EspIntegrity::None: break;
  }
  return 0;
}

Expected<Phase2Proposal, std::string> parse_esp_transform(const Transform& t) {
  Phase2Proposal p;
  p.transform.esp_id = t.id;
  p.transform.integrity = EspIntegrity::None;
  std::optional<std::uint64_t> key_bits;
  bool have_encap = false;
  std::vector<std::uint16_t> seen;
  for (const auto& a : t.attributes) {
    if (a.type != p2attr::kSaLifeType && a.type != p2attr::kSaLifeDuration &&
        std::find(seen.begin(), seen.end(), a.type) != seen.end())
      return unexpected("duplicate attribute " + std::to_string(a.type));
    seen.push_back(a.type);
    auto v = a.as_integer();
    if (!v) return unexpected("attribute " + std::to_string(a.type) + " value too long");
    switch (a.type) {
      case p2attr::kSaLifeType:
      case p2attr::kSaLifeDuration: break;  // read_lifetimes below
      case p2attr::kGroupDescription: {
        auto g = static_cast<crypto::DhGroup>(*v);
        if (!crypto::is_supported(g)) return unexpected("PFS group " + std::to_string(*v));
        p.group = g;
        break;
      }
      case p2attr::kEncapsulationMode:
        if (!is_tunnel(static_cast<std::uint16_t>(*v)) || *v > 0xffff)
          return unexpected("encapsulation mode " + std::to_string(*v) + " is not tunnel");
        p.encapsulation = static_cast<std::uint16_t>(*v);
        have_encap = true;
        break;
      case p2attr::kAuthenticationAlgorithm:
        if (*v != 2 && *v != 5) return unexpected("authentication algorithm " + std::to_string(*v));
        p.transform.integrity = static_cast<EspIntegrity>(*v);
        break;
      case p2attr::kKeyLength: key_bits = v; break;
      default: return unexpected("unsupported attribute " + std::to_string(a.type));
    }
  }
  // RFC 2407 §4.5: encapsulation mode defaults to unspecified, which IOS treats as
  // tunnel only when it says so; havpnc does tunnel only, so it must be explicit.
  if (!have_encap) return unexpected(std::string("no encapsulation mode"));
  if (!key_bits) return unexpected(std::string("AES without key length"));
  p.transform.key_bits = static_cast<std::uint16_t>(std::min<std::uint64_t>(*key_bits, 0xffff));
  if (!is_supported(p.transform))
    return unexpected("ESP transform " + std::to_string(t.id) + " " + to_string(p.transform));
  auto life = read_lifetimes(t.attributes);
  if (!life) return unexpected(life.error());
  if (life->seconds) {
    if (*life->seconds > 0xffffffffULL) return unexpected(std::string("lifetime too long"));
    p.lifetime_seconds = static_cast<std::uint32_t>(*life->seconds);
  }
  if (life->kilobytes) p.lifetime_kilobytes = *life->kilobytes;
  return p;
}

Transform build_esp_transform(const Phase2Policy& policy, const IpsecTransform& t,
                              std::uint8_t number) {
  Transform out;
  out.number = number;
  out.id = t.esp_id;
  put_lifetimes(out.attributes, policy.lifetime_seconds, policy.lifetime_kilobytes);
  if (policy.pfs)
    out.attributes.push_back(
        Attribute::tv(p2attr::kGroupDescription, static_cast<std::uint16_t>(*policy.pfs)));
  out.attributes.push_back(Attribute::tv(p2attr::kEncapsulationMode, policy.encapsulation));
  if (t.integrity != EspIntegrity::None)
    out.attributes.push_back(Attribute::tv(p2attr::kAuthenticationAlgorithm,
                                           static_cast<std::uint16_t>(t.integrity)));
  out.attributes.push_back(Attribute::tv(p2attr::kKeyLength, t.key_bits));
  return out;
}

SaPayload build_phase2_sa(const Phase2Policy& policy, std::uint32_t spi) {
  Proposal p;
  p.number = 1;
  p.protocol = static_cast<std::uint8_t>(ProtocolId::Esp);
  p.spi = spi_bytes(spi);
  std::uint8_t n = 1;
  for (const auto& t : policy.transform_sets) {
    if (n == 0xff) break;
    p.transforms.push_back(build_esp_transform(policy, t, n++));
  }
  SaPayload sa;
  sa.proposals.push_back(std::move(p));
  return sa;
}

bool encapsulation_matches(std::uint16_t ours, std::uint16_t offered) {
  if (ours == kEncapsulationUdpTunnel || ours == kEncapsulationUdpTunnelDraft)
    return offered == kEncapsulationUdpTunnel || offered == kEncapsulationUdpTunnelDraft;
  return offered == ours;
}

Expected<Phase2Selection, std::string> select_phase2(const Phase2Policy& policy,
                                                     const SaPayload& offer) {
  std::string why;
  for (const auto& local : policy.transform_sets) {
    for (const auto& prop : offer.proposals) {
      if (prop.protocol != static_cast<std::uint8_t>(ProtocolId::Esp) || prop.spi.size() != 4)
        continue;
      for (const auto& t : prop.transforms) {
        auto parsed = parse_esp_transform(t);
        if (!parsed) {
          if (why.find("transform " + std::to_string(t.number) + ":") == std::string::npos)
            why += " transform " + std::to_string(t.number) + ": " + parsed.error() + ";";
          continue;
        }
        if (!same_suite(local, *parsed)) continue;
        if (!encapsulation_matches(policy.encapsulation, parsed->encapsulation)) {
          why += " " + to_string(local) + ": encapsulation " +
                 std::to_string(parsed->encapsulation) + " offered, " +
                 std::to_string(policy.encapsulation) + " required;";
          continue;
        }
        if (policy.pfs && parsed->group != policy.pfs) {
          why += " " + to_string(local) + ": PFS " +
                 (parsed->group ? crypto::to_string(*parsed->group) : std::string("none")) +
                 " offered, " + crypto::to_string(*policy.pfs) + " required;";
          continue;
        }
        Phase2Selection sel;
        sel.proposal = *parsed;
        sel.transform = t;
        sel.proposal_number = prop.number;
        sel.peer_spi = spi_value(prop.spi);
        if (policy.lifetime_seconds != 0 && sel.proposal.lifetime_seconds > policy.lifetime_seconds) {
          sel.proposal.lifetime_seconds = policy.lifetime_seconds;
          sel.lifetime_reduced = true;
        }
        if (policy.lifetime_kilobytes != 0 &&
            (sel.proposal.lifetime_kilobytes == 0 ||
             sel.proposal.lifetime_kilobytes > policy.lifetime_kilobytes)) {
          sel.proposal.lifetime_kilobytes = policy.lifetime_kilobytes;
          sel.lifetime_reduced = true;
        }
        return sel;
      }
    }
  }
  return unexpected("no transform set matches the offer;" + why);
}

SaPayload phase2_reply_sa(const Phase2Selection& selection, std::uint32_t spi) {
  Proposal p;
  p.number = selection.proposal_number;
  p.protocol = static_cast<std::uint8_t>(ProtocolId::Esp);
  p.spi = spi_bytes(spi);
  p.transforms.push_back(selection.transform);
  SaPayload sa;
  sa.proposals.push_back(std::move(p));
  return sa;
}

Expected<Phase2Reply, std::string> accept_phase2_reply(const Phase2Policy& policy,
                                                       const SaPayload& reply) {
  if (reply.proposals.size() != 1 || reply.proposals[0].transforms.size() != 1)
    return unexpected(std::string("reply must carry one proposal with one transform"));
  const Proposal& prop = reply.proposals[0];
  if (prop.protocol != static_cast<std::uint8_t>(ProtocolId::Esp) || prop.spi.size() != 4)
    return unexpected(std::string("reply proposal is not ESP with a 4-byte SPI"));
  auto parsed = parse_esp_transform(prop.transforms[0]);
  if (!parsed) return unexpected("reply transform: " + parsed.error());
  if (std::find(policy.transform_sets.begin(), policy.transform_sets.end(),
                parsed->transform) == policy.transform_sets.end())
    return unexpected("reply transform " + to_string(parsed->transform) + " was not offered");
  if (!encapsulation_matches(policy.encapsulation, parsed->encapsulation))
    return unexpected("reply encapsulation " + std::to_string(parsed->encapsulation) +
                      " differs from the offer");
  if (parsed->group != policy.pfs)
    return unexpected(std::string("reply PFS group differs from the offer"));
  if (parsed->lifetime_seconds > policy.lifetime_seconds && policy.lifetime_seconds != 0)
    return unexpected(std::string("reply lifetime longer than offered"));
  return Phase2Reply{*parsed, spi_value(prop.spi)};
}

NotificationPayload responder_lifetime_notify(std::uint32_t spi, std::uint32_t seconds,
                                              std::uint64_t kilobytes) {
  NotificationPayload n;
  n.protocol = static_cast<std::uint8_t>(ProtocolId::Esp);
  n.type = static_cast<std::uint16_t>(NotifyType::ResponderLifetime);
  n.spi = spi_bytes(spi);
  Attributes attrs;
  put_lifetimes(attrs, seconds, kilobytes);
  ByteWriter w;
  encode_attributes(attrs, w);
  n.data = w.take();
  return n;
}

std::optional<ResponderLifetime> parse_responder_lifetime(const NotificationPayload& n) {
  if (n.type != static_cast<std::uint16_t>(NotifyType::ResponderLifetime)) return std::nullopt;
  auto attrs = decode_attributes(n.data, 0);
  if (!attrs) return std::nullopt;
  auto life = read_lifetimes(*attrs);
  if (!life) return std::nullopt;
  ResponderLifetime out;
  if (life->seconds) {
    if (*life->seconds > 0xffffffffULL) return std::nullopt;
    out.seconds = static_cast<std::uint32_t>(*life->seconds);
  }
  out.kilobytes = life->kilobytes;
  return out;
}

std::uint32_t spi_value(ByteView spi) {
  if (spi.size() != 4) return 0;
  return (std::uint32_t{spi[0]} << 24) | (std::uint32_t{spi[1]} << 16) |
         (std::uint32_t{spi[2]} << 8) | spi[3];
}

Bytes spi_bytes(std::uint32_t spi) {
  return {static_cast<std::uint8_t>(spi >> 24), static_cast<std::uint8_t>(spi >> 16),
          static_cast<std::uint8_t>(spi >> 8), static_cast<std::uint8_t>(spi)};
}

}  // namespace havpnc::ike
