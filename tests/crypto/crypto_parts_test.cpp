// The sans-IO pieces of runtime/crypto: inner packet parsing, the crypto map classifier with
// IOS deny semantics, the inbound selector check, the pending queue and plan -> peer setups.
#include <gtest/gtest.h>

#include <algorithm>

#include "runtime/crypto/classifier.h"
#include "runtime/crypto/flow.h"
#include "runtime/crypto/inbound_policy.h"
#include "runtime/crypto/nat_traversal.h"
#include "runtime/crypto/peer_config.h"
#include "runtime/crypto/pending_queue.h"
#include "runtime/crypto/sa_bindings.h"
#include "runtime/engine/ike_adapter.h"
#include "tests/crypto/packets.h"
#include "tests/crypto/seed_plans.h"

namespace havpnc::crypto {
namespace {

using namespace testing;

TEST(Flow, ReadsAddressesProtocolAndPorts) {
  auto r = parse_flow(udp(addr(6, 6, 2, 2), addr(6, 6, 146, 4), 5000, 53));
  ASSERT_TRUE(r.flow);
  EXPECT_EQ(r.flow->source, addr(6, 6, 2, 2));
  EXPECT_EQ(r.flow->destination, addr(6, 6, 146, 4));
  EXPECT_EQ(r.flow->protocol, 17);
  EXPECT_EQ(r.flow->source_port, 5000);
  EXPECT_EQ(r.flow->destination_port, 53);
  auto icmp = parse_flow(echo(1, 2));
  ASSERT_TRUE(icmp.flow);
  EXPECT_FALSE(icmp.flow->source_port);
}

TEST(Flow, RefusesEveryMalformation) {
  Packet p = echo(1, 2);
  EXPECT_EQ(parse_flow(std::span(p).first(19)).error, FlowError::Truncated);
  Packet v6 = p;
  v6[0] = 0x65;
  EXPECT_EQ(parse_flow(v6).error, FlowError::NotIpv4);
  Packet short_ihl = p;
  short_ihl[0] = 0x44;
  EXPECT_EQ(parse_flow(short_ihl).error, FlowError::BadHeaderLength);
  Packet long_ihl = p;
  long_ihl[0] = 0x4F;  // 60-byte header in a 100-byte packet is fine; in 40 bytes it is not
  EXPECT_EQ(parse_flow(std::span(long_ihl).first(40)).error, FlowError::Truncated);
  Packet big = p;
  big[2] = 0x10;  // Total Length 4096 > 100 bytes received
  EXPECT_EQ(parse_flow(big).error, FlowError::BadTotalLength);
  Packet small = p;
  small[2] = 0;
  small[3] = 19;
  EXPECT_EQ(parse_flow(small).error, FlowError::BadTotalLength);
  EXPECT_FALSE(parse_flow({}).flow);
  // Every truncation of a valid packet is refused or parsed without reading past the end.
  for (std::size_t n = 0; n < p.size(); ++n) EXPECT_FALSE(parse_flow(std::span(p).first(n)).flow);
}

TEST(Flow, NonInitialFragmentsCarryNoPorts) {
  Packet p = udp(1, 2, 1000, 2000);
  p[6] = 0x00;
  p[7] = 0x10;  // fragment offset 16 x 8 bytes
  auto r = parse_flow(p);
  ASSERT_TRUE(r.flow);
  EXPECT_FALSE(r.flow->source_port);
  EXPECT_FALSE(r.flow->destination_port);
}

plan::TrafficSelector line(plan::SelectorAction action, const char* local, const char* remote,
                           std::uint32_t protocol = 0, plan::PortRange remote_ports = {}) {
  plan::TrafficSelector s = permit(local, remote);
  s.action = action;
  s.protocol = protocol;
  s.remote_ports = remote_ports;
  return s;
}

TEST(Classifier, FirstPermitLineOfTheFirstMatchingEntryWins) {
  const auto P = plan::SelectorAction::Permit;
  const auto D = plan::SelectorAction::Deny;
  OutboundClassifier c({
      {7, {line(D, "6.6.2.5/32", "0.0.0.0/0"), line(P, "6.6.2.0/24", "6.6.146.0/24", 17, {53, 53})}},
      {9, {line(P, "6.6.2.0/24", "6.6.146.0/24")}},
  });
  // UDP 53 takes entry 7's second line.
  auto dns = c.classify(*parse_flow(udp(addr(6, 6, 2, 2), addr(6, 6, 146, 4), 4000, 53)).flow);
  ASSERT_TRUE(dns);
  EXPECT_EQ(dns->id, 7u);
  EXPECT_EQ(dns->line, 1u);
  // ICMP misses entry 7 (port-specific line) and takes entry 9.
  auto ping = c.classify(*parse_flow(echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4))).flow);
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->id, 9u);
  // The deny line stops entry 7 for 6.6.2.5, and IOS goes on to entry 9.
  auto denied = c.classify(*parse_flow(udp(addr(6, 6, 2, 5), addr(6, 6, 146, 4), 4000, 53)).flow);
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->id, 9u);
  // Nothing for other destinations.
  EXPECT_FALSE(c.classify(*parse_flow(echo(addr(6, 6, 2, 2), addr(8, 8, 8, 8))).flow));
  // A port-specific line does not take a non-initial fragment.
  Packet frag = udp(addr(6, 6, 2, 2), addr(6, 6, 146, 4), 4000, 53);
  frag[7] = 0x10;
  auto f = c.classify(*parse_flow(frag).flow);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->id, 9u);
}

TEST(InboundPolicy, InnerPacketMustComeFromTheRemoteSelector) {
  ike::TrafficSelector s{{{6, 6, 146, 0}, {255, 255, 255, 0}}, {{6, 6, 2, 0}, {255, 255, 255, 0}}};
  EXPECT_TRUE(inbound_allowed(s, *parse_flow(echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4))).flow));
  EXPECT_FALSE(inbound_allowed(s, *parse_flow(echo(addr(6, 6, 146, 4), addr(6, 6, 2, 2))).flow));
  EXPECT_FALSE(inbound_allowed(s, *parse_flow(echo(addr(6, 6, 3, 2), addr(6, 6, 146, 4))).flow));
  s.protocol = 17;
  s.local_port = 53;
  EXPECT_TRUE(inbound_allowed(s, *parse_flow(udp(addr(6, 6, 2, 2), addr(6, 6, 146, 4), 9, 53)).flow));
  EXPECT_FALSE(inbound_allowed(s, *parse_flow(udp(addr(6, 6, 2, 2), addr(6, 6, 146, 4), 9, 54)).flow));
  EXPECT_FALSE(inbound_allowed(s, *parse_flow(echo(addr(6, 6, 2, 2), addr(6, 6, 146, 4))).flow));
}

TEST(PendingQueue, KeepsAFewPacketsAndCountsTheRest) {
  PendingQueue q(PendingLimits{3, 250});
  EXPECT_TRUE(q.push(Packet(100)));
  EXPECT_TRUE(q.push(Packet(100)));
  EXPECT_FALSE(q.push(Packet(100)));  // 300 bytes > 250
  EXPECT_TRUE(q.push(Packet(50)));
  EXPECT_FALSE(q.push(Packet(1)));    // 4 packets > 3
  EXPECT_EQ(q.overflow(), 2u);
  EXPECT_EQ(q.bytes(), 250u);
  auto all = q.take();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[2].size(), 50u);
  EXPECT_EQ(q.size(), 0u);
  EXPECT_TRUE(q.push(Packet(10)));
  q.discard();
  EXPECT_EQ(q.discarded(), 1u);
  EXPECT_EQ(q.bytes(), 0u);
}

TEST(PeerSetups, R2SendsFromItsInterfaceAndR10FromTheHsrpVip) {
  auto r2 = build_peer_setups(r2_plan());
  ASSERT_TRUE(r2) << r2.error();
  ASSERT_EQ(r2->peers.size(), 1u);
  const PeerSetup& a = r2->peers[0];
  EXPECT_EQ(a.session.main_mode.local, (ike::Endpoint{{6, 6, 25, 2}, 500}));
  EXPECT_EQ(a.session.main_mode.remote, (ike::Endpoint{{6, 6, 156, 100}, 500}));
  EXPECT_EQ(a.interface, "GigabitEthernet0/0");
  EXPECT_EQ(a.replay_window, 1024u);
  EXPECT_EQ(a.session.phase2.pfs, ike::crypto::DhGroup::Modp1024);
  ASSERT_EQ(a.session.phase2.transform_sets.size(), 1u);
  EXPECT_EQ(ike::to_string(a.session.phase2.transform_sets[0]), "esp-aes 128 esp-sha-hmac");
  ASSERT_TRUE(a.session.dpd);
  EXPECT_EQ(a.session.dpd->interval, seconds(10));
  EXPECT_EQ(a.session.dpd->retry, seconds(3));
  EXPECT_EQ(a.session.dpd->mode, ike::DpdMode::Periodic);
  EXPECT_EQ(a.session.main_mode.pre_shared_key.bytes().size(), kPsk.size());
  EXPECT_TRUE(std::equal(kPsk.begin(), kPsk.end(), a.session.main_mode.pre_shared_key.bytes().begin()));

  auto r10 = build_peer_setups(r10_plan());
  ASSERT_TRUE(r10) << r10.error();
  EXPECT_EQ(r10->peers[0].session.main_mode.local, (ike::Endpoint{{6, 6, 156, 100}, 500}));
  EXPECT_EQ(r10->peers[0].session.phase2.selector, a.session.phase2.selector.mirrored());
}

TEST(PeerSetups, MostSpecificKeyWinsAndMissingPiecesAreErrors) {
  plan::Plan p = r2_plan();
  p.pre_shared_keys.insert(p.pre_shared_keys.begin(),
                           {ip("0.0.0.0"), ip("0.0.0.0"), Secret(std::string_view("wildcard"))});
  auto s = build_peer_setups(p);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->peers[0].session.main_mode.pre_shared_key.bytes().size(), kPsk.size());  // not "wildcard"

  plan::Plan no_key = r2_plan();
  no_key.pre_shared_keys.clear();
  auto e = build_peer_setups(no_key);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error(), "crypto map MAP2 10: no crypto isakmp key for peer 6.6.156.100");

  plan::Plan no_vip = r10_plan();
  no_vip.hsrp_groups[0].virtual_ip.reset();
  ASSERT_FALSE(build_peer_setups(no_vip));

  plan::Plan no_permit = r2_plan();
  no_permit.crypto_maps[0].entries[0].selectors[0].action = plan::SelectorAction::Deny;
  ASSERT_FALSE(build_peer_setups(no_permit));

  plan::Plan des = r2_plan();
  des.transform_sets[0].esp_encryption = plan::EspEncryption::Des;
  auto d = build_peer_setups(des);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error(), "crypto map MAP2 10: no usable transform set");
}

// RFC 3947 §4: IKE to any port but 500 is floated IKE (the peer's 4500 or its NAT's
// mapping of it): the engine's adapter sends it from 4500, where the marker goes in front.
TEST(NatTraversal, IkeToANatMappedPortLeavesFrom4500WithTheMarker) {
  const engine::IkeBinding binding{{{6, 6, 156, 100}, 500}, "GigabitEthernet0/1", 7};
  ike::Actions in;
  in.emplace_back(ike::SendDatagram{{{6, 6, 25, 2}, 500}, {0xAA}});
  in.emplace_back(ike::SendDatagram{{{6, 6, 25, 2}, 31337}, {0xBB}});
  engine::Actions out;
  EXPECT_TRUE(engine::adapt_ike(std::move(in), binding, out).empty());
  NatTraversalCounters counters;
  add_non_esp_markers(out, 0, counters);
  ASSERT_EQ(out.size(), 2u);
  const auto& plain = std::get<engine::SendDatagram>(out[0]);
  EXPECT_EQ(plain.source_port, 500);
  EXPECT_EQ(plain.payload, engine::Bytes{0xAA});
  const auto& floated = std::get<engine::SendDatagram>(out[1]);
  EXPECT_EQ(floated.source_port, 4500);
  EXPECT_EQ(floated.destination_port, 31337);
  EXPECT_EQ(floated.payload, (engine::Bytes{0, 0, 0, 0, 0xBB}));
  EXPECT_EQ(counters.ike_sent, 1u);
}

// Every permit line becomes quick mode proxies (deny lines do not), and an SA binds to the
// first permit line whose proxies hold its selector.
TEST(PeerSetups, EveryPermitLineIsAProxyPairAndSasBindToTheirLine) {
  plan::Plan p = r2_plan();
  plan::TrafficSelector no = permit("6.6.3.1/32", "6.6.146.0/24");
  no.action = plan::SelectorAction::Deny;
  p.crypto_maps[0].entries[0].selectors = {permit("6.6.2.0/24", "6.6.146.0/24"), no,
                                           permit("6.6.3.0/24", "6.6.146.0/24")};
  auto setups = build_peer_setups(p);
  ASSERT_TRUE(setups) << setups.error();
  const auto& phase2 = setups->peers[0].session.phase2;
  ASSERT_EQ(phase2.acl_lines.size(), 2u);
  EXPECT_EQ(phase2.selector, phase2.acl_lines[0]);
  EXPECT_EQ(ike::to_string(phase2.acl_lines[1]),
            "6.6.3.0/255.255.255.0/0/0 <-> 6.6.146.0/255.255.255.0/0/0");

  SaBindings sas;
  std::vector<std::optional<ike::TrafficSelector>> lines;
  for (const auto& l : setups->peers[0].selectors) lines.push_back(line_proxies(l));
  EXPECT_FALSE(lines[1]);
  sas.set_acl_lines(0, lines);
  EXPECT_EQ(sas.line_for_selector(0, phase2.acl_lines[1]), 2u);
  ike::TrafficSelector host = phase2.acl_lines[1];
  host.local = {{6, 6, 3, 9}, {255, 255, 255, 255}};  // a responder may narrow to a host
  EXPECT_EQ(sas.line_for_selector(0, host), 2u);
  host.local = {{6, 6, 9, 9}, {255, 255, 255, 255}};
  EXPECT_FALSE(sas.line_for_selector(0, host));
  EXPECT_EQ(sas.line_for_selector(1, host), 0u);  // a peer without lines: everything is line 0
}

}  // namespace
}  // namespace havpnc::crypto
