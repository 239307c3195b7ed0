#pragma once
// IOS crypto vocabulary as enums; the spelling functions accept exactly what IOS accepts in
// a running-config (and print what IOS prints), so a typo is a diagnostic, not a default.
#include <optional>
#include <string>
#include <string_view>

namespace havpnc::model {

enum class IkeCipher { Des, TripleDes, Aes128, Aes192, Aes256 };
enum class IkeHash { Md5, Sha1, Sha256, Sha384, Sha512 };
enum class IkeAuth { PreShare, RsaSig, RsaEncr, EcdsaSig };

// MODP 1, 2, 5, 14, 15, 16, 24 and ECP 19, 20, 21: the groups IOS offers for IKEv1 and PFS.
enum class DhGroup { G1 = 1, G2 = 2, G5 = 5, G14 = 14, G15 = 15, G16 = 16, G19 = 19, G20 = 20, G21 = 21, G24 = 24 };

enum class EspCipher { None, Des, TripleDes, Aes128, Aes192, Aes256, Gcm128, Gcm192, Gcm256, Gmac128, Gmac192, Gmac256, Null, Seal };
enum class EspIntegrity { None, Md5, Sha1, Sha256, Sha384, Sha512 };
enum class TransformKind { EspCipher, EspIntegrity, Ah, Compression };

// One word of a transform set (`esp-aes 256` is one transform with a key size).
struct Transform {
  TransformKind kind = TransformKind::EspCipher;
  EspCipher cipher = EspCipher::None;        // EspCipher
  EspIntegrity integrity = EspIntegrity::None;  // EspIntegrity and Ah
  std::string ios_name;                      // "esp-aes 256", "esp-sha-hmac", "ah-sha-hmac", "comp-lzs"
};

std::optional<IkeCipher> ike_cipher_from(std::string_view word, std::optional<unsigned> key_bits);
std::optional<IkeHash> ike_hash_from(std::string_view word);
std::optional<IkeAuth> ike_auth_from(std::string_view word);
std::optional<DhGroup> dh_group_from(unsigned number);
std::optional<DhGroup> pfs_group_from(std::string_view word);  // "group2"
// `esp-aes` may take a key size (128, 192, 256); nullopt for an unknown transform name.
std::optional<Transform> transform_from(std::string_view word, std::optional<unsigned> key_bits);
bool transform_takes_key_size(std::string_view word);

std::string to_string(IkeCipher);
std::string to_string(IkeHash);
std::string to_string(IkeAuth);
std::string to_string(DhGroup);  // "group2"
std::string to_string(EspCipher);
std::string to_string(EspIntegrity);

// Weak by today's standards (RFC 8247 for IKE, RFC 8221 for ESP): DES, 3DES, MD5, MODP < 2048.
bool is_weak(IkeCipher);
bool is_weak(IkeHash);
bool is_weak(DhGroup);
bool is_weak(const Transform&);

}  // namespace havpnc::model
