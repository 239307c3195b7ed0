// `havpnc lint`, `rules` and `explain` end to end: the seed network has no errors, exit
// codes 0/1/2, every output format (SARIF validated against the 2.1.0 schema), directory
// walking with globs and .gitignore, the project file found upward, baselines, and the
// pre-commit hook run by Debian's pre-commit on a throwaway git repository.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string out;
};

// Runs a shell command; stdout captured, stderr appended when `merge`.
Outcome sh(const std::string& command, bool merge = false) {
  Outcome r;
  std::string full = command + (merge ? " 2>&1" : " 2>/dev/null");
  FILE* p = ::popen(full.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

const std::string kHavpnc = HAVPNC_BINARY;
const std::string kSeed = std::string(HAVPNC_SOURCE_DIR) + "/samples/seed";

std::string lint(const std::string& args) { return kHavpnc + " lint " + args; }

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("havpnc_cli_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories((path_ / relative).parent_path());
    std::ofstream(path_ / relative) << text;
  }

 private:
  fs::path path_;
};

std::string seed_file(const char* name) {
  std::ifstream in(kSeed + "/" + name);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(LintCli, SeedNetworkHasNoErrors) {
  Outcome r = sh(lint(kSeed + " --format json"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["summary"]["errors"], 0) << r.out;
  EXPECT_EQ(j["summary"]["files"], 3);
  EXPECT_EQ(j["summary"]["devices"], 3);
  EXPECT_GT(j["summary"]["warnings"].get<int>(), 0);  // crypto-weak (group 2), psk-weak (cisco)
  for (const auto& f : j["findings"]) {
    EXPECT_NE(f["severity"], "error") << f.dump();
    EXPECT_EQ(f["source_line"].get<std::string>().find("key cisco"), std::string::npos);
    EXPECT_EQ(f["fingerprint"].get<std::string>().size(), 32u);
  }
}

TEST(LintCli, TextFormatHasLocationCaretAndSummary) {
  Outcome r = sh("cd " + kSeed + " && " + lint("R2.cfg R10.cfg R11.cfg --color always --disable syntax-unrecognized"));
  EXPECT_EQ(r.exit_code, 0);
  // --color always on a pipe still colours; auto (the default) must not.
  EXPECT_NE(r.out.find("\x1b["), std::string::npos);
  r = sh("cd " + kSeed + " && " + lint("R2.cfg R10.cfg R11.cfg"));
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos);
  EXPECT_NE(r.out.find("R2.cfg:34:10: warning: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n  set pfs group2\n          ^~~~~~\n"), std::string::npos) << r.out;
  TempDir dir;
  dir.write("odd.cfg", "hostname ODD\n xyzzy plugh\n");
  Outcome odd = sh("cd " + dir.path().string() + " && " + lint("odd.cfg --no-config"));
  EXPECT_NE(odd.out.find("odd.cfg:2:2: info: unrecognized line: xyzzy plugh [syntax-unrecognized]\n  xyzzy plugh\n  ^~~~~~~~~~~\n"),
            std::string::npos) << odd.out;
  EXPECT_NE(r.out.find("0 errors, "), std::string::npos);
  EXPECT_NE(r.out.find(" in 3 files (3 devices)\n"), std::string::npos);
}

TEST(LintCli, ExitCodes) {
  EXPECT_EQ(sh(lint(kSeed + " --fail-on warning")).exit_code, 1);
  EXPECT_EQ(sh(lint(kSeed + " --fail-on info")).exit_code, 1);
  EXPECT_EQ(sh(lint(kSeed + " --fail-on never --disable crypto-weak")).exit_code, 0);
  EXPECT_EQ(sh(lint(kSeed + " --fail-on sometimes")).exit_code, 2);
  EXPECT_EQ(sh(lint(kSeed + " --disable no-such-rule")).exit_code, 2);
  EXPECT_EQ(sh(lint(kSeed + " --severity psk-weak=fatal")).exit_code, 2);
  EXPECT_EQ(sh(lint(kSeed + "/R2.cfg /nonexistent/R9.cfg")).exit_code, 2);
  EXPECT_EQ(sh(lint(kSeed + " --severity psk-weak=error")).exit_code, 1);
  EXPECT_EQ(sh(kHavpnc + " lint").exit_code, 2);
}

TEST(LintCli, SyntaxInvalidIsAnErrorExit1) {
  TempDir dir;
  dir.write("bad.cfg", "hostname X\ninterface Gi0/1\n ip address 300.1.1.1 255.255.255.0\n");
  Outcome r = sh(lint((dir.path() / "bad.cfg").string()));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("bad.cfg:3:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[syntax-invalid]"), std::string::npos) << r.out;
}

TEST(LintCli, SarifIsValidAgainstTheSchema) {
  TempDir dir;
  const std::string out = (dir.path() / "seed.sarif").string();
  // Outcome from the repository root so uris are repository-relative.
  ASSERT_EQ(sh("cd " + std::string(HAVPNC_SOURCE_DIR) + " && " + lint("samples/seed --no-config --format sarif -o " + out)).exit_code, 0);
  std::ifstream in(out);
  auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["version"], "2.1.0");
  const auto& result = j["runs"][0]["results"][0];
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>().rfind("samples/seed/", 0), 0u);
  Outcome v = sh(std::string(HAVPNC_PYTHON) + " " + HAVPNC_SARIF_VALIDATOR + " " + out, true);
  if (v.exit_code == 77) GTEST_SKIP() << v.out;
  EXPECT_EQ(v.exit_code, 0) << v.out;
}

TEST(LintCli, GithubFormatIsWorkflowCommands) {
  Outcome r = sh("cd " + kSeed + " && " + lint(". --format github"));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("::warning file=R2.cfg,line=34,col=10,"), std::string::npos) << r.out;
  TempDir dir;
  dir.write("odd, 50%.cfg", "hostname ODD\nxyzzy plugh\n");
  Outcome odd = sh("cd '" + dir.path().string() + "' && " + lint("'odd, 50%.cfg' --no-config --format github"));
  EXPECT_NE(odd.out.find("::notice file=odd%2C 50%25.cfg,line=2,col=1,endLine=2,endColumn=11,title=havpnc syntax-unrecognized::"
                         "unrecognized line: xyzzy plugh\n"),
            std::string::npos) << odd.out;
  std::size_t start = 0;
  while (start < r.out.size()) {
    EXPECT_EQ(r.out.compare(start, 2, "::"), 0) << r.out.substr(start, 80);
    start = r.out.find('\n', start) + 1;
  }
}

TEST(LintCli, ExplainTopologyShowsPairsPeersAndEvidence) {
  Outcome r = sh("cd " + kSeed + " && " + lint(". --explain-topology --disable syntax-unrecognized"));
  EXPECT_NE(r.out.find("topology: 3 devices, 2 HA pairs, 4 tunnel peers"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("HA pair R10 <-> R11 (virtual IP 6.6.156.100, ipc mirrored)"), std::string::npos);
  EXPECT_NE(r.out.find("tunnel R2 -> R10 (crypto map MAP2 10, peer 6.6.156.100)"), std::string::npos);
  EXPECT_NE(r.out.find("  because both run standby 2 ip 6.6.156.100"), std::string::npos);
}

TEST(LintCli, DirectoryWalkGlobsAndGitignore) {
  TempDir dir;
  dir.write("site/r2.cfg", seed_file("R2.cfg"));
  dir.write("site/ha/r10.cfg", seed_file("R10.cfg"));
  dir.write("site/ha/r11.cfg", seed_file("R11.cfg"));
  dir.write("site/README.md", "not a config\n");
  dir.write("site/old/r1.cfg", "hostname OLD\n");
  dir.write("site/tmp.cfg", "hostname TMP\n");
  dir.write("site/.gitignore", "tmp.cfg\n");
  dir.write("site/.hidden/x.cfg", "hostname HIDDEN\n");
  const std::string base = lint((dir.path() / "site").string() + " --no-config --format json");
  auto files = [&](const std::string& extra) {
    auto j = nlohmann::json::parse(sh(base + extra).out);
    return j["summary"]["files"].get<int>();
  };
  EXPECT_EQ(files(""), 4);                      // r2, r10, r11, old/r1
  EXPECT_EQ(files(" --exclude 'old/**'"), 3);
  EXPECT_EQ(files(" --no-gitignore"), 5);       // + tmp.cfg
  EXPECT_EQ(files(" --include '**/*.md'"), 1);
  EXPECT_EQ(sh(base + " --include '*.nothing'").exit_code, 2);
}

TEST(LintCli, ProjectFileFoundUpwardAndCommandLineWins) {
  TempDir dir;
  dir.write("configs/r2.cfg", seed_file("R2.cfg"));
  dir.write(".havpnc.yaml",
            "fail-on: warning\n"
            "disable: [syntax-unrecognized]\n"
            "severity:\n  hsrp-auth-missing: info\n"
            "suppressions:\n"
            "  - rule: psk-weak\n    device: R2\n    reason: lab key, rotated by the lab script\n");
  const std::string in_sub = "cd " + (dir.path() / "configs").string() + " && ";
  Outcome r = sh(in_sub + lint(". --format json"));
  EXPECT_EQ(r.exit_code, 1);  // fail-on warning from the project file: crypto-weak remains
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["summary"]["suppressed"], 1);
  EXPECT_EQ(j["summary"]["infos"], 0);
  for (const auto& f : j["findings"]) EXPECT_NE(f["rule"], "psk-weak");
  EXPECT_EQ(j["findings"][0]["location"]["relative_path"], "configs/r2.cfg");
  EXPECT_EQ(sh(in_sub + lint(". --fail-on error")).exit_code, 0);
  EXPECT_EQ(sh(in_sub + lint(". --no-config --format json")).exit_code, 0);
  dir.write(".havpnc.yaml", "disabel: [x]\n");
  Outcome bad = sh(in_sub + lint("."), true);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find(".havpnc.yaml:1: unknown key 'disabel'"), std::string::npos) << bad.out;
}

TEST(LintCli, WriteBaselineThenOnlyNewFindings) {
  TempDir dir;
  dir.write("r2.cfg", seed_file("R2.cfg"));
  const std::string cd = "cd " + dir.path().string() + " && ";
  ASSERT_EQ(sh(cd + lint(". --no-config --write-baseline base.json")).exit_code, 0);
  EXPECT_EQ(sh(cd + lint(". --no-config --baseline base.json --fail-on info")).exit_code, 0);
  // Shift every line and add a new weak policy: only the new finding is reported.
  std::string text = seed_file("R2.cfg");
  text = "!\n!\n" + text + "crypto isakmp policy 20\n encr des\n";
  dir.write("r2.cfg", text);
  Outcome r = sh(cd + lint(". --no-config --baseline base.json --fail-on info --format json"));
  EXPECT_EQ(r.exit_code, 1);
  auto j = nlohmann::json::parse(r.out);
  ASSERT_GE(j["findings"].size(), 1u);
  for (const auto& f : j["findings"]) EXPECT_GT(f["location"]["line"].get<int>(), 60) << f.dump();
  // Every recorded finding is still matched although each line moved down by two.
  std::ifstream base(dir.path() / "base.json");
  auto recorded = nlohmann::json::parse(base)["findings"].size();
  ASSERT_GT(recorded, 0u);
  EXPECT_EQ(j["summary"]["baselined"].get<std::size_t>(), recorded);
  dir.write("base.json", "{\"version\": 9}");
  EXPECT_EQ(sh(cd + lint(". --no-config --baseline base.json")).exit_code, 2);
}

TEST(LintCli, InlineSuppressionInAConfig) {
  TempDir dir;
  std::string text = seed_file("R2.cfg");
  auto at = text.find("crypto isakmp key");
  text.insert(at, "! havpnc: disable=psk-weak lab only; production uses certificates\n");
  dir.write("r2.cfg", text);
  Outcome r = sh(lint((dir.path() / "r2.cfg").string() + " --no-config --format json"));
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["summary"]["suppressed"], 1);
  for (const auto& f : j["findings"]) EXPECT_NE(f["rule"], "psk-weak");
}

TEST(RulesCli, ListsAndExplains) {
  Outcome r = sh(kHavpnc + " rules");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("syntax-invalid"), std::string::npos);
  EXPECT_NE(r.out.find("syntax-unrecognized"), std::string::npos);
  auto j = nlohmann::json::parse(sh(kHavpnc + " rules --format json").out);
  ASSERT_GT(j.size(), 5u);
  for (const auto& rule : j) {
    EXPECT_FALSE(rule["summary"].get<std::string>().empty());
    if (rule["documented"].get<bool>()) {
      // Embedded at build time: works from any directory.
      Outcome e = sh("cd / && " + kHavpnc + " explain " + rule["id"].get<std::string>());
      EXPECT_EQ(e.exit_code, 0);
      EXPECT_FALSE(e.out.empty());
    }
  }
  EXPECT_EQ(sh(kHavpnc + " explain no-such-rule").exit_code, 2);
}

TEST(PreCommitHook, FailsOnABrokenConfig) {
  if (sh("command -v pre-commit").exit_code != 0) {
    GTEST_SKIP() << "pre-commit is not installed (Debian package `pre-commit`); the hook test needs it";
  }
  if (sh("command -v git").exit_code != 0) GTEST_SKIP() << "git is not installed";
  TempDir dir;
  dir.write("configs/bad.cfg", "hostname BAD\ninterface Gi0/1\n ip address 300.1.1.1 255.255.255.0\n");
  dir.write("configs/good.cfg", seed_file("R2.cfg"));
  const std::string cd = "cd " + dir.path().string() + " && ";
  const std::string env = "HOME=" + dir.path().string() + " PRE_COMMIT_HOME=" + (dir.path() / ".cache").string() +
                          " PATH=" + fs::path(kHavpnc).parent_path().string() + ":$PATH ";
  ASSERT_EQ(sh(cd + "git init -q . && git add configs && git -c user.email=t@t -c user.name=t commit -qm init").exit_code, 0);
  // The hook repository: this checkout's .pre-commit-hooks.yaml, committed on its own (try-repo
  // reads hooks from a commit, and the checkout's may have uncommitted edits).
  const fs::path hooks = dir.path() / "hook-repo";
  fs::create_directories(hooks);
  fs::copy_file(fs::path(HAVPNC_SOURCE_DIR) / ".pre-commit-hooks.yaml", hooks / ".pre-commit-hooks.yaml");
  ASSERT_EQ(sh("cd " + hooks.string() + " && git init -q . && git add .pre-commit-hooks.yaml && "
               "git -c user.email=t@t -c user.name=t commit -qm hooks").exit_code, 0);
  Outcome r = sh(cd + env + "pre-commit try-repo " + hooks.string() + " havpnc-lint --all-files", true);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("[syntax-invalid]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Failed"), std::string::npos) << r.out;
  // With the broken line fixed the hook passes.
  dir.write("configs/bad.cfg", "hostname BAD\ninterface Gi0/1\n ip address 10.1.1.1 255.255.255.0\n");
  Outcome ok = sh(cd + "git add configs && " + env + "pre-commit try-repo " + hooks.string() +
                  " havpnc-lint --all-files",
              true);
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
}

}  // namespace
