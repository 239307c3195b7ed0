// IOS abbreviation matching, errors in IOS words, JSON variants and registration rules.
#include <gtest/gtest.h>

#include <stdexcept>

#include "runtime/control/protocol.h"
#include "runtime/control/show_registry.h"

namespace havpnc::control {
namespace {

ShowCommand command(std::string words, std::string text, bool json = true) {
  ShowCommand c;
  c.words = std::move(words);
  c.text = [text] { return text; };
  if (json) c.json = [text] { return nlohmann::json{{"out", text}}; };
  return c;
}

struct Registry : ::testing::Test {
  ShowRegistry registry;
  Registry() {
    registry.add(command("show standby brief", "BRIEF"));
    registry.add(command("show standby", "STANDBY"));
    registry.add(command("show running-config", "RUN", false));
    registry.add(command("show redundancy states", "RF"));
    registry.add(command("show ip interface brief", "IPIB"));
    registry.add(command("show ipc zone", "IPC"));
    registry.add(command("show crypto session detail", "CSD"));
    registry.add(command("show sessions", "SESSIONS"));
  }
  std::string text(std::string_view line) {
    ShowReply r = registry.execute(line, Format::Text);
    return (r.ok ? "" : "ERR ") + r.body;
  }
};

TEST_F(Registry, FullWordsAndAbbreviations) {
  EXPECT_EQ(text("show standby brief"), "BRIEF");
  EXPECT_EQ(text("sh standby br"), "BRIEF");
  EXPECT_EQ(text("sh st b"), "BRIEF");
  EXPECT_EQ(text("  SH   STANDBY   Brief  "), "BRIEF");
  EXPECT_EQ(text("sh standby"), "STANDBY");
  EXPECT_EQ(text("sh run"), "RUN");
  EXPECT_EQ(text("sh red st"), "RF");
  EXPECT_EQ(text("sh cry sess det"), "CSD");
}

TEST_F(Registry, AnExactWordWinsOverLongerWordsWithTheSamePrefix) {
  EXPECT_EQ(text("sh ip int br"), "IPIB");  // "ip" is exact although "ipc" starts with it
  EXPECT_EQ(text("sh ipc zone"), "IPC");
}

TEST_F(Registry, AmbiguousPrefixIsRefusedInIosWords) {
  EXPECT_EQ(text("sh s"), "ERR % Ambiguous command: \"sh s\"");
  EXPECT_EQ(text("sh r"), "ERR % Ambiguous command: \"sh r\"");
  EXPECT_EQ(text("  sh   i  int"), "ERR % Ambiguous command: \"sh   i\"");
}

TEST_F(Registry, UnknownWordGetsACaretUnderIt) {
  EXPECT_EQ(text("show foo"), "ERR show foo\n     ^\n% Invalid input detected at '^' marker.");
  EXPECT_EQ(text("sh standby bogus"),
            "ERR sh standby bogus\n           ^\n% Invalid input detected at '^' marker.");
  EXPECT_EQ(text("show standby brief extra"),
            "ERR show standby brief extra\n                   ^\n% Invalid input detected at '^' "
            "marker.");
  EXPECT_EQ(text("xyz"), "ERR xyz\n^\n% Invalid input detected at '^' marker.");
}

TEST_F(Registry, StoppingShortIsIncomplete) {
  EXPECT_EQ(text("show"), "ERR % Incomplete command.");
  EXPECT_EQ(text("sh cry sess"), "ERR % Incomplete command.");
  EXPECT_EQ(text(""), "ERR % Incomplete command.");
  EXPECT_EQ(text("   "), "ERR % Incomplete command.");
}

TEST_F(Registry, JsonVariants) {
  ShowReply r = registry.execute("sh standby br", Format::Json);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(nlohmann::json::parse(r.body), (nlohmann::json{{"out", "BRIEF"}}));
  r = registry.execute("sh run", Format::Json);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.body, "% JSON output is not available for \"show running-config\"");
}

TEST_F(Registry, ThrowingHandlerBecomesAnErrorReply) {
  ShowCommand c;
  c.words = "show crypto ha";
  c.text = []() -> std::string { throw std::runtime_error("not ready"); };
  registry.add(std::move(c));
  const ShowReply r = registry.execute("sh crypto ha", Format::Text);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.body, "% Internal error in \"show crypto ha\": not ready");
}

TEST_F(Registry, RegistrationRules) {
  EXPECT_THROW(registry.add(command("show standby brief", "again")), std::invalid_argument);
  EXPECT_THROW(registry.add(command("show Standby", "x")), std::invalid_argument);
  EXPECT_THROW(registry.add(command("show st@ndby", "x")), std::invalid_argument);
  EXPECT_THROW(registry.add(command("   ", "x")), std::invalid_argument);
  ShowCommand no_text;
  no_text.words = "show nothing";
  EXPECT_THROW(registry.add(std::move(no_text)), std::invalid_argument);
  EXPECT_EQ(registry.commands().size(), 8u);
  EXPECT_EQ(registry.commands().front()->words, "show crypto session detail");
}

TEST(Protocol, RequestsAndResponseHeaders) {
  RequestError error;
  auto r = parse_request("json sh standby br\r", error);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->format, Format::Json);
  EXPECT_EQ(r->command, "sh standby br");
  EXPECT_EQ(format_request(*r), "json sh standby br\n");
  EXPECT_FALSE(parse_request("show standby", error));
  EXPECT_EQ(error.message, "% Bad request: expected \"text <command>\" or \"json <command>\"");
  EXPECT_FALSE(parse_request(std::string("text sh\0w", 9), error));
  EXPECT_FALSE(parse_request("text sh\xff", error));
  EXPECT_EQ(error.message, "% Bad request: only printable ASCII is accepted");

  EXPECT_EQ(format_response({true, "abc"}), "ok 3\nabc");
  EXPECT_EQ(parse_response_header("ok 3")->length, 3u);
  EXPECT_FALSE(parse_response_header("error 3")->ok);
  EXPECT_FALSE(parse_response_header("ok -1"));
  EXPECT_FALSE(parse_response_header("ok 3x"));
  EXPECT_FALSE(parse_response_header("ok 999999999999"));  // over the client's cap
  EXPECT_FALSE(parse_response_header("OK 3"));
}

}  // namespace
}  // namespace havpnc::control
