#include "runtime/sso/record_codec.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/sso/sample_records.h"

namespace havpnc::sso {
namespace {

using test::one_of_each;
using test::sample_ike_sa;
using test::sample_ipsec_sa;
using test::sample_udp_ipsec_sa;

TEST(RecordCodec, EveryTypeRoundTrips) {
  for (const Record& r : one_of_each()) {
    std::vector<std::uint8_t> bytes = encode(r);
    ASSERT_FALSE(bytes.empty()) << to_string(type_of(r.body));
    DecodeResult d = decode(bytes);
    ASSERT_TRUE(d.ok()) << to_string(type_of(r.body)) << ": " << to_string(d.error());
    EXPECT_TRUE(d.record() == r) << to_string(type_of(r.body));
    EXPECT_EQ(encode(d.record()), bytes);
  }
}

TEST(RecordCodec, HeaderLayout) {
  Record r{0x0102030405060708ull, PeerStatus{13}};
  std::vector<std::uint8_t> b = encode(r);
  ASSERT_EQ(b.size(), kRecordHeaderLen + 1);
  EXPECT_EQ(b[0], 0x53);
  EXPECT_EQ(b[1], 0x53);
  EXPECT_EQ(b[2], kRecordVersion);
  EXPECT_EQ(b[3], static_cast<std::uint8_t>(RecordType::PeerStatus));
  EXPECT_EQ((std::vector<std::uint8_t>(b.begin() + 4, b.begin() + 8)),
            (std::vector<std::uint8_t>{0, 0, 0, 1}));
  EXPECT_EQ(b[8], 0x01);
  EXPECT_EQ(b[15], 0x08);
  EXPECT_EQ(b[16], 13);
}

TEST(RecordCodec, EveryTruncationIsTooShortOrLengthMismatch) {
  DecodeCounters counters;
  for (const Record& r : one_of_each()) {
    std::vector<std::uint8_t> bytes = encode(r);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      DecodeResult d = decode(std::span(bytes).first(n), counters);
      ASSERT_FALSE(d.ok());
      EXPECT_TRUE(d.error() == DecodeError::TooShort || d.error() == DecodeError::LengthMismatch)
          << to_string(d.error());
    }
  }
  EXPECT_EQ(counters.decoded, 0u);
  EXPECT_GT(counters.count(DecodeError::TooShort), 0u);
  EXPECT_GT(counters.count(DecodeError::LengthMismatch), 0u);
}

// A body that claims fewer bytes than its fields need: the reader must stop at the body end.
TEST(RecordCodec, FieldsMayNotRunPastTheDeclaredBody) {
  std::vector<std::uint8_t> b = encode({1, IpsecSaAdd{sample_ipsec_sa()}});
  b.resize(b.size() - 3);
  b[7] = static_cast<std::uint8_t>(b[7] - 3);
  DecodeResult d = decode(b);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error(), DecodeError::TooShort);
}

TEST(RecordCodec, HeaderErrors) {
  std::vector<std::uint8_t> good = encode({1, PeerStatus{8}});
  DecodeCounters c;
  auto with = [&](std::size_t at, std::uint8_t v) {
    auto b = good;
    b[at] = v;
    return decode(b, c);
  };
  EXPECT_EQ(with(0, 0x54).error(), DecodeError::BadMagic);
  EXPECT_EQ(with(2, 1).error(), DecodeError::UnsupportedVersion);  // no NAT-T state: refused
  EXPECT_EQ(with(3, 0).error(), DecodeError::UnknownType);
  EXPECT_EQ(with(3, 10).error(), DecodeError::UnknownType);
  EXPECT_EQ(with(7, 2).error(), DecodeError::LengthMismatch);
  EXPECT_EQ(with(5, 1).error(), DecodeError::BodyTooLong);
  EXPECT_EQ(c.errors(), 6u);
  EXPECT_EQ(with(2, 3).error(), DecodeError::UnsupportedVersion);
  EXPECT_EQ(c.count(DecodeError::UnknownType), 2u);

  auto extra = good;
  extra.push_back(0);
  extra[7] = 2;
  EXPECT_EQ(decode(extra).error(), DecodeError::TrailingBytes);
}

TEST(RecordCodec, ValueChecks) {
  // RF state outside 1..13.
  std::vector<std::uint8_t> b = encode({1, PeerStatus{8}});
  b[16] = 14;
  EXPECT_EQ(decode(b).error(), DecodeError::BadValue);
  b[16] = 0;
  EXPECT_EQ(decode(b).error(), DecodeError::BadValue);
  EXPECT_TRUE(encode({1, PeerStatus{0}}).empty());

  // SPI 0 (RFC 4303 §2.1).
  std::vector<std::uint8_t> del = encode({1, IpsecSaDelete{{7, 9}}});
  del[16] = del[17] = del[18] = del[19] = 0;
  EXPECT_EQ(decode(del).error(), DecodeError::BadValue);
  EXPECT_TRUE(encode({1, IpsecSaDelete{{0, 9}}}).empty());

  // IKE role byte after the cookies.
  std::vector<std::uint8_t> ike = encode({1, IkeSaAdd{sample_ike_sa()}});
  ike[kRecordHeaderLen + 16] = 2;
  EXPECT_EQ(decode(ike).error(), DecodeError::BadValue);
}

TEST(RecordCodec, OversizedFieldsAreRefusedBothWays) {
  IkeSaRecord sa = sample_ike_sa();
  sa.skeyid_d = Secret(std::vector<std::uint8_t>(kMaxKeyLen + 1, 1));
  EXPECT_TRUE(encode({1, IkeSaAdd{sa}}).empty());
  sa = sample_ike_sa();
  sa.message_ids.assign(kMaxMessageIds + 1, 5);
  EXPECT_TRUE(encode({1, IkeSaAdd{sa}}).empty());
  sa = sample_ike_sa();
  sa.phase1_iv.assign(kMaxIvLen + 1, 5);
  EXPECT_TRUE(encode({1, IkeSaAdd{sa}}).empty());

  // On the wire: SKEYID_d's length byte raised above 64.
  std::vector<std::uint8_t> b = encode({1, IkeSaAdd{sample_ike_sa()}});
  const std::size_t skeyid_len_at = kRecordHeaderLen + 16 + 1 + 6 + 6 + 10 + 4 + 8;
  ASSERT_EQ(b[skeyid_len_at], 20);
  b[skeyid_len_at] = kMaxKeyLen + 1;
  EXPECT_EQ(decode(b).error(), DecodeError::FieldTooLong);
}

TEST(RecordCodec, EncodeAppendsAndLeavesOutputAloneOnFailure) {
  std::vector<std::uint8_t> out = {0xAA};
  ASSERT_TRUE(encode({1, PeerStatus{4}}, out));
  EXPECT_EQ(out.size(), 1 + kRecordHeaderLen + 1);
  const auto before = out;
  IpsecSaRecord bad = sample_ipsec_sa();
  bad.key.inbound_spi = 0;
  EXPECT_FALSE(encode({2, IpsecSaAdd{bad}}, out));
  EXPECT_EQ(out, before);
}

// Version 2: the NAT-T state a strongSwan (or NATed) peer's tunnel needs on the new active.
TEST(RecordCodec, NatTStateRoundTrips) {
  const IkeSaRecord ike = sample_ike_sa(7);
  DecodeResult d = decode(encode({1, IkeSaUpdate{ike}}));
  ASSERT_TRUE(d.ok());
  const IkeSaRecord& got = std::get<IkeSaUpdate>(d.record().body).sa;
  EXPECT_TRUE(got.nat_t_floated);
  EXPECT_EQ(got.nat_t_local_port, 4500);
  EXPECT_EQ(got.nat_t_peer_port, 4507);
  EXPECT_TRUE(got.nat_traversal);
  EXPECT_TRUE(got.remote_behind_nat);
  EXPECT_FALSE(got.local_behind_nat);

  DecodeResult e = decode(encode({2, IpsecSaAdd{sample_udp_ipsec_sa(3)}}));
  ASSERT_TRUE(e.ok());
  const IpsecSaRecord& udp = std::get<IpsecSaAdd>(e.record().body).sa;
  EXPECT_EQ(udp.encapsulation, kEncapsulationUdpTunnel);
  EXPECT_EQ(udp.encap_local_port, 4500);
  EXPECT_EQ(udp.encap_remote_port, 4503);
  // A changed port is a changed record (the applier keeps the newest).
  IpsecSaRecord moved = sample_udp_ipsec_sa(3);
  moved.encap_remote_port = 1;
  EXPECT_FALSE(moved == udp);
}

TEST(RecordCodec, NatTPortsMustAgreeWithTheFlagAndTheMode) {
  // Encoder: floated without ports, ports without the float, UDP mode without ports, plain
  // tunnel with ports — none of them is a record decode() would accept.
  IkeSaRecord ike = sample_ike_sa();
  ike.nat_t_peer_port = 0;
  EXPECT_TRUE(encode({1, IkeSaAdd{ike}}).empty());
  ike = sample_ike_sa();
  ike.nat_t_floated = false;
  EXPECT_TRUE(encode({1, IkeSaAdd{ike}}).empty());
  ike.nat_t_local_port = ike.nat_t_peer_port = 0;
  EXPECT_FALSE(encode({1, IkeSaAdd{ike}}).empty());
  IpsecSaRecord esp = sample_udp_ipsec_sa();
  esp.encap_remote_port = 0;
  EXPECT_TRUE(encode({1, IpsecSaAdd{esp}}).empty());
  esp = sample_ipsec_sa();
  esp.encap_local_port = 4500;
  EXPECT_TRUE(encode({1, IpsecSaAdd{esp}}).empty());
  for (std::uint16_t mode : {kEncapsulationUdpTransport, kEncapsulationUdpTunnelDraft, kEncapsulationUdpTransportDraft}) {
    esp = sample_udp_ipsec_sa();
    esp.encapsulation = mode;
    EXPECT_FALSE(encode({1, IpsecSaAdd{esp}}).empty()) << mode;
  }

  // Decoder: the same disagreements made on the wire.
  std::vector<std::uint8_t> b = encode({1, IkeSaAdd{sample_ike_sa()}});
  const IkeSaRecord s = sample_ike_sa();
  // flags byte: after key, role, endpoints, 5 u16, lifetime, age, four keys, IV, M-IDs, DPD.
  const std::size_t flags_at = kRecordHeaderLen + 16 + 1 + 6 + 6 + 10 + 4 + 8 + (1 + 20) * 3 + (1 + 16) +
                               (1 + s.phase1_iv.size()) + 1 + 4 * s.message_ids.size() + 8;
  ASSERT_EQ(b[flags_at], 0x3F & ~0x08);  // every flag but local_behind_nat
  auto flip = b;
  flip[flags_at] &= ~0x20;  // not floated, yet ports
  EXPECT_EQ(decode(flip).error(), DecodeError::BadValue);
  flip = b;
  flip[flags_at + 3] = flip[flags_at + 4] = 0;  // floated, peer port 0
  EXPECT_EQ(decode(flip).error(), DecodeError::BadValue);
  flip = b;
  flip[flags_at] |= 0x40;  // unknown flag
  EXPECT_EQ(decode(flip).error(), DecodeError::BadValue);

  std::vector<std::uint8_t> u = encode({1, IpsecSaAdd{sample_udp_ipsec_sa()}});
  const std::size_t encap_at = kRecordHeaderLen + 8 + 16 + 1 + 2 + 2;
  ASSERT_EQ(u[encap_at + 1], kEncapsulationUdpTunnel);
  auto plain = u;
  plain[encap_at + 1] = 1;  // tunnel mode, yet UDP ports
  EXPECT_EQ(decode(plain).error(), DecodeError::BadValue);
  auto portless = u;
  portless[encap_at + 4] = portless[encap_at + 5] = 0;
  EXPECT_EQ(decode(portless).error(), DecodeError::BadValue);
}

// The fuzzers start from tests/sso/seeds (one record per file) and seeds-node (framed
// messages for fuzz_sso_node): after a version bump they must be this codec's output, or the
// fuzzers would start from records decode() refuses. HAVPNC_WRITE_SSO_SEEDS=1 rewrites them.
TEST(RecordCodec, FuzzSeedsAreCurrent) {
  namespace fs = std::filesystem;
  const fs::path seeds = fs::path(SSO_TESTS_DIR) / "seeds";
  const fs::path node_seed = fs::path(SSO_TESTS_DIR) / "seeds-node" / "bulk-then-updates.bin";
  std::vector<std::pair<std::string, std::vector<std::uint8_t>>> files;
  for (const Record& r : one_of_each()) {
    const bool udp = std::holds_alternative<IpsecSaAdd>(r.body) &&
                     udp_encapsulated(std::get<IpsecSaAdd>(r.body).sa.encapsulation);
    files.emplace_back(std::string(to_string(type_of(r.body))) + (udp ? "-udp" : "") + ".bin", encode(r));
  }
  // A bulk sync on stream 0 interleaved with updates on stream 1, clear frames (0x00 + record).
  std::vector<std::uint8_t> node;
  auto frame = [&node](std::uint8_t stream, const Record& r) {
    std::vector<std::uint8_t> b = encode(r);
    const std::size_t len = b.size() + 1;
    node.insert(node.end(), {stream, static_cast<std::uint8_t>(len >> 8), static_cast<std::uint8_t>(len), 0x00});
    node.insert(node.end(), b.begin(), b.end());
  };
  frame(0, {10, BulkSyncStart{1, 1, 1}});
  frame(0, {11, IkeSaAdd{sample_ike_sa(1)}});
  frame(1, {12, SequenceCheckpoint{sample_ipsec_sa(1).key, 5000, 4000, 0, 1}});
  frame(0, {13, IpsecSaAdd{sample_udp_ipsec_sa(1)}});
  frame(0, {14, BulkSyncEnd{1, 1, 1}});
  frame(1, {15, IpsecSaDelete{sample_ipsec_sa(1).key}});
  frame(1, {16, IkeSaUpdate{sample_ike_sa(1)}});
  frame(1, {17, PeerStatus{13}});
  if (std::getenv("HAVPNC_WRITE_SSO_SEEDS")) {
    for (const auto& [name, bytes] : files)
      std::ofstream(seeds / name, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                           static_cast<std::streamsize>(bytes.size()));
    std::ofstream(node_seed, std::ios::binary)
        .write(reinterpret_cast<const char*>(node.data()), static_cast<std::streamsize>(node.size()));
  }
  auto read = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  for (const auto& [name, bytes] : files) EXPECT_EQ(read(seeds / name), bytes) << name << " is stale";
  EXPECT_EQ(read(node_seed), node) << "seeds-node/bulk-then-updates.bin is stale";
  for (const auto& entry : fs::directory_iterator(seeds)) EXPECT_TRUE(decode(read(entry.path())).ok()) << entry.path();
}

TEST(RecordCodec, WipeClears) {
  std::vector<std::uint8_t> b = encode({1, IpsecSaAdd{sample_ipsec_sa()}});
  wipe_bytes(b);
  EXPECT_TRUE(b.empty());
}

}  // namespace
}  // namespace havpnc::sso
