// R2 as strongSwan: `swanctl --list-sas` and charon's log as `lab failover` reads them. The
// texts are strongSwan 5.9.8's (captured from the lab with kernel-libipsec, ESP in UDP).
#include <gtest/gtest.h>

#include <string>

#include "runtime/lab/failover.h"
#include "runtime/lab/strongswan_sas.h"

namespace havpnc::lab {
namespace {

const std::string kListSas =
    "MAP2-10: #1, ESTABLISHED, IKEv1, 7730dcaee2530d57_i* 4c8a832337122150_r\n"
    "  local  '6.6.25.2' @ 6.6.25.2[4500]\n"
    "  remote '6.6.156.100' @ 6.6.156.100[4500]\n"
    "  AES_CBC-128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024\n"
    "  established 124s ago, reauth in 86276s\n"
    "  MAP2-10-0: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_CBC-128/HMAC_SHA1_96/MODP_1024\n"
    "    installed 124s ago, rekeying in 2964s, expires in 3476s\n"
    "    in  6f542a7f, 849156 bytes, 10109 packets,     4s ago\n"
    "    out 9617db26, 984060 bytes, 11715 packets,     4s ago\n"
    "    local  6.6.2.0/24\n"
    "    remote 6.6.146.0/24\n";

const std::string kReplayDrop =
    "10:00:36 12[ESP] ESP sequence number verification failed:\n"
    "10:00:36 12[ESP]   src 6.6.156.100, dst 6.6.25.2, SPI 6f542a7f [seq 42]\n";

TEST(StrongswanSas, ListSasGivesUniqueIdCookiesAndSpis) {
  const SaSnapshot s = parse_swanctl_sas(kListSas, "");
  EXPECT_TRUE(s.answered);
  EXPECT_EQ(s.ike_conn_ids, (std::vector<std::uint64_t>{1}));
  EXPECT_EQ(s.ike_spis, (std::vector<std::string>{"7730dcaee2530d57_i 4c8a832337122150_r ESTABLISHED"}));
  EXPECT_EQ(s.inbound_spis, (std::vector<std::uint64_t>{0x6f542a7f}));
  EXPECT_EQ(s.outbound_spis, (std::vector<std::uint64_t>{0x9617db26}));
  ASSERT_EQ(s.replay_drops.size(), 1u);
  EXPECT_EQ(s.replay_drops[0], (std::pair<std::uint64_t, std::uint64_t>{0x6f542a7f, 0}));
}

TEST(StrongswanSas, SameSasAndNoDropsIsSame) {
  const SaVerdict v = compare_sas(parse_swanctl_sas(kListSas, ""), parse_swanctl_sas(kListSas, "noise\n"));
  EXPECT_TRUE(v.comparable);
  EXPECT_TRUE(v.same());
}

TEST(StrongswanSas, ReplayAndIcvDropsInTheLogAreCounted) {
  const std::string log = kReplayDrop + kReplayDrop + "10:00:37 13[ESP] ESP decryption or ICV verification failed\n" +
                          "10:00:38 13[ESP] ICV verification failed!\n";
  const SaSnapshot before = parse_swanctl_sas(kListSas, kReplayDrop);
  const SaSnapshot after = parse_swanctl_sas(kListSas, log);
  const SaVerdict v = compare_sas(before, after);
  EXPECT_TRUE(v.ike_same);
  EXPECT_TRUE(v.ipsec_same);
  EXPECT_EQ(v.replay_drops, 1u);
  EXPECT_EQ(v.icv_drops, 2u);
  EXPECT_FALSE(v.same());
}

TEST(StrongswanSas, NewMainModeOrNewQuickModeIsNotSame) {
  std::string rekeyed = kListSas;
  rekeyed.replace(rekeyed.find("7730dcaee2530d57"), 16, "0123456789abcdef");
  EXPECT_FALSE(compare_sas(parse_swanctl_sas(kListSas, ""), parse_swanctl_sas(rekeyed, "")).ike_same);
  std::string renumbered = kListSas;
  renumbered.replace(renumbered.find("#1, ESTABLISHED"), 2, "#2");
  EXPECT_FALSE(compare_sas(parse_swanctl_sas(kListSas, ""), parse_swanctl_sas(renumbered, "")).ike_same);
  // A second IKE SA next to the first (charon started a main mode of its own).
  const std::string two = kListSas + "MAP2-10: #2, CONNECTING, IKEv1, 1111111111111111_i* 0000000000000000_r\n";
  EXPECT_FALSE(compare_sas(parse_swanctl_sas(kListSas, ""), parse_swanctl_sas(two, "")).ike_same);
  std::string requick = kListSas;
  requick.replace(requick.find("in  6f542a7f"), 12, "in  c0ffee01");
  const SaVerdict v = compare_sas(parse_swanctl_sas(kListSas, ""), parse_swanctl_sas(requick, ""));
  EXPECT_TRUE(v.ike_same);
  EXPECT_FALSE(v.ipsec_same);
}

TEST(StrongswanSas, HostileOrEmptyListIsNotComparable) {
  EXPECT_FALSE(parse_swanctl_sas("garbage: #x, y, IKEv1, zz_i yy_r\n", "").answered);
  EXPECT_FALSE(parse_swanctl_sas(std::string("\0\xff\n  in  1234567\n", 16), "").answered);
  const SaSnapshot none = parse_swanctl_sas("", "");
  EXPECT_TRUE(none.answered);  // charon answered: no SA at all
  EXPECT_FALSE(compare_sas(none, parse_swanctl_sas(kListSas, "")).comparable);
  // Overlong SPI and cookie fields are not numbers.
  const SaSnapshot odd = parse_swanctl_sas(
      "X: #1, ESTABLISHED, IKEv1, 7730dcaee2530d57aa_i 4c8a832337122150_r\n    in  6f542a7f00, 1 bytes\n", "");
  EXPECT_TRUE(odd.ike_conn_ids.empty());
  EXPECT_TRUE(odd.inbound_spis.empty());
  // A replay line whose SPI line is missing still counts (under SPI 0).
  const SaSnapshot cut = parse_swanctl_sas(kListSas, "x[ESP] ESP sequence number verification failed:");
  EXPECT_EQ(cut.replay_drops.front(), (std::pair<std::uint64_t, std::uint64_t>{0, 1}));
}

TEST(StrongswanSas, DpdProbesAndAnswersFromTheLog) {
  const std::string log =
      "10:00:36 12[ENC] parsed INFORMATIONAL_V1 request 4189764922 [ HASH N(DPD) ]\n"
      "10:00:36 12[ENC] generating INFORMATIONAL_V1 request 893207507 [ HASH N(DPD_ACK) ]\n"
      "10:00:40 14[ENC] generating INFORMATIONAL_V1 request 1 [ HASH N(DPD) ]\n"
      "10:00:40 15[ENC] parsed INFORMATIONAL_V1 request 2 [ HASH N(DPD_ACK) ]\n"
      "10:00:42 14[ENC] generating INFORMATIONAL_V1 request 3 [ HASH N(DPD) ]\n"
      "10:00:52 16[IKE] DPD check timed out, enforcing DPD action\n";
  const CharonDpd all = parse_charon_dpd(log);
  EXPECT_EQ(all.probes_sent, 2u);
  EXPECT_EQ(all.acks_received, 1u);
  EXPECT_EQ(all.probes_answered, 1u);
  EXPECT_EQ(all.timed_out, 1u);
  const CharonDpd later = parse_charon_dpd(log, 4);
  EXPECT_EQ(later.probes_sent, 1u);
  EXPECT_EQ(later.acks_received, 0u);
  EXPECT_EQ(count_lines(log), 6u);
}

TEST(FailoverModes, CycleOfKnownModesOnly) {
  EXPECT_EQ(failover_modes("link"), (std::vector<std::string>{"link"}));
  EXPECT_EQ(failover_modes("link,crash"), (std::vector<std::string>{"link", "crash"}));
  EXPECT_TRUE(failover_modes("link,").empty());
  EXPECT_TRUE(failover_modes("").empty());
  EXPECT_TRUE(failover_modes("link,reboot").empty());
}

TEST(FailoverHolding, StandbyHoldsAllOnlyWhenHotAndEqual) {
  Failover f;
  f.returned = {"R10", "STANDBY HOT", 1, 1};
  f.active_after = {"R11", "ACTIVE", 1, 1};
  EXPECT_TRUE(f.standby_holds_all());
  f.returned.ipsec_sas = 0;
  EXPECT_FALSE(f.standby_holds_all());
  f.returned = {"R10", "STANDBY COLD-BULK", 1, 1};
  EXPECT_FALSE(f.standby_holds_all());
  f.returned = {"R10", "STANDBY HOT", std::nullopt, 1};
  EXPECT_FALSE(f.standby_holds_all());
}

}  // namespace
}  // namespace havpnc::lab
