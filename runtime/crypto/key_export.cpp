#include "runtime/crypto/key_export.h"

#include <cstdio>

namespace havpnc::crypto {

namespace {

std::string hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  s.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    s += kDigits[b >> 4];
    s += kDigits[b & 0x0F];
  }
  return s;
}

std::string spi_text(std::uint32_t spi) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", spi);
  return buf;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string record(const ike::Endpoint& from, const ike::Endpoint& to, std::uint32_t spi,
                   const ike::IpsecTransform& t, const Secret& encryption, const Secret& integrity) {
  const std::string auth = wireshark_authentication_name(t);
  // GCM has no separate integrity key: Wireshark's "NULL" authentication and an empty key.
  const std::string auth_key = integrity.empty() ? std::string() : "0x" + hex(integrity.bytes());
  return quoted("IPv4") + "," + quoted(ike::to_string(from.address)) + "," +
         quoted(ike::to_string(to.address)) + "," + quoted(spi_text(spi)) + "," +
         quoted(wireshark_encryption_name(t)) + "," + quoted("0x" + hex(encryption.bytes())) + "," +
         quoted(auth) + "," + quoted(auth_key);
}

}  // namespace

std::string wireshark_encryption_name(const ike::IpsecTransform& t) {
  if (t.esp_id == ike::kEspTransformAes) return "AES-CBC [RFC3602]";  // key length from the key
  // RFC 4106: the key Wireshark wants is the AES key followed by the 4-byte salt, as KEYMAT.
  if (t.esp_id == ike::kEspTransformAesGcm16) return "AES-GCM with 16 octet ICV [RFC4106]";
  if (t.esp_id == ike::kEspTransform3Des) return "TripleDES-CBC [RFC2451]";
  return {};
}

std::string wireshark_authentication_name(const ike::IpsecTransform& t) {
  switch (t.integrity) {
    case ike::EspIntegrity::HmacSha1: return "HMAC-SHA-1-96 [RFC2404]";
    case ike::EspIntegrity::HmacSha256: return "HMAC-SHA-256-128 [RFC4868]";
    case ike::EspIntegrity::None: return "NULL";
  }
  return {};
}

std::vector<std::string> esp_sa_records(const ike::ChildSa& child) {
  if (wireshark_encryption_name(child.transform).empty()) return {};
  return {record(child.local, child.remote, child.outbound_spi, child.transform,
                 child.outbound_encryption_key, child.outbound_integrity_key),
          record(child.remote, child.local, child.inbound_spi, child.transform,
                 child.inbound_encryption_key, child.inbound_integrity_key)};
}

std::string ikev1_decryption_record(const ike::IkeSa& sa) {
  if (sa.encryption_key.empty()) return {};
  return hex(sa.initiator_cookie) + "," + hex(sa.encryption_key.bytes());
}

std::vector<std::string> export_lines_for_ike_sa(const ike::IkeSa& sa) {
  std::string r = ikev1_decryption_record(sa);
  if (r.empty()) return {};
  return {"# ikev1_decryption_table: ISAKMP SA " + ike::to_string(sa.local.address) + " <-> " +
              ike::to_string(sa.remote.address),
          std::move(r)};
}

std::vector<std::string> export_lines_for_ike_sa_deleted(const ike::Cookie& initiator) {
  return {"# ISAKMP SA " + hex(initiator) + " deleted"};
}

std::vector<std::string> export_lines_for_ipsec_sa(const ike::ChildSa& child) {
  std::vector<std::string> records = esp_sa_records(child);
  if (records.empty())
    return {"# esp_sa: IPsec SA " + spi_text(child.inbound_spi) + "/" + spi_text(child.outbound_spi) +
            " has a transform Wireshark cannot decrypt"};
  std::vector<std::string> out{"# esp_sa: IPsec SA " + ike::to_string(child.local.address) +
                               " <-> " + ike::to_string(child.remote.address) + " (ISAKMP SA " +
                               hex(child.initiator_cookie) + ")"};
  for (auto& r : records) out.push_back(std::move(r));
  return out;
}

std::vector<std::string> export_lines_for_ipsec_sa_removed(std::uint32_t inbound_spi,
                                                           std::uint32_t outbound_spi) {
  return {"# IPsec SA " + spi_text(inbound_spi) + "/" + spi_text(outbound_spi) + " removed"};
}

}  // namespace havpnc::crypto
