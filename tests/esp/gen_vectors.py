#!/usr/bin/python3
"""Independent known-answer vectors for esp_test, and fuzz seeds.

CBC packets are built with the openssl command line (enc -nopad, dgst -mac HMAC), GCM packets
with python3-cryptography's AESGCM; none of havpnc's code is involved. Run from this folder:
  /usr/bin/python3 gen_vectors.py        # prints the hex embedded in kat_test.cpp, writes seeds/
"""
import subprocess, struct, pathlib

def sh(args, data):
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout

def cbc(key, iv, plain):
    bits = len(key) * 8
    return sh(["openssl", "enc", f"-aes-{bits}-cbc", "-K", key.hex(), "-iv", iv.hex(), "-nopad"], plain)

def hmac(alg, key, data):
    out = sh(["openssl", "dgst", f"-{alg}", "-mac", "HMAC", "-macopt", f"hexkey:{key.hex()}", "-binary"], data)
    return out

def trailer(inner_len, align):
    pad = (align - (inner_len + 2) % align) % align
    return bytes(range(1, pad + 1)) + bytes([pad, 4])

INNER = bytes.fromhex(
    "4500003c1c4640004001b1e5060602020606920408004d0a00010001"
    "6162636465666768696a6b6c6d6e6f7071727374757677616263646566676869")
SPI = 0x00004321

def esp_cbc(key, ikey, alg, icv_len, seq, iv):
    hdr = struct.pack(">II", SPI, seq)
    ct = cbc(key, iv, INNER + trailer(len(INNER), 16))
    icv = hmac(alg, ikey, hdr + iv + ct)[:icv_len]
    return hdr + iv + ct + icv

def esp_gcm(key, salt, seq):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    hdr = struct.pack(">II", SPI, seq)
    iv = struct.pack(">Q", seq)
    sealed = AESGCM(key).encrypt(salt + iv, INNER + trailer(len(INNER), 4), hdr)
    return hdr + iv + sealed

K128 = bytes(range(0x10, 0x20))
K256 = bytes(range(0x20, 0x40))
HK1 = bytes(range(0x40, 0x54))
HK256 = bytes(range(0x60, 0x80))
SALT = bytes.fromhex("cafebabe")
IV1 = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
IV2 = bytes.fromhex("f0e0d0c0b0a090807060504030201000")

vectors = {
    "cbc128_sha1_seq1": esp_cbc(K128, HK1, "sha1", 12, 1, IV1),
    "cbc128_sha1_seq2": esp_cbc(K128, HK1, "sha1", 12, 2, IV2),
    "cbc256_sha256_seq1": esp_cbc(K256, HK256, "sha256", 16, 1, IV1),
    "gcm128_seq1": esp_gcm(K128, SALT, 1),
    "gcm256_seq7": esp_gcm(K256, SALT, 7),
}
print("inner", INNER.hex())
for name, pkt in vectors.items():
    print(name, len(pkt), pkt.hex())

seeds = pathlib.Path(__file__).with_name("seeds")
seeds.mkdir(exist_ok=True)
for name, pkt in vectors.items():
    (seeds / f"{name}.bin").write_bytes(pkt)
(seeds / "too_short.bin").write_bytes(struct.pack(">I", SPI))
(seeds / "unknown_spi.bin").write_bytes(struct.pack(">II", 0x9999, 1) + bytes(40))
