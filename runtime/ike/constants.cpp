#include "runtime/ike/constants.h"

namespace havpnc::ike {

std::string_view to_string(ExchangeType t) {
  switch (t) {
    case ExchangeType::None: return "NONE";
    case ExchangeType::Base: return "BASE";
    case ExchangeType::IdentityProtection: return "MAIN_MODE";
    case ExchangeType::AuthenticationOnly: return "AUTH_ONLY";
    case ExchangeType::Aggressive: return "AGGRESSIVE";
    case ExchangeType::Informational: return "INFORMATIONAL";
    case ExchangeType::QuickMode: return "QUICK_MODE";
    case ExchangeType::NewGroupMode: return "NEW_GROUP_MODE";
  }
  return "UNKNOWN";
}

std::string_view to_string(PayloadType t) {
  switch (t) {
    case PayloadType::None: return "NONE";
    case PayloadType::SecurityAssociation: return "SA";
    case PayloadType::Proposal: return "PROPOSAL";
    case PayloadType::Transform: return "TRANSFORM";
    case PayloadType::KeyExchange: return "KE";
    case PayloadType::Identification: return "ID";
    case PayloadType::Certificate: return "CERT";
    case PayloadType::CertificateRequest: return "CERT_REQ";
    case PayloadType::Hash: return "HASH";
    case PayloadType::Signature: return "SIG";
    case PayloadType::Nonce: return "NONCE";
    case PayloadType::Notification: return "NOTIFY";
    case PayloadType::Delete: return "DELETE";
    case PayloadType::VendorId: return "VID";
    case PayloadType::NatDiscovery: return "NAT-D";
    case PayloadType::NatOriginalAddress: return "NAT-OA";
  }
  return "UNKNOWN";
}

}  // namespace havpnc::ike
