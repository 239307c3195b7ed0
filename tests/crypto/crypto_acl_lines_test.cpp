// One IPsec SA pair per permit line of the crypto ACL, as IOS negotiates them: R2 and R10
// back to back (crypto_lab.h) with an ACL of three permit lines and a deny line between
// them. Each line's traffic gets its own quick mode (its line as proxy identities), its own
// pair, its own rekey; the responder binds each pair to the line its proxies fall in and
// refuses proxies no line holds; show prints one IPSEC FLOW per line.
#include <gtest/gtest.h>

#include <set>

#include "runtime/crypto/crypto_show.h"
#include "tests/crypto/crypto_lab.h"
#include "tests/crypto/packets.h"

namespace havpnc::crypto {
namespace {

using namespace testing;

plan::TrafficSelector deny(const char* local, const char* remote) {
  plan::TrafficSelector s = permit(local, remote);
  s.action = plan::SelectorAction::Deny;
  return s;
}

// Line 0: 6.6.2.0/24 <-> 6.6.146.0/24 (the seed's), line 1: deny for host 6.6.3.1, line 2:
// 6.6.3.0/24 <-> 6.6.146.0/24, line 3: 6.6.4.0/24 <-> 6.6.147.0/24. R10 has the mirror.
plan::Plan with_lines(plan::Plan p, bool head_end, std::uint32_t lifetime_seconds) {
  const auto line = [head_end](auto make, const char* branch, const char* head) {
    return head_end ? make(head, branch) : make(branch, head);
  };
  auto& e = p.crypto_maps[0].entries[0];
  e.selectors = {line(permit, "6.6.2.0/24", "6.6.146.0/24"), line(deny, "6.6.3.1/32", "6.6.146.0/24"),
                 line(permit, "6.6.3.0/24", "6.6.146.0/24"), line(permit, "6.6.4.0/24", "6.6.147.0/24")};
  e.lifetime_seconds = lifetime_seconds;
  return p;
}

plan::Plan r2_lines(std::uint32_t lifetime_seconds = 3600) {
  return with_lines(r2_plan(), false, lifetime_seconds);
}

plan::Plan r10_lines(std::uint32_t lifetime_seconds = 3600) {
  return with_lines(r10_plan(), true, lifetime_seconds);
}

struct LinesLab : Lab {
  explicit LinesLab(CryptoOptions o = {}, std::uint32_t lifetime = 3600) {
    make(r2, r2_lines(lifetime), o);
    make(r10, r10_lines(lifetime), o);
  }
};

std::uint32_t esp_spi(const engine::SendDatagram& d) {
  return (std::uint32_t{d.payload[0]} << 24) | (std::uint32_t{d.payload[1]} << 16) |
         (std::uint32_t{d.payload[2]} << 8) | std::uint32_t{d.payload[3]};
}

const SaBinding* sa_of_line(const Router& r, std::size_t line) {
  const SaBinding* found = nullptr;
  for (const auto& b : r.component->sas().all())
    if (b.line == line) found = &b;  // newest
  return found;
}

std::size_t count_of_line(const Router& r, std::size_t line) {
  std::size_t n = 0;
  for (const auto& b : r.component->sas().all()) n += b.line == line;
  return n;
}

TEST(CryptoAclLines, EachLineGetsItsOwnQuickModeAndPairAndItsPacketsUseIt) {
  LinesLab lab;
  lab.ping(lab.r2, echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4), 1));
  ASSERT_EQ(lab.r2.component->sas().all().size(), 1u);
  // Line 2's traffic while line 0's pair exists: a second quick mode on the same ISAKMP SA.
  lab.ping(lab.r2, echo(addr(6, 6, 3, 9), addr(6, 6, 146, 4), 2));
  const auto& c2 = lab.r2.component->counters();
  EXPECT_EQ(c2.initiations, 1u);             // one main mode
  EXPECT_EQ(c2.quick_mode_initiations, 1u);  // line 2's (line 0's followed main mode)
  EXPECT_EQ(lab.r2.component->peers()[0]->ike_counters.phase2_established, 2u);
  ASSERT_EQ(lab.r2.component->sas().all().size(), 2u);
  ASSERT_EQ(lab.r10.component->sas().all().size(), 2u);

  const SaBinding* r2_line0 = sa_of_line(lab.r2, 0);
  const SaBinding* r2_line2 = sa_of_line(lab.r2, 2);
  const SaBinding* r10_line0 = sa_of_line(lab.r10, 0);
  const SaBinding* r10_line2 = sa_of_line(lab.r10, 2);
  ASSERT_TRUE(r2_line0 && r2_line2 && r10_line0 && r10_line2);
  const std::set<std::uint32_t> spis{r2_line0->inbound_spi, r2_line0->outbound_spi,
                                     r2_line2->inbound_spi, r2_line2->outbound_spi};
  EXPECT_EQ(spis.size(), 4u);
  // Each pair carries its line's proxies; the responder bound each to the same line.
  EXPECT_EQ(ike::to_string(r2_line2->selector), "6.6.3.0/255.255.255.0/0/0 <-> 6.6.146.0/255.255.255.0/0/0");
  EXPECT_EQ(r10_line0->inbound_spi, r2_line0->outbound_spi);
  EXPECT_EQ(r10_line2->inbound_spi, r2_line2->outbound_spi);
  EXPECT_EQ(r10_line2->selector, r2_line2->selector.mirrored());

  // Every ESP packet R2 sent left on its line's SA: ping 1 on line 0, ping 2 on line 2.
  std::vector<std::uint32_t> sent_spis;
  for (const auto& d : lab.r2.sent)
    if (d.transport == engine::Transport::Esp) sent_spis.push_back(esp_spi(d));
  EXPECT_EQ(sent_spis, (std::vector<std::uint32_t>{r2_line0->outbound_spi, r2_line2->outbound_spi}));
  ASSERT_EQ(lab.r10.sink.packets.size(), 2u);
  EXPECT_EQ(lab.r10.component->counters().inner_policy_drops, 0u);

  // More traffic: no IKE, each on its own line, replies from R10 too.
  const std::size_t r2_sent = lab.r2.sent.size();
  lab.ping(lab.r2, echo(addr(6, 6, 2, 7), addr(6, 6, 146, 9), 3));
  lab.ping(lab.r2, echo(addr(6, 6, 3, 7), addr(6, 6, 146, 9), 4));
  ASSERT_EQ(lab.r2.sent.size(), r2_sent + 2);
  EXPECT_EQ(esp_spi(lab.r2.sent[r2_sent]), r2_line0->outbound_spi);
  EXPECT_EQ(esp_spi(lab.r2.sent[r2_sent + 1]), r2_line2->outbound_spi);
  const std::size_t r10_sent = lab.r10.sent.size();
  lab.ping(lab.r10, echo(addr(6, 6, 146, 9), addr(6, 6, 3, 7), 5));
  ASSERT_EQ(lab.r10.sent.size(), r10_sent + 1);
  EXPECT_EQ(esp_spi(lab.r10.sent[r10_sent]), r10_line2->outbound_spi);
  EXPECT_EQ(lab.r2.sink.packets.size(), 1u);
  EXPECT_EQ(r2_line2->inbound->counters().packets_decrypted, 1u);
  EXPECT_EQ(r2_line0->inbound->counters().packets_decrypted, 0u);

  // The deny line ends the entry: 6.6.3.1 is not protected (and not sent in the clear).
  lab.ping(lab.r2, echo(addr(6, 6, 3, 1), addr(6, 6, 146, 4), 6));
  EXPECT_EQ(lab.r2.component->counters().outbound_no_selector, 1u);
  EXPECT_EQ(lab.r2.component->sas().all().size(), 2u);
}

TEST(CryptoAclLines, LinesAskedForDuringMainModeEachGetAQuickModeWhenItIsDone) {
  LinesLab lab;
  bool drop_first = true;  // R2's first MM1 is lost: main mode waits for its resend (10 s)
  lab.wire = [&](const Router& from, engine::SendDatagram&) {
    if (&from == &lab.r2 && drop_first) {
      drop_first = false;
      return false;
    }
    return true;
  };
  lab.ping(lab.r2, echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4), 1));
  lab.ping(lab.r2, echo(addr(6, 6, 4, 2), addr(6, 6, 147, 4), 2));
  lab.ping(lab.r2, echo(addr(6, 6, 4, 3), addr(6, 6, 147, 4), 3));
  EXPECT_TRUE(lab.r2.component->sas().all().empty());
  EXPECT_EQ(lab.r2.component->counters().outbound_queued, 3u);
  lab.advance(seconds(11));
  EXPECT_EQ(lab.r2.component->counters().initiations, 1u);
  EXPECT_EQ(count_of_line(lab.r2, 0), 1u);
  EXPECT_EQ(count_of_line(lab.r2, 3), 1u);
  EXPECT_EQ(count_of_line(lab.r10, 0), 1u);
  EXPECT_EQ(count_of_line(lab.r10, 3), 1u);
  EXPECT_EQ(lab.r10.sink.packets.size(), 3u);  // every queued packet, on its line's SA
  EXPECT_EQ(sa_of_line(lab.r10, 3)->inbound->counters().packets_decrypted, 2u);
}

TEST(CryptoAclLines, TheResponderStartsQuickModesForItsOwnWaitingLines) {
  LinesLab lab;
  // R10 sends on line 3 while R2's main mode (for line 0) runs with R10 as responder:
  // R2's quick mode brings line 0, R10 then asks for line 3 itself.
  lab.wire = [&](const Router& from, engine::SendDatagram& d) {
    if (&from == &lab.r10 && d.transport == engine::Transport::Udp && lab.r10.sent.size() == 1) {
      engine::Actions out;  // MM2 leaves R10: traffic for line 3 arrives meanwhile
      lab.r10.component->outbound_packet(echo(addr(6, 6, 147, 4), addr(6, 6, 4, 2)), lab.now, out);
      for (auto& a : out) EXPECT_FALSE(std::holds_alternative<engine::SendDatagram>(a));
    }
    return true;
  };
  lab.ping(lab.r2, echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4)));
  EXPECT_EQ(count_of_line(lab.r10, 0), 1u);
  EXPECT_EQ(count_of_line(lab.r10, 3), 1u);
  EXPECT_EQ(count_of_line(lab.r2, 3), 1u);
  EXPECT_EQ(lab.r10.component->counters().quick_mode_initiations, 1u);
  EXPECT_EQ(lab.r2.sink.packets.size(), 1u);  // R10's queued packet went out on line 3
}

TEST(CryptoAclLines, ProxiesMatchingNoLineAreRefused) {
  LinesLab lab;
  plan::Plan p = r2_lines();
  // A line R10 does not have.
  p.crypto_maps[0].entries[0].selectors.push_back(permit("6.6.5.0/24", "6.6.146.0/24"));
  lab.make(lab.r2, p);
  lab.ping(lab.r2, echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4)));
  ASSERT_EQ(lab.r10.component->sas().all().size(), 1u);
  const auto refused_before = lab.r10.logs.size();
  lab.ping(lab.r2, echo(addr(6, 6, 5, 9), addr(6, 6, 146, 4)));
  EXPECT_EQ(lab.r2.component->counters().quick_mode_initiations, 1u);
  EXPECT_EQ(lab.r10.component->sas().all().size(), 1u);
  EXPECT_EQ(lab.r2.component->sas().all().size(), 1u);
  EXPECT_EQ(lab.r10.sink.packets.size(), 1u);
  // R10 refused the offer (INVALID-ID-INFORMATION); R2 heard the refusal.
  bool refused = false;
  for (std::size_t i = refused_before; i < lab.r10.logs.size(); ++i)
    refused |= lab.r10.logs[i].format() ==
               "%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Quick mode failed with peer at 6.6.25.2";
  EXPECT_TRUE(refused);
  EXPECT_TRUE(lab.r2.has_log(
      "%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Quick mode failed with peer at 6.6.156.100"));
  // R10's SA of line 0 is untouched and still carries line 0.
  lab.ping(lab.r2, echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4), 3));
  EXPECT_EQ(lab.r10.sink.packets.size(), 2u);
}

TEST(CryptoAclLines, RekeyOfOneLineLeavesTheOtherAlone) {
  CryptoOptions o;
  o.rekey_before_expiry = true;
  LinesLab lab(o, 600);  // soft limit at 540 s
  const TimePoint t0 = lab.now;
  lab.ping(lab.r2, echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4)));
  lab.advance(seconds(200));
  lab.ping(lab.r2, echo(addr(6, 6, 3, 9), addr(6, 6, 146, 4)));
  const std::uint32_t line2_out = sa_of_line(lab.r2, 2)->outbound_spi;
  const std::uint32_t line0_out = sa_of_line(lab.r2, 0)->outbound_spi;
  lab.advance_to(t0 + seconds(545));
  EXPECT_EQ(lab.r2.component->rekeys_started() + lab.r10.component->rekeys_started(), 1u);
  EXPECT_EQ(count_of_line(lab.r2, 0), 2u);  // old pair decrypts until its hard limit
  EXPECT_EQ(count_of_line(lab.r2, 2), 1u);
  EXPECT_EQ(count_of_line(lab.r10, 0), 2u);
  EXPECT_EQ(count_of_line(lab.r10, 2), 1u);
  EXPECT_NE(sa_of_line(lab.r2, 0)->outbound_spi, line0_out);
  EXPECT_EQ(sa_of_line(lab.r2, 2)->outbound_spi, line2_out);
  // Old line-0 pair gone at its hard limit; line 2 rekeys on its own schedule later.
  lab.advance_to(t0 + seconds(601));
  EXPECT_EQ(count_of_line(lab.r2, 0), 1u);
  EXPECT_EQ(count_of_line(lab.r2, 2), 1u);
  lab.advance_to(t0 + seconds(745));
  EXPECT_EQ(count_of_line(lab.r2, 2), 2u);
  EXPECT_NE(sa_of_line(lab.r2, 2)->outbound_spi, line2_out);
  EXPECT_EQ(count_of_line(lab.r2, 0), 1u);
  const std::size_t delivered = lab.r10.sink.packets.size();
  lab.ping(lab.r2, echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4), 7));
  lab.ping(lab.r2, echo(addr(6, 6, 3, 9), addr(6, 6, 146, 4), 8));
  EXPECT_EQ(lab.r10.sink.packets.size(), delivered + 2);
}

TEST(CryptoAclLines, DeadPeerTakesEveryLinesPairs) {
  LinesLab lab;
  lab.ping(lab.r2, echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4)));
  lab.ping(lab.r2, echo(addr(6, 6, 4, 2), addr(6, 6, 147, 4)));
  ASSERT_EQ(lab.r2.component->sas().all().size(), 2u);
  lab.wire = [](const Router&, engine::SendDatagram&) { return false; };
  lab.advance(seconds(60));  // `keepalive 10 3 periodic`
  EXPECT_TRUE(lab.r2.component->sas().all().empty());
  EXPECT_EQ(lab.r2.component->counters().sa_removed, 2u);
}

TEST(CryptoAclLines, ShowPrintsOneIpsecFlowPerLine) {
  LinesLab lab;
  lab.ping(lab.r2, echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4)));
  lab.ping(lab.r2, echo(addr(6, 6, 4, 2), addr(6, 6, 147, 4)));
  lab.ping(lab.r2, echo(addr(6, 6, 4, 3), addr(6, 6, 147, 4)));
  const std::string detail = show_crypto_session_detail(*lab.r2.component, lab.now);
  const std::string expected_flows =
      "  IPSEC FLOW: permit ip 6.6.2.0/255.255.255.0 6.6.146.0/255.255.255.0\n"
      "        Active SAs: 2, origin: crypto map\n"
      "        Inbound:  #pkts dec'ed 0 drop 0 life (KB/Sec) 4608000/3600\n"
      "        Outbound: #pkts enc'ed 1 drop 0 life (KB/Sec) 4608000/3600\n"
      "  IPSEC FLOW: permit ip 6.6.3.0/255.255.255.0 6.6.146.0/255.255.255.0\n"
      "        Active SAs: 0, origin: crypto map\n"
      "        Inbound:  #pkts dec'ed 0 drop 0 life (KB/Sec) 0/0\n"
      "        Outbound: #pkts enc'ed 0 drop 0 life (KB/Sec) 0/0\n"
      "  IPSEC FLOW: permit ip 6.6.4.0/255.255.255.0 6.6.147.0/255.255.255.0\n"
      "        Active SAs: 2, origin: crypto map\n"
      "        Inbound:  #pkts dec'ed 0 drop 0 life (KB/Sec) 4608000/3600\n"
      "        Outbound: #pkts enc'ed 2 drop 0 life (KB/Sec) 4608000/3600\n\n";
  EXPECT_NE(detail.find(expected_flows), std::string::npos) << detail;
  EXPECT_NE(detail.find("Session status: UP-ACTIVE"), std::string::npos);

  const auto j = crypto_session_json(*lab.r2.component, lab.now)["sessions"][0];
  EXPECT_EQ(j["active_sas"], 4u);
  ASSERT_EQ(j["flows"].size(), 3u);
  EXPECT_EQ(j["flows"][0]["acl_line"], 0u);
  EXPECT_EQ(j["flows"][1]["acl_line"], 2u);
  EXPECT_EQ(j["flows"][1]["active_sas"], 0u);
  EXPECT_EQ(j["flows"][2]["outbound"]["packets_encrypted"], 2u);

  const std::string ipsec = show_crypto_ipsec_sa(*lab.r10.component, lab.now);
  std::size_t idents = 0;
  for (std::size_t at = 0; (at = ipsec.find("   local  ident", at)) != std::string::npos; ++at)
    ++idents;
  EXPECT_EQ(idents, 3u);
  EXPECT_NE(ipsec.find("   local  ident (addr/mask/prot/port): (6.6.147.0/255.255.255.0/0/0)\n"
                       "   remote ident (addr/mask/prot/port): (6.6.4.0/255.255.255.0/0/0)\n"),
            std::string::npos);
  const auto peers = crypto_ipsec_sa_json(*lab.r10.component, lab.now)["peers"];
  ASSERT_EQ(peers.size(), 3u);
  EXPECT_EQ(peers[2]["local_ident"], "6.6.147.0/255.255.255.0");
  ASSERT_EQ(peers[2]["inbound_esp_sas"].size(), 1u);
  EXPECT_EQ(peers[2]["inbound_esp_sas"][0]["packets"], 2u);
  EXPECT_EQ(peers[0]["inbound_esp_sas"][0]["packets"], 1u);
}

// What SSO replicates (SaObserver), installed on a fresh component by take_over(): each
// pair binds to the line its selector falls in, with nothing but the ChildSa to go by.
struct Recorder final : SaObserver {
  std::vector<ike::ChildSa> children;
  void ike_sa_changed(const ike::IkeSa&, const ike::Dpd*, TimePoint) override {}
  void ike_sa_deleted(const ike::Cookie&, const ike::Cookie&, TimePoint) override {}
  void ipsec_sa_added(const ike::ChildSa& c, std::uint32_t, TimePoint) override {
    children.push_back(c);
  }
  void ipsec_sa_deleted(std::uint32_t, std::uint32_t, TimePoint) override {}
  void outbound_progress(std::uint32_t, std::uint32_t, std::uint64_t, std::uint64_t,
                         TimePoint) override {}
  void inbound_progress(std::uint32_t, std::uint32_t, std::uint32_t, std::uint64_t,
                        TimePoint) override {}
};

TEST(CryptoAclLines, TakeoverBindsReplicatedPairsToTheirLines) {
  LinesLab lab;
  Recorder recorder;
  lab.r10.component->set_sa_observer(&recorder);
  lab.ping(lab.r2, echo(addr(6, 6, 4, 2), addr(6, 6, 147, 4)));
  lab.ping(lab.r2, echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4)));
  ASSERT_EQ(recorder.children.size(), 2u);
  std::vector<AdoptedIpsecSa> adopted;
  auto adopt = [](const ike::ChildSa& c) {
    AdoptedIpsecSa a;
    a.child = c;
    a.replay_window = 1024;
    return a;
  };
  for (const auto& c : recorder.children) adopted.push_back(adopt(c));
  // A child whose proxies lie in no line (another configuration) is refused, not misbound.
  ike::ChildSa stray = recorder.children[0];
  stray.inbound_spi ^= 0x00010000;
  stray.outbound_spi ^= 0x00010000;
  stray.selector.remote.address = {6, 6, 9, 0};
  adopted.push_back(adopt(stray));

  lab.make(lab.r10, r10_lines());  // the standby's fresh component
  engine::Actions out;
  EXPECT_EQ(lab.r10.component->take_over({}, adopted, lab.now, out), 2u);
  EXPECT_EQ(lab.r10.component->counters().sa_install_failed, 1u);
  EXPECT_EQ(count_of_line(lab.r10, 0), 1u);
  EXPECT_EQ(count_of_line(lab.r10, 3), 1u);
  // Its outbound traffic of each line leaves on that line's adopted SA.
  const std::size_t sent = lab.r10.sent.size();
  lab.ping(lab.r10, echo(addr(6, 6, 147, 4), addr(6, 6, 4, 2)));
  lab.ping(lab.r10, echo(addr(6, 6, 146, 4), addr(6, 6, 2, 2)));
  ASSERT_EQ(lab.r10.sent.size(), sent + 2);
  EXPECT_EQ(esp_spi(lab.r10.sent[sent]), sa_of_line(lab.r10, 3)->outbound_spi);
  EXPECT_EQ(esp_spi(lab.r10.sent[sent + 1]), sa_of_line(lab.r10, 0)->outbound_spi);
  EXPECT_EQ(lab.r2.sink.packets.size(), 2u);
}

}  // namespace
}  // namespace havpnc::crypto
