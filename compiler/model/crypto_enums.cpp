#include "compiler/model/crypto_enums.h"

#include <array>
#include <utility>

namespace havpnc::model {

std::optional<IkeCipher> ike_cipher_from(std::string_view word, std::optional<unsigned> key_bits) {
  if (word == "des") return key_bits ? std::nullopt : std::optional(IkeCipher::Des);
  if (word == "3des") return key_bits ? std::nullopt : std::optional(IkeCipher::TripleDes);
  if (word == "aes") {
    // IOS: `encryption aes` alone is AES-128.
    switch (key_bits.value_or(128)) {
      case 128: return IkeCipher::Aes128;
      case 192: return IkeCipher::Aes192;
      case 256: return IkeCipher::Aes256;
      default: return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<IkeHash> ike_hash_from(std::string_view word) {
  if (word == "md5") return IkeHash::Md5;
  if (word == "sha") return IkeHash::Sha1;
  if (word == "sha256") return IkeHash::Sha256;
  if (word == "sha384") return IkeHash::Sha384;
  if (word == "sha512") return IkeHash::Sha512;
  return std::nullopt;
}

std::optional<IkeAuth> ike_auth_from(std::string_view word) {
  if (word == "pre-share") return IkeAuth::PreShare;
  if (word == "rsa-sig") return IkeAuth::RsaSig;
  if (word == "rsa-encr") return IkeAuth::RsaEncr;
  if (word == "ecdsa-sig") return IkeAuth::EcdsaSig;
  return std::nullopt;
}

std::optional<DhGroup> dh_group_from(unsigned number) {
  switch (number) {
    case 1: case 2: case 5: case 14: case 15: case 16: case 19: case 20: case 21: case 24:
      return static_cast<DhGroup>(number);
    default:
      return std::nullopt;
  }
}

std::optional<DhGroup> pfs_group_from(std::string_view word) {
  if (!word.starts_with("group") || word.size() < 6 || word.size() > 7) return std::nullopt;
  unsigned n = 0;
  for (char c : word.substr(5)) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<unsigned>(c - '0');
  }
  return dh_group_from(n);
}

namespace {

struct CipherSpelling {
  std::string_view word;
  EspCipher k128, k192, k256, plain;
};

constexpr std::array<CipherSpelling, 6> kCiphers = {{
    {"esp-aes", EspCipher::Aes128, EspCipher::Aes192, EspCipher::Aes256, EspCipher::Aes128},
    {"esp-gcm", EspCipher::Gcm128, EspCipher::Gcm192, EspCipher::Gcm256, EspCipher::Gcm128},
    {"esp-gmac", EspCipher::Gmac128, EspCipher::Gmac192, EspCipher::Gmac256, EspCipher::Gmac128},
    {"esp-des", EspCipher::None, EspCipher::None, EspCipher::None, EspCipher::Des},
    {"esp-3des", EspCipher::None, EspCipher::None, EspCipher::None, EspCipher::TripleDes},
    {"esp-null", EspCipher::None, EspCipher::None, EspCipher::None, EspCipher::Null},
}};

constexpr std::array<std::pair<std::string_view, EspIntegrity>, 5> kEspHmacs = {{
    {"esp-md5-hmac", EspIntegrity::Md5},
    {"esp-sha-hmac", EspIntegrity::Sha1},
    {"esp-sha256-hmac", EspIntegrity::Sha256},
    {"esp-sha384-hmac", EspIntegrity::Sha384},
    {"esp-sha512-hmac", EspIntegrity::Sha512},
}};

constexpr std::array<std::pair<std::string_view, EspIntegrity>, 3> kAhHmacs = {{
    {"ah-md5-hmac", EspIntegrity::Md5},
    {"ah-sha-hmac", EspIntegrity::Sha1},
    {"ah-sha256-hmac", EspIntegrity::Sha256},
}};

}  // namespace

bool transform_takes_key_size(std::string_view word) {
  return word == "esp-aes" || word == "esp-gcm" || word == "esp-gmac";
}

std::optional<Transform> transform_from(std::string_view word, std::optional<unsigned> key_bits) {
  for (const auto& c : kCiphers) {
    if (word != c.word) continue;
    Transform t;
    t.kind = TransformKind::EspCipher;
    if (!key_bits) {
      t.cipher = c.plain;
      t.ios_name = std::string(word);
    } else {
      if (!transform_takes_key_size(word)) return std::nullopt;
      switch (*key_bits) {
        case 128: t.cipher = c.k128; break;
        case 192: t.cipher = c.k192; break;
        case 256: t.cipher = c.k256; break;
        default: return std::nullopt;
      }
      t.ios_name = std::string(word) + " " + std::to_string(*key_bits);
    }
    return t;
  }
  if (key_bits) return std::nullopt;
  for (const auto& [name, integrity] : kEspHmacs) {
    if (word == name) return Transform{TransformKind::EspIntegrity, EspCipher::None, integrity, std::string(word)};
  }
  for (const auto& [name, integrity] : kAhHmacs) {
    if (word == name) return Transform{TransformKind::Ah, EspCipher::None, integrity, std::string(word)};
  }
  if (word == "esp-seal") return Transform{TransformKind::EspCipher, EspCipher::Seal, EspIntegrity::None, "esp-seal"};
  if (word == "comp-lzs") return Transform{TransformKind::Compression, EspCipher::None, EspIntegrity::None, "comp-lzs"};
  return std::nullopt;
}

std::string to_string(IkeCipher c) {
  switch (c) {
    case IkeCipher::Des: return "des";
    case IkeCipher::TripleDes: return "3des";
    case IkeCipher::Aes128: return "aes";
    case IkeCipher::Aes192: return "aes 192";
    case IkeCipher::Aes256: return "aes 256";
  }
  return "?";
}

std::string to_string(IkeHash h) {
  switch (h) {
    case IkeHash::Md5: return "md5";
    case IkeHash::Sha1: return "sha";
    case IkeHash::Sha256: return "sha256";
    case IkeHash::Sha384: return "sha384";
    case IkeHash::Sha512: return "sha512";
  }
  return "?";
}

std::string to_string(IkeAuth a) {
  switch (a) {
    case IkeAuth::PreShare: return "pre-share";
    case IkeAuth::RsaSig: return "rsa-sig";
    case IkeAuth::RsaEncr: return "rsa-encr";
    case IkeAuth::EcdsaSig: return "ecdsa-sig";
  }
  return "?";
}

std::string to_string(DhGroup g) { return "group" + std::to_string(static_cast<int>(g)); }

std::string to_string(EspCipher c) {
  switch (c) {
    case EspCipher::None: return "none";
    case EspCipher::Des: return "des";
    case EspCipher::TripleDes: return "3des";
    case EspCipher::Aes128: return "aes-128";
    case EspCipher::Aes192: return "aes-192";
    case EspCipher::Aes256: return "aes-256";
    case EspCipher::Gcm128: return "aes-gcm-128";
    case EspCipher::Gcm192: return "aes-gcm-192";
    case EspCipher::Gcm256: return "aes-gcm-256";
    case EspCipher::Gmac128: return "aes-gmac-128";
    case EspCipher::Gmac192: return "aes-gmac-192";
    case EspCipher::Gmac256: return "aes-gmac-256";
    case EspCipher::Null: return "null";
    case EspCipher::Seal: return "seal";
  }
  return "?";
}

std::string to_string(EspIntegrity i) {
  switch (i) {
    case EspIntegrity::None: return "none";
    case EspIntegrity::Md5: return "hmac-md5-96";
    case EspIntegrity::Sha1: return "hmac-sha1-96";
    case EspIntegrity::Sha256: return "hmac-sha256-128";
    case EspIntegrity::Sha384: return "hmac-sha384-192";
    case EspIntegrity::Sha512: return "hmac-sha512-256";
  }
  return "?";
}

bool is_weak(IkeCipher c) { return c == IkeCipher::Des || c == IkeCipher::TripleDes; }
bool is_weak(IkeHash h) { return h == IkeHash::Md5; }
bool is_weak(DhGroup g) { return g == DhGroup::G1 || g == DhGroup::G2 || g == DhGroup::G5; }
bool is_weak(const Transform& t) {
  return t.cipher == EspCipher::Des || t.cipher == EspCipher::TripleDes ||
         t.cipher == EspCipher::Null || t.integrity == EspIntegrity::Md5;
}

}  // namespace havpnc::model
