// The reference network: the three seed routers. Their model JSON is checked in
// (tests/frontend/golden/); HAVPNC_UPDATE_GOLDEN=1 rewrites it after a reviewed change.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "compiler/model/interface_name.h"
#include "compiler/model/json.h"
#include "frontend_test_util.h"

namespace havpnc::frontend::testing {
namespace {

const std::string kSource = HAVPNC_SOURCE_DIR;

class SeedSample : public ::testing::TestWithParam<const char*> {};

TEST_P(SeedSample, ModelMatchesGolden) {
  const std::string name = GetParam();
  const std::string relative = "samples/seed/" + name + ".cfg";
  model::SourceFiles files;
  model::Device d = parse_text(read_file(kSource + "/" + relative), relative, files.add(relative));
  EXPECT_TRUE(d.diagnostics.empty());
  const std::string actual = model::to_json(d, files).dump(2) + "\n";
  const std::string golden_path = kSource + "/tests/frontend/golden/" + name + ".model.json";
  if (std::getenv("HAVPNC_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(golden_path, std::ios::binary) << actual;
    GTEST_SKIP() << "golden rewritten: " << golden_path;
  }
  EXPECT_EQ(actual, read_file(golden_path)) << "model of " << relative << " changed; if intended, rerun with "
                                            << "HAVPNC_UPDATE_GOLDEN=1 and review the diff";
}

INSTANTIATE_TEST_SUITE_P(Seed, SeedSample, ::testing::Values("R2", "R10", "R11"));

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    line = trim(line);
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// `int g0/0` (the seed's hand abbreviation) is the `interface GigabitEthernet0/0` that a
// running-config prints; compare interface lines by their normalised name.
std::string canonical(const std::string& line) {
  std::istringstream in(line);
  std::string first, name;
  in >> first >> name;
  if ((first == "int" || first == "interface") && !name.empty()) {
    if (auto n = model::normalize_interface_name(name)) return "interface " + n->full;
  }
  return line;
}

// Every config line of the seed document appears in the sample of that router. Which seed
// lines are config is decided by parsing the seed's text itself: prose comes out
// unrecognized, config lines come out typed.
TEST(SeedSample, ContainsEverySeedConfigLineVerbatim) {
  const std::string seed = read_file(std::string(HAVPNC_SHARED_DIR) + "/seed/stateful-ipsec-hsrp-sso.txt");
  if (seed.empty()) GTEST_SKIP() << "skipped: ../shared not present";
  std::vector<std::string> doc;
  {
    std::istringstream in(seed);
    for (std::string line; std::getline(in, line);) doc.push_back(line);
  }
  auto index_of = [&](const std::string& prefix, std::size_t start) {
    for (std::size_t i = start; i < doc.size(); ++i) {
      if (doc[i].rfind(prefix, 0) == 0) return i;
    }
    return doc.size();
  };
  // The seed shows R2's config, then R10's (in pieces between prose), then R11's.
  const std::size_t r2 = index_of("crypto isakmp policy 10", 0);
  const std::size_t r10 = index_of("R10 :", r2);
  const std::size_t r11 = index_of("R11 :", r10);
  const std::size_t end = index_of("NOTE :", r11);
  ASSERT_LT(end, doc.size());
  const std::pair<const char*, std::pair<std::size_t, std::size_t>> parts[] = {
      {"R2", {r2, r10}}, {"R10", {r10 + 1, r11}}, {"R11", {r11 + 1, end}}};
  std::size_t checked = 0;
  for (const auto& [sample, range] : parts) {
    std::string section;
    for (std::size_t i = range.first; i < range.second; ++i) section += doc[i] + "\n";
    const model::Device seed_device = parse(section);
    std::set<std::uint32_t> prose;
    for (const auto& u : seed_device.unrecognized) prose.insert(u.range.line);

    std::vector<std::string> sample_lines = lines_of(read_file(kSource + "/samples/seed/" + sample + ".cfg"));
    for (auto& l : sample_lines) l = canonical(l);
    for (std::size_t i = range.first; i < range.second; ++i) {
      const auto line_in_section = static_cast<std::uint32_t>(i - range.first + 1);
      if (trim(doc[i]).empty() || prose.count(line_in_section) != 0) continue;
      const std::string want = canonical(trim(doc[i]));
      EXPECT_NE(std::find(sample_lines.begin(), sample_lines.end(), want), sample_lines.end())
          << sample << " lacks seed line: " << doc[i];
      ++checked;
    }
  }
  EXPECT_GT(checked, 90u);
}

}  // namespace
}  // namespace havpnc::frontend::testing
