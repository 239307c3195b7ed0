// load_plan / write_plan: round trips, every validator error path with its JSON path,
// hostile documents, redaction.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "runtime/plan/load_plan.h"
#include "runtime/plan/write_plan.h"
#include "tests/plan/plan_test_support.h"

namespace havpnc::plan {
namespace {

using nlohmann::json;
using plan_test::golden;
using plan_test::read_file;

std::string load_error(const std::string& text, const LoadOptions& options = {}) {
  auto r = load_plan(text, options);
  if (r.ok()) return "(loaded)";
  return r.error.to_string();
}

class GoldenRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenRoundTrip, WriteLoadWriteIsByteIdentical) {
  const std::string text = read_file(golden(GetParam()));
  auto first = load_plan(text);
  ASSERT_TRUE(first.ok()) << first.error.to_string();
  const std::string written = write_plan(*first.plan);
  EXPECT_EQ(written, text);
  auto second = load_plan(written);
  ASSERT_TRUE(second.ok()) << second.error.to_string();
  EXPECT_EQ(write_plan(*second.plan), written);
}

TEST_P(GoldenRoundTrip, RedactedPlanIsRefusedUnlessAllowed) {
  auto loaded = load_plan(read_file(golden(GetParam())));
  ASSERT_TRUE(loaded.ok());
  const std::string redacted = write_plan(*loaded.plan, {.redact = true});
  EXPECT_EQ(load_error(redacted),
            "$.redacted: the plan is redacted (its secrets were replaced by \"<redacted>\" for sharing); "
            "compile the config again without --redact to get a plan that can run");
  auto shown = load_plan(redacted, {.allow_redacted = true});
  ASSERT_TRUE(shown.ok()) << shown.error.to_string();
  EXPECT_EQ(write_plan(*shown.plan, {.redact = true}), redacted);
  // Every secret field says <redacted>; no key text is left.
  const json doc = json::parse(redacted);
  for (const auto& k : doc["pre_shared_keys"]) EXPECT_EQ(k["key"], "<redacted>");
  for (const auto& g : doc["hsrp_groups"]) EXPECT_EQ(g["authentication"]["key"], "<redacted>");
  EXPECT_EQ(redacted.find("\"cisco\""), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Seed, GoldenRoundTrip, ::testing::Values("R10", "R11", "R2"));

// Each case of bad_plans.json (shared with the schema test) patched onto the R10 golden plan.
TEST(BadPlans, EachIsRefusedWithItsJsonPath) {
  const auto dir = plan_test::source_dir() / "tests/plan";
  const json cases = json::parse(read_file(dir / "bad_plans.json"));
  const json base = json::parse(read_file(dir / cases["base"].get<std::string>()));
  ASSERT_TRUE(load_plan(base.dump()).ok());
  ASSERT_GE(cases["cases"].size(), 40u);
  for (const auto& c : cases["cases"]) {
    const std::string text = base.patch(c["patch"]).dump(2);
    EXPECT_EQ(load_error(text), c["error"].get<std::string>()) << "case: " << c["name"];
  }
}

TEST(BadPlans, NotJsonSaysWhereAndQuotesNothing) {
  EXPECT_EQ(load_error(""), "$: not valid JSON (error at line 1 column 1)");
  EXPECT_EQ(load_error("{\n  \"plan_version\": 1,\n  \"x\": secret-text\n}"),
            "$: not valid JSON (error at line 3 column 8)");
  EXPECT_EQ(load_error("[1, 2]"), "$: expected an object, got an array");
  EXPECT_EQ(load_error("{}"), "$: missing field \"plan_version\"");
}

TEST(BadPlans, NumberNoDoubleHoldsIsRefusedNotThrown) {
  // Found by fuzz_plan_load: nlohmann throws out_of_range, not parse_error, for it.
  EXPECT_EQ(load_error("{\"plan_version\": 2e10000}"), "$: not valid JSON (a number is out of range)");
}

TEST(BadPlans, DeepNestingIsRefusedBeforeParsing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(load_error(deep), "$: nested deeper than 16 levels at line 1 column 17");
}

TEST(BadPlans, OversizedInputIsRefusedUnread) {
  EXPECT_EQ(load_error(std::string(100, ' '), {.max_bytes = 10}), "$: the plan is 100 bytes, more than the limit of 10");
}

TEST(BadPlans, DuplicateKeysAreAmbiguous) {
  std::string text = read_file(golden("R10"));
  text.insert(text.find('{') + 1, "\"hostname\": \"EVIL\",");
  EXPECT_EQ(load_error(text), "$: field \"hostname\" appears twice in one object");
}

TEST(BadPlans, ErrorsNeverQuoteAKey) {
  json doc = json::parse(read_file(golden("R10")));
  const std::string key = "Zq8\x01secretbytes";
  doc["pre_shared_keys"][0]["key"] = key;
  const std::string error = load_error(doc.dump());
  EXPECT_EQ(error, "$.pre_shared_keys[0].key: the key must be printable ASCII");
  EXPECT_EQ(error.find("secretbytes"), std::string::npos);
  doc["pre_shared_keys"][0]["key"] = std::string(129, 'k');
  EXPECT_EQ(load_error(doc.dump()), "$.pre_shared_keys[0].key: the key is longer than 128 characters");
  doc["pre_shared_keys"][0]["key"] = 42;
  EXPECT_EQ(load_error(doc.dump()), "$.pre_shared_keys[0].key: expected a string, got an integer");
}

TEST(BadPlans, LongOrControlValuesAreCutInMessages) {
  json doc = json::parse(read_file(golden("R10")));
  doc["dpd"]["mode"] = std::string(500, 'x');
  const std::string error = load_error(doc.dump());
  EXPECT_LT(error.size(), 200u);
  EXPECT_NE(error.find("..."), std::string::npos);
  doc = json::parse(read_file(golden("R10")));
  doc["hostname"] = "R10\nevil";
  EXPECT_EQ(load_error(doc.dump()), "$.hostname: must be printable ASCII");
}

TEST(BadPlans, PoliciesMustBeAscending) {
  json doc = json::parse(read_file(golden("R10")));
  json second = doc["isakmp_policies"][0];
  second["priority"] = 5;
  doc["isakmp_policies"].push_back(second);
  EXPECT_EQ(load_error(doc.dump()),
            "$.isakmp_policies[1].priority: priorities must be unique and ascending (IOS offers and matches policies in that order)");
}

TEST(BadPlans, HsrpVersionIsPerInterface) {
  json doc = json::parse(read_file(golden("R10")));
  json g = doc["hsrp_groups"][0];
  g["group"] = 7;
  g["name"] = nullptr;
  g["version"] = 2;
  doc["hsrp_groups"].insert(doc["hsrp_groups"].begin() + 1, g);
  EXPECT_EQ(load_error(doc.dump()),
            "$.hsrp_groups[1].version: groups on GigabitEthernet0/0 use HSRP versions 1 and 2 (the version is per interface)");
}

TEST(BadPlans, GcmTakesNoIntegrity) {
  json doc = json::parse(read_file(golden("R10")));
  doc["transform_sets"][0]["esp_encryption"] = "gcm-256";
  EXPECT_EQ(load_error(doc.dump()),
            "$.transform_sets[0].esp_integrity: must be null with gcm-256 (a combined-mode cipher has its own integrity check)");
  doc["transform_sets"][0]["esp_integrity"] = nullptr;
  EXPECT_TRUE(load_plan(doc.dump()).ok());
}

TEST(BadPlans, HsrpNeedsAnInterfaceAddress) {
  json doc = json::parse(read_file(golden("R10")));
  doc["interfaces"][0]["address"] = nullptr;
  EXPECT_EQ(load_error(doc.dump()),
            "$.hsrp_groups[0].interface: interface \"GigabitEthernet0/0\" has no address: HSRP needs one to send Hellos from");
}

TEST(Values, LoadedPlanCarriesWhatTheCoresNeed) {
  auto r = load_plan(read_file(golden("R10")));
  ASSERT_TRUE(r.ok());
  const Plan& p = *r.plan;
  EXPECT_EQ(p.hostname, "R10");
  ASSERT_EQ(p.pre_shared_keys.size(), 1u);
  EXPECT_EQ(p.pre_shared_keys[0].address.to_string(), "6.6.25.2");
  EXPECT_TRUE(p.pre_shared_keys[0].key == Secret(std::string_view("cisco")));
  ASSERT_TRUE(p.dpd);
  EXPECT_EQ(p.dpd->mode, DpdMode::Periodic);
  const auto* map = p.find_crypto_map("MAP2");
  ASSERT_NE(map, nullptr);
  EXPECT_EQ(map->entries[0].replay_window, 1024u);
  EXPECT_EQ(map->entries[0].pfs_group, 2u);
  EXPECT_EQ(map->replay_interval_outbound, 1000u);
  ASSERT_EQ(map->entries[0].selectors.size(), 1u);
  EXPECT_EQ(map->entries[0].selectors[0].local.to_string(), "6.6.146.0/24");
  const auto* hsrp = p.find_hsrp_group_named("HSRP");
  ASSERT_NE(hsrp, nullptr);
  EXPECT_EQ(hsrp->virtual_ip->to_string(), "6.6.156.100");
  ASSERT_EQ(hsrp->tracks.size(), 1u);
  EXPECT_EQ(hsrp->tracks[0].decrement, 30u);
  EXPECT_EQ(p.find_track(3)->members.size(), 2u);
}

TEST(Ipv4, StrictParsing) {
  EXPECT_TRUE(Ipv4::parse("0.0.0.0"));
  EXPECT_TRUE(Ipv4::parse("255.255.255.255"));
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.256", "1..3.4", " 1.2.3.4", "1.2.3.4 ", "+1.2.3.4", "a.b.c.d"}) {
    EXPECT_FALSE(Ipv4::parse(bad)) << bad;
  }
  EXPECT_EQ(Ipv4Prefix::parse("6.6.146.10/24")->network().to_string(), "6.6.146.0");
  EXPECT_FALSE(Ipv4Prefix::parse("6.6.146.10/33"));
  EXPECT_FALSE(Ipv4Prefix::parse("6.6.146.10/"));
  EXPECT_FALSE(Ipv4Prefix::parse("6.6.146.10/024"));
  EXPECT_EQ(prefix_length_of_mask(Ipv4{0xFFFFFF00u}), 24);
  EXPECT_FALSE(prefix_length_of_mask(Ipv4{0xFF00FF00u}));
}

}  // namespace
}  // namespace havpnc::plan
