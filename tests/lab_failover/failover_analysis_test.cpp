// The experiment's bookkeeping on made-up timelines: echo accounting, the outage as the
// silence in replies around the failure, the seed-style line, R2's SA verdict from its show
// output (hostile JSON included), and the SVG (parsed back as XML by a tiny checker).
#include <gtest/gtest.h>

#include "runtime/lab/failover_analysis.h"
#include "runtime/lab/failover_svg.h"

namespace havpnc::lab {
namespace {

// 1 echo per ms from 0 to `n` ms, answered 1 ms later, except those sent in [lose_from, lose_to).
std::vector<Echo> timeline(int n, int lose_from, int lose_to, int unreachable_at = -1) {
  std::vector<Echo> v;
  for (int i = 0; i < n; ++i) {
    Echo e;
    e.sent_us = i * 1000;
    if (i < lose_from || i >= lose_to) e.reply_us = e.sent_us + 1000;
    e.unreachable = i == unreachable_at;
    v.push_back(e);
  }
  return v;
}

Failover failover_at(int fail_ms, int restore_ms, int end_ms) {
  Failover f;
  f.index = 1;
  f.router = "R11";
  f.mode = "link";
  f.took_over = "R10";
  f.phase_us = (fail_ms - 100) * 1000;
  f.fail_us = fail_ms * 1000;
  f.recovered_us = (restore_ms - 10) * 1000;
  f.restore_us = restore_ms * 1000;
  f.end_us = end_ms * 1000;
  return f;
}

TEST(FailoverFigure, CountsEveryEchoAndMeasuresTheSilence) {
  const auto echoes = timeline(3000, 1000, 1300, 1100);
  const FailoverFigures x = figure(echoes, failover_at(1000, 2000, 3000));
  EXPECT_EQ(x.sent, 1100u);  // [900, 2000) ms
  EXPECT_EQ(x.lost, 300u);
  EXPECT_EQ(x.replied + x.lost, x.sent);
  EXPECT_EQ(x.unreachable, 1u);
  ASSERT_TRUE(x.outage_ms);
  // Last reply: echo 999 answered at 1000 ms; first after: echo 1300 answered at 1301 ms.
  EXPECT_DOUBLE_EQ(*x.outage_ms, 301.0);
  EXPECT_EQ(*x.last_reply_before_us, 1'000'000);
  EXPECT_EQ(*x.first_reply_after_us, 1'301'000);
  EXPECT_EQ(x.line, "!!!!!......{88 .}......U......{187 .}......!!!!!");
  EXPECT_EQ(x.lost_after_restore, 0u);
}

TEST(FailoverFigure, AStrayReplyInsideTheOutageDoesNotSplitIt) {
  auto echoes = timeline(3000, 1000, 1300);
  echoes[1150].reply_us = echoes[1150].sent_us + 1000;  // one echo got through mid-takeover
  const FailoverFigures x = figure(echoes, failover_at(1000, 2000, 3000));
  EXPECT_EQ(x.lost, 299u);
  ASSERT_TRUE(x.outage_ms);
  EXPECT_DOUBLE_EQ(*x.outage_ms, 301.0);
}

TEST(FailoverFigure, NoLossGivesTheInterReplyGapAndAShortLine) {
  const auto echoes = timeline(3000, -1, -1);
  const FailoverFigures x = figure(echoes, failover_at(1000, 2000, 3000));
  EXPECT_EQ(x.lost, 0u);
  ASSERT_TRUE(x.outage_ms);
  EXPECT_DOUBLE_EQ(*x.outage_ms, 1.0);
  EXPECT_EQ(x.line, "!!!!!!!!!!");
}

TEST(FailoverFigure, SilenceToTheRestoreIsNotRecovered) {
  auto f = failover_at(1000, 2000, 3000);
  f.recovered_us.reset();
  const FailoverFigures x = figure(timeline(3000, 1000, 2500), f);
  EXPECT_FALSE(x.outage_ms);
  EXPECT_EQ(x.lost, 1000u);
  EXPECT_EQ(x.lost_after_restore, 500u);
}

TEST(FailoverFigure, LateReplyIsATimeout) {
  auto echoes = timeline(10, -1, -1);
  echoes[3].reply_us = echoes[3].sent_us + kEchoTimeoutUs + 1;
  EXPECT_EQ(echoes[3].symbol(), '.');
  const Summary s = summarize(echoes, {}, {});
  EXPECT_EQ(s.sent, 10u);
  EXPECT_EQ(s.lost, 1u);
  EXPECT_EQ(s.replied, 9u);
}

TEST(FailoverFigure, CompressLineKeepsShortRuns) {
  EXPECT_EQ(compress_line("!!!!.U...!!!"), "!!!!.U...!!!");
  EXPECT_EQ(compress_line(std::string(17, '.')), "......{5 .}......");
  EXPECT_EQ(compress_line(""), "");
}

TEST(FailoverSummary, MedianAndMax) {
  EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(median({4, 1, 2, 3}), 2.5);
  const auto echoes = timeline(3000, 1000, 1300);
  const auto f = failover_at(1000, 2000, 3000);
  const Summary s = summarize(echoes, {f}, {figure(echoes, f)});
  ASSERT_TRUE(s.median_ms && s.max_ms);
  EXPECT_DOUBLE_EQ(*s.max_ms, 301.0);
  EXPECT_EQ(s.sent, s.replied + s.lost);
}

const char* kIsakmp = R"({"isakmp_sas":[{"conn_id":1001,"local":"6.6.25.2","remote":"6.6.156.100"}]})";
std::string ipsec(int in_spi, int out_spi, int replay, int icv) {
  return R"({"peers":[{"inbound_esp_sas":[{"spi":)" + std::to_string(in_spi) +
         R"(,"drops":{"replay":)" + std::to_string(replay) + R"(,"icv":)" + std::to_string(icv) +
         R"(}}],"outbound_esp_sas":[{"spi":)" + std::to_string(out_spi) + "}]}]}";
}

TEST(SaVerdict, SameCookiesAndSpisAndNoNewDrops) {
  const auto before = parse_sa_snapshot(kIsakmp, ipsec(10, 20, 3, 1));
  const auto after = parse_sa_snapshot(kIsakmp, ipsec(10, 20, 3, 1));
  ASSERT_TRUE(before.answered);
  EXPECT_EQ(before.ike_conn_ids, std::vector<std::uint64_t>{1001});
  const SaVerdict v = compare_sas(before, after);
  EXPECT_TRUE(v.comparable);
  EXPECT_TRUE(v.same());
}

TEST(SaVerdict, NewMainModeNewSpisOrDropsAreNotSame) {
  const auto before = parse_sa_snapshot(kIsakmp, ipsec(10, 20, 0, 0));
  const auto renegotiated =
      parse_sa_snapshot(R"({"isakmp_sas":[{"conn_id":1003}]})", ipsec(11, 21, 0, 0));
  SaVerdict v = compare_sas(before, renegotiated);
  EXPECT_FALSE(v.ike_same);
  EXPECT_FALSE(v.ipsec_same);
  EXPECT_FALSE(v.same());
  v = compare_sas(before, parse_sa_snapshot(kIsakmp, ipsec(10, 20, 2, 0)));
  EXPECT_TRUE(v.ike_same && v.ipsec_same);
  EXPECT_EQ(v.replay_drops, 2u);
  EXPECT_FALSE(v.same());
  v = compare_sas(before, parse_sa_snapshot(kIsakmp, ipsec(10, 20, 0, 5)));
  EXPECT_EQ(v.icv_drops, 5u);
  EXPECT_FALSE(v.same());
}

TEST(SaVerdict, HostileOrEmptyShowIsNotComparable) {
  for (const char* bad : {"", "[]", "{\"isakmp_sas\":7}", "{\"isakmp_sas\":[{\"conn_id\":-1}]}", "{\"isakmp_sas\""}) {
    const auto s = parse_sa_snapshot(bad, ipsec(1, 2, 0, 0));
    const SaVerdict v = compare_sas(s, s);
    EXPECT_FALSE(v.same()) << bad;
  }
  // Wrong types inside an otherwise good answer are skipped, not trusted.
  const auto odd = parse_sa_snapshot(kIsakmp, R"({"peers":[{"inbound_esp_sas":[{"spi":"x"},7,null]},3]})");
  EXPECT_TRUE(odd.answered);
  EXPECT_TRUE(odd.inbound_spis.empty());
  EXPECT_FALSE(compare_sas(odd, odd).comparable);
}

// A minimal well-formedness check: every tag closes in order, attributes are quoted.
bool well_formed_xml(const std::string& s) {
  std::vector<std::string> stack;
  std::size_t i = s.find("<svg");
  if (i == std::string::npos) return false;
  while ((i = s.find('<', i)) != std::string::npos) {
    const std::size_t end = s.find('>', i);
    if (end == std::string::npos) return false;
    const std::string tag = s.substr(i + 1, end - i - 1);
    if (tag.empty()) return false;
    if (tag[0] == '/') {
      if (stack.empty() || stack.back() != tag.substr(1)) return false;
      stack.pop_back();
    } else if (tag.back() != '/') {
      stack.push_back(tag.substr(0, tag.find(' ')));
    }
    i = end + 1;
  }
  return stack.empty();
}

TEST(FailoverSvg, RendersEveryLaneAndEscapesNames) {
  PlotInput in;
  in.title = "R<2> & friends";
  in.routers = {"R10", "R11"};
  in.echoes = timeline(3000, 1000, 1300, 1100);
  in.failovers = {failover_at(1000, 2000, 3000)};
  in.figures = {figure(in.echoes, in.failovers[0])};
  in.samples = {{0, "R10", "Standby", ""},        {0, "R11", "Active", ""},
                {1000'000, "R11", "Init", ""},    {1300'000, "R10", "Active", ""},
                {2000'000, "R11", "Standby", ""}};
  const std::string svg = render_svg(in);
  EXPECT_TRUE(well_formed_xml(svg));
  EXPECT_NE(svg.find("R&lt;2&gt; &amp; friends"), std::string::npos);
  EXPECT_NE(svg.find("#e53935"), std::string::npos);  // lost echoes drawn
  EXPECT_NE(svg.find("#fb8c00"), std::string::npos);  // the unreachable one
  EXPECT_NE(svg.find("R11 HSRP"), std::string::npos);
  EXPECT_EQ(svg.find(" RF<"), std::string::npos);     // no RF lane without RF samples
  EXPECT_NE(svg.find("failover #1: R11 (link), 300 lost, outage 301.0 ms"), std::string::npos);
  in.samples.push_back({1500'000, "R10", "Active", "ACTIVE"});
  EXPECT_NE(render_svg(in).find("R10 RF"), std::string::npos);
}

}  // namespace
}  // namespace havpnc::lab
