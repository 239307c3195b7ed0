// Two SSO nodes configured the way `havpnc run` configures them (sso_config_from_plan on the
// plans the compiler wrote for R10 and R11), joined by an in-memory association: with the same
// channel key they seal every record and never log %CRYPTO-4-SSO_CLEARTEXT; with different
// keys the records fail authentication and the alarm says so without the key.
#include <gtest/gtest.h>

#include <array>
#include <deque>

#include "compiler/plan/compile.h"
#include "runtime/plan/load_plan.h"
#include "runtime/plan/write_plan.h"
#include "runtime/sso/sso_service.h"
#include "tests/sso_channel_key/channel_key_configs.h"

namespace havpnc::channel_key_test {
namespace {

using sso::NodeActions;
using Bytes = std::vector<std::uint8_t>;

// The plan `havpnc compile` writes and `havpnc run` loads, as text and back.
plan::Plan plan_for(const std::string& router, const std::string& extra) {
  const auto r = compiler::compile(parse(seed_with(router, extra), router + ".cfg"));
  EXPECT_TRUE(r.ok());
  auto loaded = plan::load_plan(plan::write_plan(r.plan));
  EXPECT_TRUE(loaded.ok()) << loaded.error.to_string();
  return *loaded.plan;
}

struct Router {
  sso::SsoServiceConfig config;
  sso::SsoNode node;
  std::vector<std::string> logs;
  std::deque<std::pair<std::uint16_t, Bytes>> outbox;
  std::vector<Bytes> sent_after_hello;

  explicit Router(sso::SsoServiceConfig c) : config(std::move(c)), node(config.node) {}

  void take(NodeActions a) {
    for (auto& s : a.sends) {
      outbox.emplace_back(static_cast<std::uint16_t>(s.stream), s.bytes);
      if (node.channel().ready()) sent_after_hello.push_back(std::move(s.bytes));
    }
    for (const auto& l : a.logs) logs.push_back(l.format());
  }
  bool logged(const std::string& part) const {
    for (const auto& l : logs)
      if (l.find(part) != std::string::npos) return true;
    return false;
  }
};

class ChannelKeyNodes : public ::testing::Test {
 protected:
  void join(const std::string& r10_extra, const std::string& r11_extra) {
    auto c10 = sso::sso_config_from_plan(plan_for("R10", r10_extra));
    auto c11 = sso::sso_config_from_plan(plan_for("R11", r11_extra));
    ASSERT_TRUE(c10 && c11);
    r10 = std::make_unique<Router>(std::move(*c10));
    r11 = std::make_unique<Router>(std::move(*c11));
    r10->take(r10->node.start(now));
    r11->take(r11->node.start(now));
    r10->take(r10->node.hsrp_changed(sso::HsrpRole::Active, now));
    r11->take(r11->node.hsrp_changed(sso::HsrpRole::Standby, now));
    std::array<std::uint8_t, sso::ChannelSecurity::kRandomLen> random{};
    random.fill(0x10);
    r10->take(r10->node.association_up(random, now));
    random.fill(0x11);
    r11->take(r11->node.association_up(random, now));
    deliver();
  }

  // What SsoService::on_message does: the node steps, and a refused record raises the alarm once.
  void receive(Router& to, std::uint16_t stream, const Bytes& bytes) {
    const sso::ChannelCounters before = to.node.channel().counters();
    to.take(to.node.record_received({stream, bytes}, now));
    if (auto alarm = sso::channel_alarm(before, to.node.channel().counters(), to.config.node.channel.remote_id,
                                        to.config.channel_key_source)) {
      to.logs.push_back(alarm->format());
    }
  }

  void deliver() {
    for (int round = 0; round < 1000; ++round) {
      bool moved = false;
      for (auto [from, to] : {std::pair{r10.get(), r11.get()}, std::pair{r11.get(), r10.get()}}) {
        while (!from->outbox.empty()) {
          auto [stream, bytes] = std::move(from->outbox.front());
          from->outbox.pop_front();
          receive(*to, stream, bytes);
          moved = true;
        }
      }
      if (!moved) return;
      now += std::chrono::milliseconds(10);
    }
  }

  TimePoint now = TimePoint(std::chrono::hours(1));
  std::unique_ptr<Router> r10;
  std::unique_ptr<Router> r11;
};

TEST_F(ChannelKeyNodes, SameKeySealsEveryRecordAndNeverRunsClear) {
  join(ios_protection("SsoPairKey-2026", "6.6.146.11"), ios_protection("SsoPairKey-2026", "6.6.146.10"));
  for (Router* r : {r10.get(), r11.get()}) {
    EXPECT_TRUE(r->node.channel().keyed());
    EXPECT_TRUE(r->node.channel().ready());
    EXPECT_EQ(r->config.channel_key_source, "crypto isakmp key for " + r->config.node.channel.remote_id);
    EXPECT_GT(r->node.channel().counters().opened, 0u);
    EXPECT_EQ(r->node.channel().counters().count(sso::ChannelError::AuthFailed), 0u);
    EXPECT_FALSE(r->logged("SSO_CLEARTEXT"));
    EXPECT_FALSE(r->logged("SSO_CHANNEL"));
    ASSERT_FALSE(r->sent_after_hello.empty());
    for (const auto& frame : r->sent_after_hello) EXPECT_EQ(frame.front(), 0x01) << "a clear frame";
  }
  // The peers see each other: R11 learned R10 is active from a sealed status record.
  EXPECT_TRUE(sso::is_active(r11->node.rf().peer_state()));
  const auto status = sso::status_of(r10->node);
  EXPECT_TRUE(status.security_configured);
}

TEST_F(ChannelKeyNodes, DifferentKeysFailAuthenticationAndSaySoWithoutTheKey) {
  join(ios_protection("SsoPair-R10-2026", "6.6.146.11"), ios_protection("SsoPair-R11-2026", "6.6.146.10"));
  std::uint64_t failed = 0;
  for (Router* r : {r10.get(), r11.get()}) {
    failed += r->node.channel().counters().count(sso::ChannelError::AuthFailed);
    EXPECT_EQ(r->node.channel().counters().opened, 0u);
    for (const auto& l : r->logs) {
      EXPECT_EQ(l.find("SsoPair-R1"), std::string::npos) << l;
    }
  }
  EXPECT_GT(failed, 0u);
  EXPECT_TRUE(r10->logged("%CRYPTO-3-SSO_CHANNEL_AUTH") || r11->logged("%CRYPTO-3-SSO_CHANNEL_AUTH"));
  const Router& loud = r10->logged("SSO_CHANNEL_AUTH") ? *r10 : *r11;
  EXPECT_TRUE(loud.logged("crypto isakmp key for " + loud.config.node.channel.remote_id));
  EXPECT_FALSE(sso::is_active(r11->node.rf().peer_state()));
}

TEST_F(ChannelKeyNodes, KeyOnOneSideOnlyIsAModeMismatch) {
  join(ios_protection("SsoPairKey-2026", "6.6.146.11"), "");
  EXPECT_TRUE(r10->node.channel().keyed());
  EXPECT_FALSE(r11->node.channel().keyed());
  EXPECT_TRUE(r11->logged("SSO_CLEARTEXT"));
  EXPECT_TRUE(r10->logged("%CRYPTO-3-SSO_CHANNEL_MODE") || r11->logged("%CRYPTO-3-SSO_CHANNEL_MODE"));
}

TEST_F(ChannelKeyNodes, NoKeyRunsClearAndSaysSo) {
  join("", "");
  EXPECT_TRUE(r10->logged("%CRYPTO-4-SSO_CLEARTEXT"));
  EXPECT_TRUE(r11->logged("%CRYPTO-4-SSO_CLEARTEXT"));
  EXPECT_TRUE(sso::is_active(r11->node.rf().peer_state()));
}

TEST(ChannelKeyShow, InterDeviceShowsWhereTheKeyCameFrom) {
  sso::RedundancyStatus s;
  s.security_configured = true;
  s.security_source = "crypto isakmp key for 6.6.146.11";
  EXPECT_NE(sso::show_redundancy_inter_device(s).find(
                "Security: Configured (AES-256-GCM, key from crypto isakmp key for 6.6.146.11)\n"),
            std::string::npos);
  EXPECT_EQ(sso::to_json(s)["security_key_source"], "crypto isakmp key for 6.6.146.11");
  s.security_configured = false;
  s.security_source.clear();
  EXPECT_NE(sso::show_redundancy_inter_device(s).find("Security: Not configured\n"), std::string::npos);
}

}  // namespace
}  // namespace havpnc::channel_key_test
