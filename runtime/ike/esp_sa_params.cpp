#include "runtime/ike/esp_sa_params.h"

namespace havpnc::ike {

namespace {

std::optional<esp::Transform> esp_transform(const IpsecTransform& t) {
  using esp::Transform;
  if (t.esp_id == kEspTransformAesGcm16 && t.integrity == EspIntegrity::None) {
    if (t.key_bits == 128) return Transform::AesGcm128;
    if (t.key_bits == 256) return Transform::AesGcm256;
    return std::nullopt;
  }
  if (t.esp_id != kEspTransformAes) return std::nullopt;
  bool sha1 = t.integrity == EspIntegrity::HmacSha1;
  bool sha256 = t.integrity == EspIntegrity::HmacSha256;
  if (!sha1 && !sha256) return std::nullopt;
  switch (t.key_bits) {
    case 128: return sha1 ? Transform::AesCbc128HmacSha1 : Transform::AesCbc128HmacSha256;
    case 192: return sha1 ? Transform::AesCbc192HmacSha1 : Transform::AesCbc192HmacSha256;
    case 256: return sha1 ? Transform::AesCbc256HmacSha1 : Transform::AesCbc256HmacSha256;
    default: return std::nullopt;
  }
}

esp::Ipv4Address address(const Ipv4& a) {
  return esp::Ipv4Address{(std::uint32_t{a[0]} << 24) | (std::uint32_t{a[1]} << 16) |
                          (std::uint32_t{a[2]} << 8) | a[3]};
}

}  // namespace

Expected<EspSaPair, std::string> esp_sa_params(const ChildSa& child) {
  auto transform = esp_transform(child.transform);
  if (!transform) return unexpected("ESP data plane has no " + to_string(child.transform));
  esp::LifetimeLimits life;
  life.seconds = std::chrono::seconds(child.lifetime_seconds);
  life.kilobytes = child.lifetime_kilobytes;

  EspSaPair pair;
  esp::SaParams& in = pair.inbound;
  in.spi = child.inbound_spi;
  in.direction = esp::Direction::Inbound;
  in.transform = *transform;
  in.cipher_key = child.inbound_encryption_key;
  in.integrity_key = child.inbound_integrity_key;
  in.tunnel_source = address(child.remote.address);
  in.tunnel_destination = address(child.local.address);
  in.lifetime = life;

  esp::SaParams& out = pair.outbound;
  out.spi = child.outbound_spi;
  out.direction = esp::Direction::Outbound;
  out.transform = *transform;
  out.cipher_key = child.outbound_encryption_key;
  out.integrity_key = child.outbound_integrity_key;
  out.tunnel_source = address(child.local.address);
  out.tunnel_destination = address(child.remote.address);
  out.lifetime = life;
  return pair;
}

}  // namespace havpnc::ike
