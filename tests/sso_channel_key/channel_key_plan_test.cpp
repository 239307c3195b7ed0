// The compiler puts the resolved channel key in the plan; the plan writer and loader carry it
// like every other secret (redacted for sharing, never quoted in an error).
#include <gtest/gtest.h>

#include "compiler/plan/compile.h"
#include "runtime/plan/load_plan.h"
#include "runtime/plan/write_plan.h"
#include "tests/sso_channel_key/channel_key_configs.h"

namespace havpnc::channel_key_test {
namespace {

compiler::CompileResult compile_text(const std::string& text) { return compiler::compile(parse(text)); }

std::string messages(const compiler::CompileResult& r) {
  std::string out;
  for (const auto& e : r.errors) out += "error: " + e.message + "\n";
  for (const auto& w : r.warnings) out += "warning: " + w.message + "\n";
  return out;
}

TEST(ChannelKeyPlan, CompilerResolvesTheIsakmpKeyForTheIpcRemoteIp) {
  const auto r = compile_text(seed_with("R10", ios_protection("SsoPairKey-2026", "6.6.146.11")));
  ASSERT_TRUE(r.ok()) << messages(r);
  EXPECT_TRUE(r.warnings.empty()) << messages(r);
  ASSERT_TRUE(r.plan.inter_device);
  EXPECT_EQ(r.plan.inter_device->security_ipsec, "SSO-PROTECT");
  EXPECT_EQ(r.plan.inter_device->channel_key, Secret(std::string_view("SsoPairKey-2026")));
  EXPECT_EQ(r.plan.inter_device->channel_key_source, "crypto isakmp key for 6.6.146.11");
}

TEST(ChannelKeyPlan, DeterministicAndRoundTrips) {
  const std::string config = seed_with("R10", ios_protection("SsoPairKey-2026", "6.6.146.11"));
  const std::string first = plan::write_plan(compile_text(config).plan);
  const std::string second = plan::write_plan(compile_text(config).plan);
  EXPECT_EQ(first, second);
  EXPECT_NE(first.find("\"channel_key\": \"SsoPairKey-2026\""), std::string::npos) << first;
  auto loaded = plan::load_plan(first);
  ASSERT_TRUE(loaded.ok()) << loaded.error.to_string();
  EXPECT_EQ(loaded.plan->inter_device->channel_key, Secret(std::string_view("SsoPairKey-2026")));
  EXPECT_EQ(loaded.plan->inter_device->channel_key_source, "crypto isakmp key for 6.6.146.11");
  EXPECT_EQ(plan::write_plan(*loaded.plan), first);
}

TEST(ChannelKeyPlan, RedactedPlanHasNoKeyAndDoesNotRun) {
  const auto r = compile_text(seed_with("R10", ios_protection("SsoPairKey-2026", "6.6.146.11")));
  const std::string shared = plan::write_plan(r.plan, {.redact = true});
  EXPECT_EQ(shared.find("SsoPairKey-2026"), std::string::npos);
  EXPECT_NE(shared.find("\"channel_key\": \"<redacted>\""), std::string::npos);
  EXPECT_FALSE(plan::load_plan(shared).ok());
  EXPECT_TRUE(plan::load_plan(shared, {.allow_redacted = true}).ok());
}

TEST(ChannelKeyPlan, Type7KeyIsDecoded) {
  // "cisco" in Cisco type 7 is 0822455D0A16.
  const auto r = compile_text(seed_with("R10", ios_protection("7 0822455D0A16", "6.6.146.11")));
  ASSERT_TRUE(r.ok()) << messages(r);
  EXPECT_EQ(r.plan.inter_device->channel_key, Secret(std::string_view("cisco")));
}

TEST(ChannelKeyPlan, HavpncSecurityKey) {
  const auto r = compile_text(seed_with("R10", "redundancy inter-device\n security key 0 Direct-2026\n"));
  ASSERT_TRUE(r.ok()) << messages(r);
  EXPECT_EQ(r.plan.inter_device->channel_key, Secret(std::string_view("Direct-2026")));
  EXPECT_EQ(r.plan.inter_device->channel_key_source, "redundancy inter-device security key");
  EXPECT_FALSE(r.plan.inter_device->security_ipsec);
}

TEST(ChannelKeyPlan, NoKeyForTheRemoteIpIsAWarningAndAClearChannel) {
  const auto r = compile_text(seed_with("R10", ios_protection("SsoPairKey-2026", "6.6.146.12")));
  ASSERT_TRUE(r.ok()) << messages(r);
  ASSERT_EQ(r.warnings.size(), 1u) << messages(r);
  EXPECT_NE(r.warnings[0].message.find("remote-ip 6.6.146.11"), std::string::npos) << r.warnings[0].message;
  EXPECT_NE(r.warnings[0].message.find("in the clear"), std::string::npos) << r.warnings[0].message;
  EXPECT_EQ(r.warnings[0].range.line, 107u);  // the `security ipsec` line
  EXPECT_TRUE(r.plan.inter_device->channel_key.empty());
  EXPECT_FALSE(r.plan.inter_device->channel_key_source);
  const std::string text = plan::write_plan(r.plan);
  EXPECT_NE(text.find("\"channel_key\": null"), std::string::npos);
  EXPECT_TRUE(plan::load_plan(text).ok());
}

TEST(ChannelKeyPlan, UndefinedProfileIsAnError) {
  const auto r = compile_text(seed_with("R10",
                                        "crypto isakmp key SsoPairKey-2026 address 6.6.146.11\n"
                                        "redundancy inter-device\n security ipsec NOT-DEFINED\n"));
  ASSERT_EQ(r.errors.size(), 1u) << messages(r);
  EXPECT_NE(r.errors[0].message.find("crypto ipsec profile NOT-DEFINED"), std::string::npos);
  EXPECT_EQ(r.errors[0].message.find("SsoPairKey-2026"), std::string::npos);
}

TEST(ChannelKeyPlan, Type6KeyIsAnErrorThatDoesNotQuoteIt) {
  const auto r = compile_text(seed_with("R10", ios_protection("6 SecretBlob2026AAAA", "6.6.146.11")));
  ASSERT_FALSE(r.ok());
  for (const auto& e : r.errors) EXPECT_EQ(e.message.find("SecretBlob2026AAAA"), std::string::npos) << e.message;
}

TEST(ChannelKeyPlan, LoaderRefusesAKeyWithoutItsSourceAndNeverQuotesIt) {
  const auto r = compile_text(seed_with("R10", ios_protection("SsoPairKey-2026", "6.6.146.11")));
  std::string text = plan::write_plan(r.plan);
  const std::string source = "\"channel_key_source\": \"crypto isakmp key for 6.6.146.11\"";
  const auto at = text.find(source);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, source.size(), "\"channel_key_source\": null");
  auto loaded = plan::load_plan(text);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error.json_path, "$.inter_device.channel_key");
  EXPECT_EQ(loaded.error.to_string().find("SsoPairKey-2026"), std::string::npos);

  // A key with a control character is refused, and the message does not echo it.
  std::string bad = plan::write_plan(r.plan);
  const auto k = bad.find("SsoPairKey-2026");
  bad.replace(k, 15, "SsoPair\\u0001Key");
  loaded = plan::load_plan(bad);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error.json_path, "$.inter_device.channel_key");
  EXPECT_EQ(loaded.error.to_string().find("SsoPair"), std::string::npos);
}

}  // namespace
}  // namespace havpnc::channel_key_test
