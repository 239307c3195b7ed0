// The small parsers the engine relies on: path globs (include/exclude, gitignore,
// side-file suppressions) and the strict YAML subset of .havpnc.yaml.
#include <gtest/gtest.h>

#include "lint/file_discovery.h"
#include "lint/glob.h"
#include "lint/project_file.h"
#include "lint/yaml_subset.h"

namespace havpnc::lint {
namespace {

TEST(Glob, StarStaysInsideOneSegment) {
  EXPECT_TRUE(glob_match("*.cfg", "r1.cfg"));
  EXPECT_FALSE(glob_match("*.cfg", "site/r1.cfg"));
  EXPECT_FALSE(glob_match("*.cfg", "r1.cfg.bak"));
  EXPECT_TRUE(glob_match("site/*.cfg", "site/r1.cfg"));
  EXPECT_TRUE(glob_match("r?.cfg", "r1.cfg"));
  EXPECT_FALSE(glob_match("r?.cfg", "r10.cfg"));
}

TEST(Glob, DoubleStarSpansSegments) {
  EXPECT_TRUE(glob_match("**/*.cfg", "r1.cfg"));
  EXPECT_TRUE(glob_match("**/*.cfg", "a/b/c/r1.cfg"));
  EXPECT_TRUE(glob_match("vendor/**", "vendor/x/y.cfg"));
  EXPECT_FALSE(glob_match("vendor/**", "other/x/y.cfg"));
  EXPECT_TRUE(glob_match("a/**/z.cfg", "a/z.cfg"));
  EXPECT_TRUE(glob_match("a/**/z.cfg", "a/b/c/z.cfg"));
  EXPECT_FALSE(glob_match("a/**/z.cfg", "ab/z.cfg"));
}

TEST(Glob, ClassesAndEscapes) {
  EXPECT_TRUE(glob_match("r[0-9].cfg", "r7.cfg"));
  EXPECT_FALSE(glob_match("r[!0-9].cfg", "r7.cfg"));
  EXPECT_TRUE(glob_match("r[!0-9].cfg", "rx.cfg"));
  EXPECT_TRUE(glob_match("\\*.cfg", "*.cfg"));
  EXPECT_FALSE(glob_match("\\*.cfg", "a.cfg"));
  EXPECT_TRUE(glob_match("[.cfg", "[.cfg"));  // an unclosed bracket is literal
}

TEST(Glob, PathologicalPatternTerminates) {
  EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*a*b", std::string(200, 'a')));
  EXPECT_FALSE(glob_match("**/**/**/**/x", "a/b/c/d/e/f/g/h/i/j/k/y"));
}

TEST(GitIgnoreRules, AnchoredUnanchoredNegatedDirOnly) {
  GitIgnore g;
  g.add_line("# comment", "");
  g.add_line("*.bak", "");
  g.add_line("/generated", "");
  g.add_line("build/", "");
  g.add_line("!keep.bak", "");
  g.add_line("old.cfg", "site");
  EXPECT_TRUE(g.ignored("x.bak", false));
  EXPECT_TRUE(g.ignored("a/b/x.bak", false));
  EXPECT_FALSE(g.ignored("keep.bak", false));
  EXPECT_TRUE(g.ignored("generated", true));
  EXPECT_FALSE(g.ignored("a/generated", true));
  EXPECT_TRUE(g.ignored("a/build", true));
  EXPECT_FALSE(g.ignored("build", false));  // dir-only pattern, a file named build
  EXPECT_TRUE(g.ignored("site/old.cfg", false));
  EXPECT_FALSE(g.ignored("old.cfg", false));
}

TEST(Yaml, MappingsSequencesFlowAndQuotes) {
  auto r = yaml::parse(
      "# project\n"
      "fail-on: warning   # trailing comment\n"
      "include: [\"**/*.cfg\", '*.txt', plain]\n"
      "exclude:\n"
      "  - vendor/**\n"
      "  - \"a # not a comment\"\n"
      "severity:\n"
      "  psk-weak: info\n"
      "suppressions:\n"
      "- rule: psk-weak\n"
      "  device: R2\n"
      "  reason: 'lab key, it''s fine'\n");
  ASSERT_FALSE(r.error) << r.error->message;
  const auto& root = *r.root;
  EXPECT_EQ(root.find("fail-on")->scalar, "warning");
  ASSERT_EQ(root.find("include")->seq.size(), 3u);
  EXPECT_EQ(root.find("include")->seq[1].scalar, "*.txt");
  EXPECT_EQ(root.find("exclude")->seq[1].scalar, "a # not a comment");
  EXPECT_EQ(root.find("severity")->find("psk-weak")->scalar, "info");
  const auto& s = root.find("suppressions")->seq.at(0);
  EXPECT_EQ(s.find("device")->scalar, "R2");
  EXPECT_EQ(s.find("reason")->scalar, "lab key, it's fine");
}

TEST(Yaml, RejectsWhatItDoesNotSupportWithLineNumbers) {
  struct Case {
    const char* text;
    int line;
  } cases[] = {
      {"a: 1\na: 2\n", 2},                 // duplicate key
      {"a:\n\tb: 1\n", 2},                 // tab indentation
      {"a: &x 1\n", 1},                    // anchor
      {"a: {b: 1}\n", 1},                  // flow mapping
      {"a: |\n  text\n", 2},               // block scalar (its body is a multi-line value)
      {"a: 1\n  b: 2\n", 2},               // stray indentation
      {"a: \"open\n", 1},                  // unterminated quote
      {"- x\n", 1},                        // top level must be a mapping
      {"a: [1, [2]]\n", 1},                // nested flow
      {"a: 1\n---\nb: 2\n", 2},            // second document
      {"just text\n", 1},
  };
  for (const auto& c : cases) {
    auto r = yaml::parse(c.text);
    ASSERT_TRUE(r.error.has_value()) << c.text;
    EXPECT_EQ(r.error->line, c.line) << c.text << " -> " << r.error->message;
  }
}

TEST(Yaml, EmptyDocumentIsAnEmptyMapping) {
  auto r = yaml::parse("# nothing\n\n");
  ASSERT_TRUE(r.root.has_value());
  EXPECT_TRUE(r.root->map.empty());
}

TEST(ProjectFile, ReadsEveryKey) {
  std::string error;
  auto c = parse_project_config(
      "fail-on: info\nformat: sarif\ninclude: ['*.cfg']\nexclude: [old/**]\nenable: [ref-unused]\n"
      "disable:\n  - syntax-unrecognized\nseverity:\n  crypto-weak: error\nbaseline: lint-baseline.json\n"
      "gitignore: false\njobs: 3\nsuppressions:\n  - rule: psk-weak\n    file: lab/*.cfg\n    reason: lab\n",
      "/repo/.havpnc.yaml", &error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(c.root, "/repo");
  EXPECT_EQ(c.fail_on, "info");
  EXPECT_EQ(c.format, "sarif");
  EXPECT_EQ(c.include, std::vector<std::string>{"*.cfg"});
  EXPECT_EQ(c.disable, std::vector<std::string>{"syntax-unrecognized"});
  EXPECT_EQ(c.severity.at("crypto-weak"), model::Severity::Error);
  EXPECT_EQ(c.gitignore, false);
  EXPECT_EQ(c.jobs, 3u);
  ASSERT_EQ(c.suppressions.size(), 1u);
  EXPECT_EQ(c.suppressions[0].file, "lab/*.cfg");
  EXPECT_EQ(c.suppressions[0].reason, "lab");
}

TEST(ProjectFile, StrictAboutKeysAndValues) {
  const char* bad[] = {
      "disabel: [x]\n",
      "fail-on: sometimes\n",
      "severity:\n  psk-weak: fatal\n",
      "suppressions:\n  - rule: psk-weak\n    device: R2\n",           // no reason
      "suppressions:\n  - rule: psk-weak\n    reason: why\n",          // neither file nor device
      "suppressions:\n  - rule: psk-weak\n    device: R2\n    reason: x\n    colour: red\n",
      "gitignore: yes\n",
      "jobs: -1\n",
      "include:\n  nested: map\n",
  };
  for (const char* text : bad) {
    std::string error;
    parse_project_config(text, "p/.havpnc.yaml", &error);
    EXPECT_NE(error, "") << text;
    EXPECT_EQ(error.rfind("p/.havpnc.yaml:", 0), 0u) << error;
  }
}

}  // namespace
}  // namespace havpnc::lint
