// HSRP codec: golden bytes written by hand from the layouts (RFC 2281 §5.1; Wireshark
// packet-hsrp.c for v2), round trips, and hostile input.
#include <gtest/gtest.h>

#include <random>

#include "runtime/hsrp/packet.h"
#include "runtime/hsrp/virtual_mac.h"
#include "tests/hsrp/test_util.h"

namespace havpnc::hsrp {
namespace {

using test::hex;

// The seed's R10 as Active of group 2, VIP 6.6.156.100, default timers, priority 100, and
// the RFC's default text authentication "cisco".
const char* kV1ActiveHello =
    "00"                       // version 0 (RFC 2281)
    "00"                       // op code 0 Hello
    "10"                       // state 16 Active
    "03"                       // hellotime 3 s
    "0a"                       // holdtime 10 s
    "64"                       // priority 100
    "02"                       // group 2
    "00"                       // reserved
    "63 69 73 63 6f 00 00 00"  // authentication data "cisco"
    "06 06 9c 64";             // virtual IP 6.6.156.100

const char* kV2ActiveHello =
    "01 28"              // Group State TLV: type 1, length 40
    "02"                 // HSRP version 2
    "00"                 // op code Hello
    "06"                 // state 6 Active (v2 numbering)
    "04"                 // IP version 4
    "00 02"              // group 2
    "02 00 00 00 00 0a"  // identifier: the sender's MAC
    "00 00 00 64"        // priority 100
    "00 00 0b b8"        // hello 3000 ms
    "00 00 27 10"        // hold 10000 ms
    "06 06 9c 64 00 00 00 00 00 00 00 00 00 00 00 00"  // virtual IP, 16 octets
    "03 08"              // Text Authentication TLV: type 3, length 8
    "63 69 73 63 6f 00 00 00";  // "cisco"

Packet v1_active() {
  Packet p;
  p.version = Version::V1;
  p.opcode = Opcode::Hello;
  p.state = State::Active;
  p.hello_ms = 3000;
  p.hold_ms = 10000;
  p.priority = 100;
  p.group = 2;
  p.virtual_ip = 0x06069c64;
  p.text_auth = TextAuth{{'c', 'i', 's', 'c', 'o', 0, 0, 0}};
  return p;
}

Packet v2_active() {
  Packet p = v1_active();
  p.version = Version::V2;
  p.identifier = MacAddress{{0x02, 0, 0, 0, 0, 0x0a}};
  return p;
}

TEST(HsrpCodec, V1GoldenEncode) { EXPECT_EQ(encode(v1_active()), hex(kV1ActiveHello)); }

TEST(HsrpCodec, V1GoldenDecode) {
  const auto r = decode_v1(hex(kV1ActiveHello));
  ASSERT_TRUE(r.packet);
  EXPECT_EQ(*r.packet, v1_active());
}

TEST(HsrpCodec, V2GoldenEncode) { EXPECT_EQ(encode(v2_active()), hex(kV2ActiveHello)); }

TEST(HsrpCodec, V2GoldenDecode) {
  const auto r = decode_v2(hex(kV2ActiveHello));
  ASSERT_TRUE(r.packet);
  EXPECT_EQ(*r.packet, v2_active());
}

TEST(HsrpCodec, RoundTripEveryOpcodeAndState) {
  for (auto version : {Version::V1, Version::V2}) {
    for (auto op : {Opcode::Hello, Opcode::Coup, Opcode::Resign}) {
      for (auto st : {State::Initial, State::Learn, State::Listen, State::Speak, State::Standby,
                      State::Active}) {
        Packet p = version == Version::V1 ? v1_active() : v2_active();
        p.opcode = op;
        p.state = st;
        p.group = version == Version::V1 ? 255 : 4095;
        p.priority = 255;
        const auto r = decode(version, encode(p));
        ASSERT_TRUE(r.packet) << decode_error_name(r.error);
        EXPECT_EQ(*r.packet, p);
      }
    }
  }
}

TEST(HsrpCodec, V2MillisecondTimersRoundTrip) {
  Packet p = v2_active();
  p.hello_ms = 200;
  p.hold_ms = 750;
  const auto r = decode_v2(encode(p));
  ASSERT_TRUE(r.packet);
  EXPECT_EQ(r.packet->hello_ms, 200u);
  EXPECT_EQ(r.packet->hold_ms, 750u);
}

// v1's octets carry whole seconds: msec timers go out as 0/0 ("not advertised"), never rounded
// into a hold time the sender does not use.
TEST(HsrpCodec, V1MillisecondTimersAreAdvertisedAsZero) {
  Packet p = v1_active();
  p.hello_ms = 100;
  p.hold_ms = 300;
  auto r = decode_v1(encode(p));
  ASSERT_TRUE(r.packet);
  EXPECT_EQ(r.packet->hello_ms, 0u);
  EXPECT_EQ(r.packet->hold_ms, 0u);
  p.hello_ms = 1000;
  p.hold_ms = 1500;  // one of the two not whole: rounding only the other would mislead as much
  r = decode_v1(encode(p));
  ASSERT_TRUE(r.packet);
  EXPECT_EQ(r.packet->hello_ms, 0u);
  EXPECT_EQ(r.packet->hold_ms, 0u);
  p.hold_ms = 4000;
  r = decode_v1(encode(p));
  ASSERT_TRUE(r.packet);
  EXPECT_EQ(r.packet->hello_ms, 1000u);
  EXPECT_EQ(r.packet->hold_ms, 4000u);
}

TEST(HsrpCodec, V1WithMd5TlvRoundTrip) {
  Packet p = v1_active();
  p.text_auth.reset();
  p.md5_auth = Md5Auth{1, 0, 0, 0x06069c0a, 7, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 0};
  const auto bytes = encode(p);
  ASSERT_EQ(bytes.size(), kV1HeaderSize + kMd5TlvSize);
  const auto r = decode_v1(bytes);
  ASSERT_TRUE(r.packet);
  EXPECT_EQ(*r.packet, p);
  EXPECT_EQ(r.packet->md5_auth->digest_offset, 34u);  // 20 header + 14 into the TLV
}

TEST(HsrpCodec, EveryTruncationIsRejected) {
  for (auto [version, golden] : {std::pair{Version::V1, kV1ActiveHello},
                                 std::pair{Version::V2, kV2ActiveHello}}) {
    const auto full = hex(golden);
    for (std::size_t n = 0; n < full.size(); ++n) {
      const std::vector<std::uint8_t> prefix(full.begin(), full.begin() + n);
      const auto r = decode(version, prefix);
      // A v2 message cut exactly after its Group State TLV is a valid message without
      // authentication; the receiver's authentication check rejects it, not the codec.
      if (version == Version::V2 && n == kGroupStateTlvSize) {
        EXPECT_TRUE(r.packet);
        EXPECT_FALSE(r.packet->text_auth);
        continue;
      }
      EXPECT_FALSE(r.packet) << "version " << int(version) << " length " << n;
    }
  }
}

TEST(HsrpCodec, V1LengthsOtherThan20Or50AreRejected) {
  auto bytes = hex(kV1ActiveHello);
  EXPECT_EQ(decode_v1(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 19)).error,
            DecodeError::Truncated);
  bytes.push_back(0);
  EXPECT_EQ(decode_v1(bytes).error, DecodeError::BadLength);
  bytes.resize(kV1HeaderSize + kMd5TlvSize + 1);
  EXPECT_EQ(decode_v1(bytes).error, DecodeError::BadLength);
}

TEST(HsrpCodec, V1FieldChecks) {
  auto bad = [](std::size_t offset, std::uint8_t value) {
    auto b = hex(kV1ActiveHello);
    b[offset] = value;
    return decode_v1(b).error;
  };
  EXPECT_EQ(bad(0, 1), DecodeError::BadVersion);
  EXPECT_EQ(bad(1, 3), DecodeError::BadOpcode);  // Cisco Advertise is not a group message
  EXPECT_EQ(bad(2, 3), DecodeError::BadState);   // v1 states are bit values
  EXPECT_EQ(bad(2, 32), DecodeError::BadState);
}

TEST(HsrpCodec, V1Md5TlvChecks) {
  Packet p = v1_active();
  p.md5_auth = Md5Auth{};
  p.text_auth.reset();
  const auto good = encode(p);
  auto wrong_type = good;
  wrong_type[20] = 3;
  EXPECT_EQ(decode_v1(wrong_type).error, DecodeError::UnknownTlv);
  auto wrong_length = good;
  wrong_length[21] = 27;
  EXPECT_EQ(decode_v1(wrong_length).error, DecodeError::BadLength);
  auto wrong_algorithm = good;
  wrong_algorithm[22] = 2;
  EXPECT_EQ(decode_v1(wrong_algorithm).error, DecodeError::BadField);
}

TEST(HsrpCodec, V2FieldChecks) {
  auto bad = [](std::size_t offset, std::uint8_t value) {
    auto b = hex(kV2ActiveHello);
    b[offset] = value;
    return decode_v2(b).error;
  };
  EXPECT_EQ(bad(2, 1), DecodeError::BadVersion);
  EXPECT_EQ(bad(3, 3), DecodeError::BadOpcode);
  EXPECT_EQ(bad(4, 0), DecodeError::BadState);  // Disabled is never sent
  EXPECT_EQ(bad(4, 7), DecodeError::BadState);
  EXPECT_EQ(bad(5, 6), DecodeError::BadField);  // IPv6 groups are not supported
  EXPECT_EQ(bad(6, 0x10), DecodeError::BadField);  // group 4098 > 4095
  EXPECT_EQ(bad(1, 39), DecodeError::BadLength);
  EXPECT_EQ(bad(1, 200), DecodeError::Truncated);  // length runs past the end
  EXPECT_EQ(bad(42, 9), DecodeError::UnknownTlv);
  EXPECT_EQ(bad(43, 7), DecodeError::BadLength);
}

TEST(HsrpCodec, V2StructureChecks) {
  const auto golden = hex(kV2ActiveHello);
  // Two Group State TLVs.
  auto twice = std::vector<std::uint8_t>(golden.begin(), golden.begin() + kGroupStateTlvSize);
  twice.insert(twice.end(), golden.begin(), golden.begin() + kGroupStateTlvSize);
  EXPECT_EQ(decode_v2(twice).error, DecodeError::DuplicateTlv);
  // Text and MD5 authentication together.
  auto both = golden;
  const auto md5 = hex("04 1c 01 00 0000 00000000 00000000 00000000000000000000000000000000");
  both.insert(both.end(), md5.begin(), md5.end());
  EXPECT_EQ(decode_v2(both).error, DecodeError::DuplicateTlv);
  // Authentication only.
  EXPECT_EQ(decode_v2(std::vector<std::uint8_t>(golden.begin() + kGroupStateTlvSize, golden.end())).error,
            DecodeError::MissingGroupState);
  // Empty.
  EXPECT_EQ(decode_v2(std::vector<std::uint8_t>{}).error, DecodeError::Truncated);
  // An Interface State TLV is length-checked and skipped.
  auto with_interface_state = golden;
  const auto ifs = hex("02 04 0001 0000");
  with_interface_state.insert(with_interface_state.end(), ifs.begin(), ifs.end());
  EXPECT_TRUE(decode_v2(with_interface_state).packet);
}

TEST(HsrpCodec, RandomGarbageNeverCrashesAndIsMostlyRejected) {
  std::mt19937 rng(2281);
  std::size_t accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::vector<std::uint8_t> b(rng() % 96);
    for (auto& x : b) x = static_cast<std::uint8_t>(rng());
    if (decode_v1(b).packet) ++accepted;
    if (decode_v2(b).packet) ++accepted;
  }
  EXPECT_LT(accepted, 40u);
}

TEST(HsrpCodec, MutatedGoldenPacketsNeverCrash) {
  std::mt19937 rng(1985);
  for (auto [version, golden] : {std::pair{Version::V1, kV1ActiveHello},
                                 std::pair{Version::V2, kV2ActiveHello}}) {
    const auto base = hex(golden);
    for (int i = 0; i < 20000; ++i) {
      auto b = base;
      b[rng() % b.size()] = static_cast<std::uint8_t>(rng());
      const auto r = decode(version, b);
      if (r.packet) {
        // Whatever decodes must re-encode to something that decodes to the same value.
        const auto again = decode(version, encode(*r.packet));
        ASSERT_TRUE(again.packet);
        EXPECT_EQ(*again.packet, *r.packet);
      }
    }
  }
}

TEST(HsrpVirtualMac, V1AndV2Ranges) {
  EXPECT_EQ(format_mac(virtual_mac(Version::V1, 2)), "0000.0c07.ac02");
  EXPECT_EQ(format_mac(virtual_mac(Version::V1, 255)), "0000.0c07.acff");
  EXPECT_EQ(format_mac(virtual_mac(Version::V2, 2)), "0000.0c9f.f002");
  EXPECT_EQ(format_mac(virtual_mac(Version::V2, 4095)), "0000.0c9f.ffff");
  EXPECT_EQ(format_mac(virtual_mac(Version::V2, 0x123)), "0000.0c9f.f123");
}

}  // namespace
}  // namespace havpnc::hsrp
