// `havpnc compile` end to end: mode 0600 whatever the umask, redaction leaves no key bytes,
// lint errors refuse unless --force, cross-device lint with --peers, exit codes.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <regex>
#include <vector>

#include "runtime/plan/load_plan.h"
#include "tests/plan/plan_test_support.h"

namespace havpnc::plan {
namespace {

namespace fs = std::filesystem;
using plan_test::read_file;
using plan_test::seed;
using plan_test::write_file;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class CompileCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("havpnc-plan-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs havpnc in dir_ under `umask`; arguments are trusted test strings.
  CliRun havpnc(const std::string& args, const std::string& umask = "022") {
    const std::string cmd = "cd '" + dir_.string() + "' && umask " + umask + " && '" HAVPNC_BINARY "' " + args +
                            " >out.txt 2>err.txt";
    CliRun r;
    const int status = std::system(cmd.c_str());
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(dir_ / "out.txt");
    r.err = read_file(dir_ / "err.txt");
    return r;
  }

  unsigned mode_of(const std::string& name) {
    struct stat st {};
    EXPECT_EQ(::stat((dir_ / name).c_str(), &st), 0) << name;
    return st.st_mode & 07777;
  }

  // R10 with distinctive keys, so their bytes can be searched for.
  std::string r10_with_secrets() {
    std::string text = read_file(seed("R10"));
    text = std::regex_replace(text, std::regex("crypto isakmp key cisco"), "crypto isakmp key Kq7isakmpZx91");
    text = std::regex_replace(text, std::regex(" standby 2 name HSRP\n"),
                              " standby 2 name HSRP\n standby 2 authentication md5 key-string Hm5hsrpLp22\n");
    return text;
  }

  fs::path dir_;
};

TEST_F(CompileCli, SeedCompilesToTheGoldenPlanWithMode0600WhateverTheUmask) {
  for (const char* umask : {"000", "022", "277"}) {
    auto r = havpnc("compile " + seed("R10").string() + " -o plan.json", umask);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(mode_of("plan.json"), 0600u) << "umask " << umask;
    EXPECT_EQ(read_file(dir_ / "plan.json"), read_file(plan_test::golden("R10")));
    fs::remove(dir_ / "plan.json");
  }
}

TEST_F(CompileCli, AnExistingWorldReadableFileBecomes0600) {
  write_file(dir_ / "plan.json", "old");
  ::chmod((dir_ / "plan.json").c_str(), 0666);
  auto r = havpnc("compile " + seed("R11").string() + " -o plan.json", "000");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(mode_of("plan.json"), 0600u);
  EXPECT_TRUE(load_plan(read_file(dir_ / "plan.json")).ok());
  // Nothing left behind: no temporary file beside the plan.
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir_)) files += e.path().filename().string()[0] == '.' ? 1 : 0;
  EXPECT_EQ(files, 0u);
}

TEST_F(CompileCli, RedactedCopyHasNoKeyBytesAndIsRefusedByTheLoader) {
  write_file(dir_ / "R10.cfg", r10_with_secrets());
  auto full = havpnc("compile R10.cfg -o plan.json");
  ASSERT_EQ(full.exit_code, 0) << full.err;
  const std::string plan = read_file(dir_ / "plan.json");
  EXPECT_NE(plan.find("Kq7isakmpZx91"), std::string::npos);
  EXPECT_NE(plan.find("Hm5hsrpLp22"), std::string::npos);

  auto red = havpnc("compile R10.cfg -o shared.json --redact");
  ASSERT_EQ(red.exit_code, 0) << red.err;
  const std::string shared = read_file(dir_ / "shared.json");
  for (const std::string key : {"Kq7isakmpZx91", "Hm5hsrpLp22", "cisco"}) {
    EXPECT_EQ(shared.find(key), std::string::npos) << key;
    EXPECT_EQ(red.err.find(key), std::string::npos) << key;
    EXPECT_EQ(full.err.find(key), std::string::npos) << key;
  }
  EXPECT_EQ(mode_of("shared.json"), 0644u);
  auto loaded = load_plan(shared);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error.json_path, "$.redacted");
  EXPECT_TRUE(load_plan(shared, {.allow_redacted = true}).ok());

  auto to_stdout = havpnc("compile R10.cfg -o - --redact");
  EXPECT_EQ(to_stdout.exit_code, 0);
  EXPECT_EQ(to_stdout.out, shared);
  auto refused = havpnc("compile R10.cfg -o -");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_TRUE(refused.out.empty());
}

// The SSO channel key (`security ipsec` + the ISAKMP key for the ipc remote-ip) is a secret like
// the others: in the 0600 plan, nowhere else (redacted copy, stderr, parse, lint, any format).
TEST_F(CompileCli, SsoChannelKeyOnlyInThe0600Plan) {
  write_file(dir_ / "R10.cfg", read_file(seed("R10")) +
                                   "crypto isakmp key Ss0ChannelK77 address 6.6.146.11\n"
                                   "crypto ipsec profile SSO-PROTECT\n set transform-set SET2\n"
                                   "redundancy inter-device\n security ipsec SSO-PROTECT\n");
  auto full = havpnc("compile R10.cfg -o plan.json", "000");
  ASSERT_EQ(full.exit_code, 0) << full.err;
  EXPECT_EQ(mode_of("plan.json"), 0600u);
  const std::string plan = read_file(dir_ / "plan.json");
  EXPECT_NE(plan.find("\"channel_key\": \"Ss0ChannelK77\""), std::string::npos) << plan;
  EXPECT_NE(plan.find("\"channel_key_source\": \"crypto isakmp key for 6.6.146.11\""), std::string::npos);
  auto loaded = load_plan(plan);
  ASSERT_TRUE(loaded.ok()) << loaded.error.to_string();

  std::vector<CliRun> runs{full, havpnc("compile R10.cfg -o shared.json --redact"), havpnc("parse R10.cfg"),
                           havpnc("parse --format json R10.cfg"), havpnc("lint R10.cfg"),
                           havpnc("lint --format json R10.cfg"), havpnc("lint --format sarif R10.cfg")};
  for (const auto& r : runs) {
    EXPECT_EQ(r.out.find("Ss0ChannelK77"), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find("Ss0ChannelK77"), std::string::npos) << r.err;
  }
  EXPECT_EQ(read_file(dir_ / "shared.json").find("Ss0ChannelK77"), std::string::npos);
}

TEST_F(CompileCli, LintErrorsRefuseUnlessForced) {
  std::string text = read_file(seed("R10"));
  text = std::regex_replace(text, std::regex(" standby 2 preempt\n"), "");
  write_file(dir_ / "R10.cfg", text);
  auto r = havpnc("compile R10.cfg -o plan.json");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(fs::exists(dir_ / "plan.json"));
  EXPECT_NE(r.err.find("R10.cfg:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("error: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[ha-hsrp-preempt-missing]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--force"), std::string::npos);

  auto forced = havpnc("compile R10.cfg -o plan.json --force");
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(forced.err.find("[ha-hsrp-preempt-missing]"), std::string::npos);
  auto loaded = load_plan(read_file(dir_ / "plan.json"));
  ASSERT_TRUE(loaded.ok());
  EXPECT_FALSE(loaded.plan->find_hsrp_group_named("HSRP")->preempt);
}

TEST_F(CompileCli, PeersBringCrossDeviceErrors) {
  std::string text = read_file(seed("R10"));
  text = std::regex_replace(text, std::regex("crypto isakmp key cisco"), "crypto isakmp key different");
  write_file(dir_ / "R10.cfg", text);
  auto alone = havpnc("compile R10.cfg -o plan.json");
  EXPECT_EQ(alone.exit_code, 0) << alone.err;
  auto with_peers = havpnc("compile R10.cfg -o plan2.json --peers " + seed("R11").string() + " " + seed("R2").string());
  EXPECT_EQ(with_peers.exit_code, 1);
  EXPECT_NE(with_peers.err.find("[ike-psk-mismatch]"), std::string::npos) << with_peers.err;
  EXPECT_FALSE(fs::exists(dir_ / "plan2.json"));
}

TEST_F(CompileCli, CompileErrorsAreListedWithFileLineEvenWhenForced) {
  std::string text = read_file(seed("R10"));
  text = std::regex_replace(text, std::regex(" set transform-set SET2\n"), " set transform-set NOPE\n");
  write_file(dir_ / "R10.cfg", text);
  auto r = havpnc("compile R10.cfg -o plan.json --force");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("R10.cfg:59:20: error: crypto map MAP2 10: transform set NOPE is not defined [plan-compile]"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "plan.json"));
}

TEST_F(CompileCli, UnreadableInputAndBadArgumentsAreUsageErrors) {
  EXPECT_EQ(havpnc("compile missing.cfg -o plan.json").exit_code, 2);
  EXPECT_EQ(havpnc("compile " + seed("R2").string()).exit_code, 2);  // -o is required
  EXPECT_EQ(havpnc("compile " + seed("R2").string() + " -o no/such/dir/plan.json").exit_code, 2);
}

}  // namespace
}  // namespace havpnc::plan
