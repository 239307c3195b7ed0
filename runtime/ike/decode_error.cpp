#include "runtime/ike/decode_error.h"

namespace havpnc::ike {

std::string_view to_string(DecodeErrorCode c) {
  switch (c) {
    case DecodeErrorCode::Truncated: return "truncated";
    case DecodeErrorCode::BadLength: return "bad-length";
    case DecodeErrorCode::BadVersion: return "bad-version";
    case DecodeErrorCode::BadNesting: return "bad-nesting";
    case DecodeErrorCode::CountMismatch: return "count-mismatch";
    case DecodeErrorCode::TrailingData: return "trailing-data";
    case DecodeErrorCode::UnsupportedDoi: return "unsupported-doi";
    case DecodeErrorCode::UnsupportedSituation: return "unsupported-situation";
    case DecodeErrorCode::BadAttribute: return "bad-attribute";
    case DecodeErrorCode::BadIdentification: return "bad-identification";
    case DecodeErrorCode::Encrypted: return "encrypted";
  }
  return "unknown";
}

std::string DecodeError::describe() const {
  std::string where = payload == PayloadType::None ? std::string("ISAKMP header")
                                                   : std::string(to_string(payload)) + " payload";
  return "malformed " + where + " at offset " + std::to_string(offset) + " (" +
         std::string(to_string(code)) + "): " + text;
}

}  // namespace havpnc::ike
