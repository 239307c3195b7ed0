// IOS timestamps as in the seed, line-safety of record text, and the secret filter.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <sstream>

#include "runtime/log/ios_timestamp.h"
#include "runtime/log/logger.h"

namespace havpnc::log {
namespace {

// 2023-12-11 21:44:26.123 UTC, the seed's failover line.
WallTime seed_time() {
  using namespace std::chrono;
  return sys_days{year{2023} / December / 11} + hours(21) + minutes(44) + seconds(26) +
         milliseconds(123);
}

TEST(IosTimestamp, MatchesTheSeedForm) {
  EXPECT_EQ(ios_timestamp(seed_time()), "*Dec 11 21:44:26.123");
  using namespace std::chrono;
  EXPECT_EQ(ios_timestamp(sys_days{year{2024} / March / 3} + milliseconds(7)), "*Mar  3 00:00:00.007");
}

TEST(Logger, WritesTheSeedLineToAStream) {
  std::ostringstream out;
  Logger logger([] { return seed_time(); });
  logger.add_sink(std::make_shared<StreamSink>(out));
  logger.log({"HSRP", Severity::Notice, "STATECHANGE",
              "GigabitEthernet0/1 Grp 2 state Standby -> Active"});
  EXPECT_EQ(out.str(),
            "*Dec 11 21:44:26.123: %HSRP-5-STATECHANGE: GigabitEthernet0/1 Grp 2 state Standby -> "
            "Active\n");
}

TEST(Logger, ControlCharactersCannotForgeASecondLine) {
  auto sink = std::make_shared<MemorySink>();
  Logger logger([] { return seed_time(); });
  logger.add_sink(sink);
  logger.log({"CRYPTO", Severity::Warning, "BAD_ID",
              "peer id x\n*Dec 11 21:44:27.000: %HSRP-5-STATECHANGE: fake\x1b[2J"});
  ASSERT_EQ(sink->lines().size(), 1u);
  EXPECT_EQ(sink->lines()[0].find('\n'), std::string::npos);
  EXPECT_EQ(sink->lines()[0].find('\x1b'), std::string::npos);
}

TEST(Logger, SeverityLevelFilters) {
  auto sink = std::make_shared<MemorySink>();
  Logger logger;
  logger.add_sink(sink);
  logger.set_level(Severity::Notice);
  logger.log({"A", Severity::Debug, "X", "dropped"});
  logger.log({"A", Severity::Error, "X", "kept"});
  ASSERT_EQ(sink->lines().size(), 1u);
  EXPECT_NE(sink->lines()[0].find("%A-3-X: kept"), std::string::npos);
}

TEST(SecretFilter, FindsRegisteredKeysAnywhereAndShortKeysAsWords) {
  SecretFilter filter;
  filter.add(Secret(std::string_view{"cisco123"}));
  filter.add(Secret(std::string_view{"k1"}));
  filter.add(Secret(std::string_view{""}));  // ignored: would match everything
  EXPECT_EQ(filter.size(), 2u);
  EXPECT_TRUE(filter.contains_secret("psk=cisco123;"));
  EXPECT_TRUE(filter.contains_secret("xxcisco123yy"));
  EXPECT_FALSE(filter.contains_secret("cisco12"));
  EXPECT_TRUE(filter.contains_secret("key k1 used"));
  EXPECT_FALSE(filter.contains_secret("track k1x and ak1"));
}

TEST(Logger, RecordCarryingARegisteredSecretIsWithheld) {
  auto sink = std::make_shared<MemorySink>();
  Logger logger([] { return seed_time(); });
  logger.add_sink(sink);
  logger.secrets().add(Secret(std::string_view{"s3cr3t-psk"}));
  logger.log({"CRYPTO", Severity::Error, "IKMP_BAD_MESSAGE", "key s3cr3t-psk from 6.6.25.2"});
  logger.log({"s3cr3t-psk", Severity::Error, "X", "in the facility"});
  logger.log({"CRYPTO", Severity::Notice, "OK", "6.6.25.2 up"});
  const auto lines = sink->lines();
  ASSERT_EQ(lines.size(), 3u);
  for (const auto& line : lines) EXPECT_EQ(line.find("s3cr3t"), std::string::npos) << line;
  EXPECT_EQ(lines[0],
            "*Dec 11 21:44:26.123: %LOG-3-SECRET_WITHHELD: a log message was withheld because it "
            "contained key material");
  EXPECT_NE(lines[2].find("%CRYPTO-5-OK: 6.6.25.2 up"), std::string::npos);
  EXPECT_EQ(logger.counters().withheld, 2u);
}

}  // namespace
}  // namespace havpnc::log
