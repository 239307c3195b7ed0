#pragma once
// IKEv1 key derivation and authentication hashes for pre-shared keys (RFC 2409 §5, §5.4,
// §5.5, Appendix B). Pure functions of their inputs: the tasks decide what to feed in, and
// the HA layer can re-derive or replicate the results. All "_b" inputs are payload bodies
// without the generic header, byte-exact as sent/received.
#include <cstdint>
#include <optional>

#include "runtime/core/secret.h"
#include "runtime/ike/bytes.h"
#include "runtime/ike/crypto/cipher.h"
#include "runtime/ike/crypto/hash.h"

namespace havpnc::ike::crypto {

struct Phase1Keys {
  Secret skeyid;
  Secret skeyid_d;  // derives IPsec KEYMAT (§5.5)
  Secret skeyid_a;  // authenticates phase-2 / informational messages
  Secret skeyid_e;  // source of the phase-1 encryption key
  Secret encryption_key;  // Ka, expanded from SKEYID_e as Appendix B requires
  Bytes initial_iv;       // hash(g^xi | g^xr) truncated to the cipher block (Appendix B)
};

struct Phase1Inputs {
  HashAlgorithm hash = HashAlgorithm::Sha1;
  Cipher cipher;
  const Secret* psk = nullptr;
  ByteView ni_b, nr_b;      // nonce bodies
  const Secret* gxy = nullptr;  // fixed-length shared secret
  ByteView gxi, gxr;        // KE bodies of initiator and responder
  ByteView cky_i, cky_r;    // 8-byte cookies
};

// SKEYID = prf(pre-shared-key, Ni_b | Nr_b)                        (§5, PSK auth)
Secret skeyid_pre_shared(HashAlgorithm h, const Secret& psk, ByteView ni_b, ByteView nr_b);

// SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0)
// SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1)
// SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2)     (§5)
Phase1Keys derive_phase1_keys(const Phase1Inputs& in);

// Appendix B: if the cipher needs more key than SKEYID_e holds, Ka = K1 | K2 | ...,
// K1 = prf(SKEYID_e, 0x00), Kn = prf(SKEYID_e, Kn-1); otherwise the first bytes of SKEYID_e.
Secret encryption_key_from_skeyid_e(HashAlgorithm h, const Secret& skeyid_e, std::size_t length);

// Appendix B: phase-1 IV = hash(g^xi | g^xr); phase-2 / informational IV for message ID M =
// hash(last phase-1 CBC block | M); both truncated to the cipher block size.
Bytes phase1_initial_iv(HashAlgorithm h, ByteView gxi, ByteView gxr, std::size_t block);
Bytes phase2_initial_iv(HashAlgorithm h, ByteView phase1_last_block, std::uint32_t message_id,
                        std::size_t block);

// §5: HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b)
//     HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b)
Bytes hash_i(HashAlgorithm h, const Secret& skeyid, ByteView gxi, ByteView gxr, ByteView cky_i,
             ByteView cky_r, ByteView sai_b, ByteView idii_b);
Bytes hash_r(HashAlgorithm h, const Secret& skeyid, ByteView gxi, ByteView gxr, ByteView cky_i,
             ByteView cky_r, ByteView sai_b, ByteView idir_b);

// §5.5: HASH(1) = prf(SKEYID_a, M-ID | everything after HASH)   (also RFC 2409 §5.7 for
//       informational exchanges); HASH(2) = prf(SKEYID_a, M-ID | Ni_b | everything after HASH);
//       HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b). "Everything after" = the payloads
//       with their generic headers.
Bytes quick_mode_hash1(HashAlgorithm h, const Secret& skeyid_a, std::uint32_t message_id,
                       ByteView after_hash);
Bytes quick_mode_hash2(HashAlgorithm h, const Secret& skeyid_a, std::uint32_t message_id,
                       ByteView ni_b, ByteView after_hash);
Bytes quick_mode_hash3(HashAlgorithm h, const Secret& skeyid_a, std::uint32_t message_id,
                       ByteView ni_b, ByteView nr_b);

// §5.5: KEYMAT = K1 | K2 | ..., K1 = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b),
// Kn = prf(SKEYID_d, Kn-1 | [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b). `spi` is the SPI the
// receiver of that SA chose; `pfs_gxy` is set only with PFS. Returns `length` bytes
// (encryption key first, then the integrity key).
Secret derive_keymat(HashAlgorithm h, const Secret& skeyid_d, const Secret* pfs_gxy,
                     std::uint8_t protocol, ByteView spi, ByteView ni_b, ByteView nr_b,
                     std::size_t length);

}  // namespace havpnc::ike::crypto
