// End to end, in one process: R10 and R11 (SSO nodes with real ESP SAs from runtime/esp)
// joined by a fake SCTP association (reliable and ordered per stream; the update stream
// overtakes the bulk stream), and R2, the remote peer, whose ESP receivers judge every packet.
// Ten failovers, alternating routers and alternating how the active fails; after each one R2
// must see no replay drop and no ICV failure, and the returning router must be STANDBY HOT
// with every SA again.
#include <gtest/gtest.h>

#include <array>
#include <deque>
#include <map>
#include <memory>

#include "runtime/esp/iv_source.h"
#include "runtime/sso/ike_esp_bridge.h"
#include "runtime/sso/show.h"
#include "runtime/sso/sso_node.h"
#include "tests/sso/sample_records.h"

namespace havpnc::sso {
namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr char kVip[] = "6.6.156.100";
constexpr std::uint32_t kInterval = 100;  // replay-interval inbound 100 outbound 100
constexpr std::uint32_t kR2Window = 1024; // the seed's `replay window-size 1024`

// 60-byte ICMP echo 6.6.2.2 -> 6.6.146.4.
const Bytes kInner = [] {
  Bytes b(60, 0x61);
  const std::uint8_t hdr[20] = {0x45, 0, 0, 60, 0x1c, 0x46, 0x40, 0, 64, 1, 0, 0, 6, 6, 2, 2, 6, 6, 146, 4};
  std::copy(std::begin(hdr), std::end(hdr), b.begin());
  return b;
}();

// Both directions of the SSO association: per direction, per stream, a FIFO.
struct Link {
  bool up = false;
  std::array<std::array<std::deque<Bytes>, kStreamCount>, 2> queue;
  void clear() {
    for (auto& dir : queue)
      for (auto& q : dir) q.clear();
  }
};

struct Router {
  std::string name;
  SsoNode node;
  std::map<IpsecSaKey, ActivatedEspPair> esp;  // the data plane while active
  std::vector<std::string> logs;
  std::uint64_t takeovers = 0;
  std::uint64_t stateful_takeovers = 0;

  Router(std::string n, const std::string& local, const std::string& remote)
      : name(std::move(n)),
        node(SsoConfig{RfConfig{"HSRP", seconds(30)},
                       ChannelConfig{Secret(std::string_view("sso-channel-key")), local, remote},
                       TakeoverConfig{kVip, {kInterval, kInterval}, std::nullopt}, 7}) {}
};

class FailoverTest : public ::testing::Test {
 protected:
  Router r10{"R10", "6.6.146.10", "6.6.146.11"};
  Router r11{"R11", "6.6.146.11", "6.6.146.10"};
  Link link;
  TimePoint now = TimePoint(std::chrono::hours(1));
  std::uint8_t random_seed = 1;
  esp::OpenSslIvSource ivs;

  // R2's side of each SA pair, keyed like the HA side's.
  struct Remote {
    std::unique_ptr<esp::EspSa> inbound;   // receives what the VIP sends
    std::unique_ptr<esp::EspSa> outbound;  // sends to the VIP
    std::vector<Bytes> sent;               // R2's packets, for replay attempts
  };
  std::map<IpsecSaKey, Remote> r2;
  std::vector<IpsecSaRecord> negotiated;  // what IKE agreed, per pair

  Router& other(Router& r) { return &r == &r10 ? r11 : r10; }
  int index(const Router& r) const { return &r == &r10 ? 0 : 1; }

  void advance(std::int64_t ms) { now += std::chrono::milliseconds(ms); }

  void handle(Router& r, NodeActions a) {
    for (auto& s : a.sends)
      if (link.up) link.queue[index(r)][static_cast<std::size_t>(s.stream)].push_back(std::move(s.bytes));
    for (const auto& l : a.logs) r.logs.push_back(l.format());
    if (a.reset_sa_state) r.esp.clear();
    if (a.takeover) {
      ++r.takeovers;
      if (!a.takeover->ipsec.empty()) ++r.stateful_takeovers;
      for (const IpsecActivation& act : a.takeover->ipsec) {
        auto pair = activate(act, now);
        ASSERT_TRUE(pair) << pair.error();
        r.esp[act.sa.key] = std::move(*pair);
      }
    }
  }

  // Delivers until every queue is empty and no bulk is pending. Update and control messages
  // go first each round, so updates overtake the bulk sync (SCTP streams are independent).
  void deliver() {
    for (int round = 0; round < 100000; ++round) {
      bool moved = false;
      for (int from = 0; from < 2; ++from) {
        Router& src = from == 0 ? r10 : r11;
        Router& dst = other(src);
        for (std::uint16_t s : {std::uint16_t{1}, std::uint16_t{0}}) {
          auto& q = link.queue[from][s];
          std::size_t n = s == 0 ? std::min<std::size_t>(q.size(), 3) : q.size();
          for (std::size_t i = 0; i < n && link.up; ++i) {
            Bytes msg = std::move(q.front());
            q.pop_front();
            handle(dst, dst.node.record_received({s, msg}, now));
            moved = true;
          }
        }
        if (src.node.bulk_pending() && link.queue[from][0].empty()) {
          handle(src, src.node.pump(now));
          moved = true;
        }
      }
      if (!moved) return;
    }
    FAIL() << "delivery did not settle";
  }

  void connect() {
    link.up = true;
    std::array<std::uint8_t, ChannelSecurity::kRandomLen> ra{}, rb{};
    ra.fill(random_seed++);
    rb.fill(random_seed++);
    handle(r10, r10.node.association_up(ra, now));
    handle(r11, r11.node.association_up(rb, now));
    deliver();
  }

  void disconnect() {
    link.up = false;
    link.clear();
    handle(r10, r10.node.association_down(now));
    handle(r11, r11.node.association_down(now));
  }

  // IKE negotiated a new SA pair on the active: it installs it and tells SSO.
  void negotiate(Router& active, std::uint32_t n) {
    IpsecSaRecord sa = test::sample_ipsec_sa(n);
    sa.replay_window = 1024;
    sa.outbound_next_sequence = 1;
    sa.inbound_highest_sequence = 0;
    sa.outbound_bytes = sa.inbound_bytes = sa.inbound_packets = sa.outbound_packets = 0;
    negotiated.push_back(sa);
    auto mine = activate({sa, now, 1, 0, false}, now);
    ASSERT_TRUE(mine) << mine.error();
    active.esp[sa.key] = std::move(*mine);
    // R2 holds the mirror image: its inbound SA is our outbound one.
    IpsecSaRecord m = sa;
    m.key = {sa.key.outbound_spi, sa.key.inbound_spi};
    m.inbound_cipher_key = sa.outbound_cipher_key;
    m.inbound_integrity_key = sa.outbound_integrity_key;
    m.outbound_cipher_key = sa.inbound_cipher_key;
    m.outbound_integrity_key = sa.inbound_integrity_key;
    m.replay_window = kR2Window;
    std::swap(m.local, m.remote);
    auto theirs = activate({m, now, 1, 0, false}, now);
    ASSERT_TRUE(theirs) << theirs.error();
    r2[sa.key] = Remote{std::move(theirs->inbound), std::move(theirs->outbound), {}};
    handle(active, active.node.ike_sa_up(test::sample_ike_sa(n), now));
    handle(active, active.node.ipsec_sa_added(sa, now));
  }

  // `count` packets each way on every SA; every one must pass at R2 and at the active.
  void traffic(Router& active, int count) {
    Bytes pkt(2048), out(2048);
    for (auto& [key, pair] : active.esp) {
      Remote& remote = r2.at(key);
      for (int i = 0; i < count; ++i) {
        esp::EncapResult e = pair.outbound->encapsulate(kInner, now, ivs, pkt);
        ASSERT_EQ(e.status, esp::EncapStatus::Ok);
        esp::DecapResult d = remote.inbound->decapsulate(std::span(pkt).first(e.length), now, out);
        ASSERT_EQ(d.drop, esp::DropReason::None) << active.name << " seq " << e.sequence;
        handle(active, active.node.outbound_progress(key, pair.outbound->next_sequence(),
                                                     pair.outbound->counters().bytes_encrypted, now));

        esp::EncapResult back = remote.outbound->encapsulate(kInner, now, ivs, pkt);
        ASSERT_EQ(back.status, esp::EncapStatus::Ok);
        remote.sent.emplace_back(pkt.begin(), pkt.begin() + static_cast<std::ptrdiff_t>(back.length));
        esp::DecapResult in = pair.inbound->decapsulate(remote.sent.back(), now, out);
        ASSERT_EQ(in.drop, esp::DropReason::None) << active.name << " inbound seq " << back.sequence;
        handle(active, active.node.inbound_progress(key, pair.inbound->replay_window().highest(),
                                                    pair.inbound->counters().bytes_decrypted, now));
      }
    }
    deliver();
  }

  void expect_r2_clean() {
    for (auto& [key, remote] : r2) {
      EXPECT_EQ(remote.inbound->counters().drops[esp::DropReason::Replay], 0u);
      EXPECT_EQ(remote.inbound->counters().drops[esp::DropReason::Icv], 0u);
    }
  }

  void expect_hot_pair(Router& active, Router& standby) {
    EXPECT_EQ(active.node.rf().my_state(), RfState::Active) << active.name;
    EXPECT_EQ(active.node.rf().peer_state(), RfState::StandbyHot) << active.name;
    EXPECT_EQ(standby.node.rf().my_state(), RfState::StandbyHot) << standby.name;
    EXPECT_EQ(standby.node.rf().peer_state(), RfState::Active) << standby.name;
    EXPECT_EQ(standby.node.applier().ipsec_sas().size(), active.esp.size());
    EXPECT_EQ(standby.node.applier().ike_sas().size(), active.node.publisher().ike_sa_count());
    for (const auto& [key, pair] : active.esp) {
      auto it = standby.node.applier().ipsec_sas().find(key);
      ASSERT_NE(it, standby.node.applier().ipsec_sas().end());
      // The standby lags the active by less than one replay-interval.
      EXPECT_LT(pair.outbound->next_sequence() - it->second.sa.outbound_next_sequence, kInterval);
      EXPECT_LT(pair.inbound->replay_window().highest() - it->second.sa.inbound_highest_sequence, kInterval);
    }
  }
};

TEST_F(FailoverTest, TenFailoversNoReplayDropsAndTheReturningRouterIsSyncedEveryTime) {
  handle(r10, r10.node.start(now));
  handle(r11, r11.node.start(now));
  handle(r10, r10.node.hsrp_changed(HsrpRole::Active, now));
  handle(r11, r11.node.hsrp_changed(HsrpRole::Standby, now));
  EXPECT_EQ(r10.node.rf().my_state(), RfState::Active);
  for (std::uint32_t n = 1; n <= 4; ++n) negotiate(r10, n);
  connect();
  expect_hot_pair(r10, r11);

  Router* active = &r10;
  std::uint32_t next_sa = 5;
  for (int failover = 1; failover <= 10; ++failover) {
    SCOPED_TRACE("failover " + std::to_string(failover));
    Router& a = *active;
    Router& s = other(a);
    // Traffic that ends between checkpoints, so the old active used numbers the standby never
    // heard of; plus a rekey-like change during the hot phase.
    traffic(a, 250 + failover * 7);
    negotiate(a, next_sa++);
    deliver();
    traffic(a, 120);
    expect_hot_pair(a, s);

    // The active fails. Odd: its link goes down (SSO association with it, like the seed's
    // `shut` of G0/0). Even: only HSRP moves (the association survives and carries the old
    // active's "reloading" report before the takeover).
    advance(10);
    if (failover % 2 == 1) disconnect();
    handle(a, a.node.hsrp_changed(HsrpRole::Other, now));
    deliver();
    EXPECT_TRUE(a.esp.empty()) << "the old active reloaded";
    advance(10'000);  // HSRP hold time
    handle(s, s.node.hsrp_changed(HsrpRole::Active, now));
    EXPECT_EQ(s.node.rf().my_state(), RfState::Active);
    ASSERT_EQ(s.esp.size(), 4u + static_cast<std::size_t>(failover));
    EXPECT_EQ(s.logs.back(),
              "%CRYPTO-5-IPSEC_SA_HA_STATUS: IPSec sa's if any, for vip 6.6.156.100 will change "
              "from STANDBY to ACTIVE");

    // The new active carries traffic at once: R2 must accept every packet (traffic() asserts
    // no drop), and an old packet of R2's, replayed, must be refused by the new active.
    for (auto& [key, pair] : s.esp) {
      Remote& remote = r2.at(key);
      ASSERT_FALSE(remote.sent.empty());
      Bytes out(2048);
      esp::DecapResult replayed = pair.inbound->decapsulate(remote.sent.front(), now, out);
      EXPECT_EQ(replayed.drop, esp::DropReason::Replay);
      // Outbound resumes above anything the old active sent.
      EXPECT_GT(pair.outbound->next_sequence(), remote.inbound->replay_window().highest());
    }
    traffic(s, 50);
    expect_r2_clean();

    // The failed router comes back; equal priorities: it stays HSRP Standby.
    advance(5'000);
    handle(a, a.node.hsrp_changed(HsrpRole::Standby, now));
    if (!link.up) connect();
    deliver();
    expect_hot_pair(s, a);
    EXPECT_EQ(show_redundancy_states(status_of(s.node)).substr(0, 50),
              "my state = 13 -ACTIVE\npeer state = 8 -STANDBY HOT\n");
    EXPECT_EQ(show_redundancy_states(status_of(a.node)).substr(0, 50),
              "my state = 8 -STANDBY HOT\npeer state = 13 -ACTIVE\n");
    active = &s;
  }
  EXPECT_EQ(r10.takeovers + r11.takeovers, 11u);  // R10's first, cold, plus ten switchovers
  EXPECT_EQ(r10.stateful_takeovers + r11.stateful_takeovers, 10u);
  EXPECT_EQ(r10.node.rf().reloads() + r11.node.rf().reloads(), 10u);
  EXPECT_EQ(r10.node.counters().channel_errors + r11.node.counters().channel_errors, 0u);
  EXPECT_EQ(r10.node.counters().decode_errors + r11.node.counters().decode_errors, 0u);
  expect_r2_clean();
}

// The bulk sync is paced in small chunks while SAs change on the update stream: deletes and
// new SAs that overtake the bulk must leave the standby with exactly the active's SAs.
TEST_F(FailoverTest, ChangesDuringABulkSyncLandExactlyOnce) {
  handle(r10, r10.node.start(now));
  handle(r11, r11.node.start(now));
  handle(r10, r10.node.hsrp_changed(HsrpRole::Active, now));
  handle(r11, r11.node.hsrp_changed(HsrpRole::Standby, now));
  for (std::uint32_t n = 1; n <= 30; ++n) negotiate(r10, n);
  link.up = true;
  std::array<std::uint8_t, ChannelSecurity::kRandomLen> ra{}, rb{};
  ra.fill(7);
  rb.fill(8);
  handle(r10, r10.node.association_up(ra, now));
  handle(r11, r11.node.association_up(rb, now));
  // Step the exchange by hand until the bulk has started, then change SAs mid-bulk.
  for (int i = 0; i < 20 && !r10.node.bulk_pending(); ++i) {
    for (int from = 0; from < 2; ++from) {
      Router& src = from == 0 ? r10 : r11;
      auto& q = link.queue[from][1];
      while (!q.empty()) {
        Bytes m = std::move(q.front());
        q.pop_front();
        handle(other(src), other(src).node.record_received({1, m}, now));
      }
    }
  }
  ASSERT_TRUE(r10.node.bulk_pending());
  // Queue five more chunks (the 30 IKE SAs and the first IPsec SAs) without delivering them.
  for (int i = 0; i < 5; ++i) handle(r10, r10.node.pump(now));
  handle(r10, r10.node.ipsec_sa_deleted(negotiated[20].key, now));
  r10.esp.erase(negotiated[20].key);
  handle(r10, r10.node.ipsec_sa_deleted(negotiated[1].key, now));
  r10.esp.erase(negotiated[1].key);
  negotiate(r10, 31);
  // Only the update stream moves: the new SA is on the standby while the bulk still queues.
  {
    auto& q = link.queue[0][1];
    while (!q.empty()) {
      Bytes m = std::move(q.front());
      q.pop_front();
      handle(r11, r11.node.record_received({1, m}, now));
    }
  }
  EXPECT_TRUE(r11.node.applier().ipsec_sas().contains(negotiated[30].key));
  EXPECT_EQ(r11.node.rf().my_state(), RfState::StandbyColdBulk);  // its bulk has not even begun to arrive
  EXPECT_FALSE(link.queue[0][0].empty());
  deliver();
  expect_hot_pair(r10, r11);
  EXPECT_FALSE(r11.node.applier().ipsec_sas().contains(negotiated[20].key));
  EXPECT_FALSE(r11.node.applier().ipsec_sas().contains(negotiated[1].key));
  EXPECT_TRUE(r11.node.applier().ipsec_sas().contains(negotiated[30].key));
  EXPECT_GT(r11.node.applier().counters().stale, 0u);
}

// The SSO link alone is cut (issue 7: nftables drop between R10 and R11): nobody changes
// HSRP role, so no split brain; the standby goes cold, drops its state after the grace, and
// is bulk-synced again when the link heals, with the positions the active reached meanwhile.
TEST_F(FailoverTest, PartitionedSsoLinkGoesColdAndResyncsOnHeal) {
  handle(r10, r10.node.start(now));
  handle(r11, r11.node.start(now));
  handle(r10, r10.node.hsrp_changed(HsrpRole::Active, now));
  handle(r11, r11.node.hsrp_changed(HsrpRole::Standby, now));
  for (std::uint32_t n = 1; n <= 3; ++n) negotiate(r10, n);
  connect();
  traffic(r10, 150);
  expect_hot_pair(r10, r11);

  disconnect();
  EXPECT_EQ(r10.node.rf().my_state(), RfState::Active);
  EXPECT_EQ(r10.node.rf().peer_state(), RfState::Disabled);
  EXPECT_EQ(r11.node.rf().my_state(), RfState::StandbyCold);
  EXPECT_EQ(r11.node.applier().ipsec_sas().size(), 3u);  // kept for the grace
  traffic(r10, 400);                                       // the active carries on
  advance(29'000);
  handle(r11, r11.node.tick(now));
  EXPECT_EQ(r11.node.applier().ipsec_sas().size(), 3u);
  advance(1'000);
  ASSERT_EQ(r11.node.next_deadline(), now);
  handle(r11, r11.node.tick(now));
  EXPECT_TRUE(r11.node.applier().ipsec_sas().empty());
  EXPECT_FALSE(r11.node.rf().state_usable());

  connect();
  expect_hot_pair(r10, r11);
  for (const auto& [key, pair] : r10.esp)
    EXPECT_EQ(r11.node.applier().ipsec_sas().at(key).sa.outbound_next_sequence,
              pair.outbound->next_sequence());
  expect_r2_clean();
}

// Without a configured key the channel still works, and says loudly that keys go in clear.
TEST(SsoNode, ClearChannelWarnsOnce) {
  SsoNode a(SsoConfig{RfConfig{}, ChannelConfig{Secret(), "6.6.146.10", "6.6.146.11"},
                      TakeoverConfig{kVip, {}, std::nullopt}, 16});
  std::array<std::uint8_t, ChannelSecurity::kRandomLen> r{};
  NodeActions act = a.association_up(r, TimePoint{});
  ASSERT_EQ(act.logs.size(), 1u);
  EXPECT_EQ(act.logs[0].format().rfind("%CRYPTO-4-SSO_CLEARTEXT: ", 0), 0u);
  EXPECT_TRUE(a.association_up(r, TimePoint{}).logs.empty());
}

// Hostile bytes from the peer are counted, never applied.
TEST(SsoNode, GarbageFromThePeerIsCounted) {
  SsoNode a(SsoConfig{RfConfig{}, ChannelConfig{Secret(std::string_view("k")), "a", "b"},
                      TakeoverConfig{kVip, {}, std::nullopt}, 16});
  SsoNode b(SsoConfig{RfConfig{}, ChannelConfig{Secret(std::string_view("k")), "b", "a"},
                      TakeoverConfig{kVip, {}, std::nullopt}, 16});
  std::array<std::uint8_t, ChannelSecurity::kRandomLen> r{};
  Bytes bogus = {1, 2, 3};
  a.record_received({1, bogus}, TimePoint{});  // before any association: not a hello
  EXPECT_EQ(a.counters().channel_errors, 1u);
  auto ha = a.association_up(r, TimePoint{});
  r.fill(9);
  auto hb = b.association_up(r, TimePoint{});
  a.record_received({1, hb.sends[0].bytes}, TimePoint{});
  EXPECT_TRUE(a.channel().ready());
  a.record_received({1, bogus}, TimePoint{});
  a.record_received({7, bogus}, TimePoint{});
  EXPECT_EQ(a.counters().channel_errors, 3u);
  EXPECT_EQ(a.counters().records_received, 0u);
}

}  // namespace
}  // namespace havpnc::sso
