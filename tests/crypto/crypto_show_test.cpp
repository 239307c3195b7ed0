// The show commands after the seed's ping: IOS text pinned line by line, JSON fields, the
// registry wiring (abbreviations), and no key anywhere.
#include <gtest/gtest.h>

#include "runtime/control/show_registry.h"
#include "runtime/crypto/crypto_show.h"
#include "tests/crypto/crypto_lab.h"
#include "tests/crypto/packets.h"

namespace havpnc::crypto {
namespace {

using namespace testing;

TEST(CryptoShow, HoursMinutesSeconds) {
  EXPECT_EQ(hms(seconds(3770)), "01:02:50");
  EXPECT_EQ(hms(seconds(86400)), "24:00:00");
  EXPECT_EQ(hms(seconds(-5)), "00:00:00");
}

TEST(CryptoShow, SessionDetailAfterThePing) {
  Lab lab;
  lab.ping(lab.r2, echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4)));
  lab.ping(lab.r10, echo(addr(6, 6, 146, 4), addr(6, 6, 2, 2)));
  lab.advance(seconds(5));  // no DPD yet (10 s)
  const std::string text = show_crypto_session_detail(*lab.r10.component, lab.now);
  EXPECT_EQ(text,
            "Crypto session current status\n\n"
            "Code: C - IKE Configuration mode, D - Dead Peer Detection\n"
            "K - Keepalives, N - NAT-traversal, T - cTCP encapsulation\n"
            "X - IKE Extended Authentication, F - IKE Fragmentation\n\n"
            "Interface: GigabitEthernet0/1\n"
            "Uptime: 00:00:05\n"
            "Session status: UP-ACTIVE\n"
            "Peer: 6.6.25.2 port 500 fvrf: (none) ivrf: (none)\n"
            "      Phase1_id: 6.6.25.2\n"
            "      Desc: (none)\n"
            "  IKEv1 SA: local 6.6.156.100/500 remote 6.6.25.2/500 Active\n"
            "          Capabilities:D connid:1001 lifetime:23:59:55\n"
            "  IPSEC FLOW: permit ip 6.6.146.0/255.255.255.0 6.6.2.0/255.255.255.0\n"
            "        Active SAs: 2, origin: crypto map\n"
            "        Inbound:  #pkts dec'ed 1 drop 0 life (KB/Sec) 4608000/3595\n"
            "        Outbound: #pkts enc'ed 1 drop 0 life (KB/Sec) 4608000/3595\n\n");

  const nlohmann::json j = crypto_session_json(*lab.r2.component, lab.now);
  ASSERT_EQ(j["sessions"].size(), 1u);
  const auto& s = j["sessions"][0];
  EXPECT_EQ(s["status"], "UP-ACTIVE");
  EXPECT_EQ(s["peer"], "6.6.156.100");
  EXPECT_EQ(s["ike"]["local"], "6.6.25.2");
  EXPECT_EQ(s["ike"]["conn_id"], 1001);
  EXPECT_EQ(s["active_sas"], 2);
  EXPECT_EQ(s["inbound"]["packets_decrypted"], 1);
  EXPECT_EQ(s["outbound"]["packets_encrypted"], 1);
}

TEST(CryptoShow, IsakmpSaNamesResponderAsDst) {
  Lab lab;
  EXPECT_EQ(show_crypto_isakmp_sa(*lab.r2.component),
            "IPv4 Crypto ISAKMP SA\n"
            "dst             src             state          conn-id status\n");
  lab.ping(lab.r2, echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4)));
  const std::string expected =
      "IPv4 Crypto ISAKMP SA\n"
      "dst             src             state          conn-id status\n"
      "6.6.156.100     6.6.25.2        QM_IDLE           1001 ACTIVE\n";
  EXPECT_EQ(show_crypto_isakmp_sa(*lab.r2.component), expected);
  EXPECT_EQ(show_crypto_isakmp_sa(*lab.r10.component), expected);
  EXPECT_EQ(crypto_isakmp_sa_json(*lab.r10.component, lab.now)["isakmp_sas"][0]["role"],
            "responder");
}

TEST(CryptoShow, IpsecSaCountsAndDrops) {
  Lab lab;
  lab.ping(lab.r2, echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4)));
  const engine::SendDatagram esp = lab.r2.sent.back();
  lab.deliver(lab.r10, esp);  // replay
  const std::string text = show_crypto_ipsec_sa(*lab.r10.component, lab.now);
  const SaBinding& sa = lab.r10.component->sas().all()[0];
  char spi[64];
  std::snprintf(spi, sizeof spi, "0x%08X(%u)", sa.outbound_spi, sa.outbound_spi);
  for (const std::string line : {
           "interface: GigabitEthernet0/1\n",
           "    Crypto map tag: MAP2, local addr 6.6.156.100\n",
           "   local  ident (addr/mask/prot/port): (6.6.146.0/255.255.255.0/0/0)\n",
           "   remote ident (addr/mask/prot/port): (6.6.2.0/255.255.255.0/0/0)\n",
           "   current_peer 6.6.25.2 port 500\n",
           "    #pkts encaps: 0, #pkts encrypt: 0, #pkts digest: 0\n",
           "    #pkts decaps: 1, #pkts decrypt: 1, #pkts verify: 1\n",
           "    #pkts replay failed (rcv): 1\n",
           "    #pkts verify failed: 0\n",
           "     local crypto endpt.: 6.6.156.100, remote crypto endpt.: 6.6.25.2\n",
           "     PFS (Y/N): Y, DH group: group 2\n",
           "        transform: esp-aes esp-sha-hmac ,\n",
           "        replay detection support: Y  replay window size: 1024\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "---\n" << text;
  }
  EXPECT_NE(text.find(std::string("     current outbound spi: ") + spi), std::string::npos);
  const nlohmann::json j = crypto_ipsec_sa_json(*lab.r10.component, lab.now);
  EXPECT_EQ(j["peers"][0]["inbound_esp_sas"][0]["drops"]["replay"], 1);
  EXPECT_EQ(j["peers"][0]["inbound_esp_sas"][0]["packets"], 1);
}

TEST(CryptoShow, RegistryAbbreviationsJsonAndNoKeyAnywhere) {
  Lab lab;
  lab.ping(lab.r2, echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4)));
  control::ShowRegistry registry;
  lab.r2.component->register_show(registry);
  for (const char* line : {"sh cry sess det", "show crypto isakmp sa", "sh crypto ipsec sa"}) {
    for (auto format : {control::Format::Text, control::Format::Json}) {
      const control::ShowReply reply = registry.execute(line, format);
      ASSERT_TRUE(reply.ok) << line << ": " << reply.body;
      EXPECT_EQ(reply.body.find(kPsk), std::string::npos) << line;
      if (format == control::Format::Json) {
        EXPECT_TRUE(nlohmann::json::accept(reply.body)) << line;
      }
    }
  }
  EXPECT_NE(registry.execute("sh cry sess det", control::Format::Text).body.find("UP-ACTIVE"),
            std::string::npos);
}

}  // namespace
}  // namespace havpnc::crypto
