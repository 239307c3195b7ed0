// Hostile and odd input: every case gets a clean parse or a clear message, never a crash.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "frontend_test_util.h"

namespace havpnc::frontend::testing {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("havpnc-frontend-" + std::to_string(::getpid()))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(path_ / name, std::ios::binary) << content;
    return (path_ / name).string();
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

const model::Diagnostic* find(const model::Device& d, const std::string& rule) {
  for (const auto& x : d.diagnostics) {
    if (x.rule == rule) return &x;
  }
  return nullptr;
}

TEST(BadInput, EmptyFileIsAnEmptyConfig) {
  auto d = parse("");
  EXPECT_EQ(d.status, model::ParseStatus::Passed);
  EXPECT_EQ(d.lines.total, 0u);
  ASSERT_TRUE(find(d, "input-empty"));
}

TEST(BadInput, BinaryFileFailsWithAMessage) {
  auto d = parse(std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10));
  EXPECT_EQ(d.status, model::ParseStatus::Failed);
  ASSERT_TRUE(find(d, "input-unreadable"));
  EXPECT_NE(find(d, "input-unreadable")->message.find("not a text file"), std::string::npos);
}

TEST(BadInput, InvalidUtf8IsReadAndReported) {
  auto d = parse("hostname R\xff" "1\ninterface Gi0/0\n description caf\xe9\n");
  EXPECT_NE(d.status, model::ParseStatus::Failed);
  EXPECT_EQ(d.hostname->value, "R\xEF\xBF\xBD" "1");  // U+FFFD
  ASSERT_TRUE(find(d, "input-encoding"));
  EXPECT_EQ(find(d, "input-encoding")->range.line, 1u);
  EXPECT_TRUE(d.interfaces.count("GigabitEthernet0/0"));
}

TEST(BadInput, CrLfTabsAndNoTrailingNewline) {
  auto d = parse("hostname R1\r\ninterface Gi0/0\r\n\tip address 10.0.0.1 255.255.255.0\r\n\tstandby 1 ip 10.0.0.254");
  EXPECT_EQ(d.status, model::ParseStatus::Passed);
  EXPECT_EQ(d.hostname->value, "R1");
  const auto& itf = d.interfaces.at("GigabitEthernet0/0");
  EXPECT_EQ(itf.address->value.to_string(), "10.0.0.1/24");
  EXPECT_EQ(itf.hsrp_groups.at(0).virtual_ip->value.to_string(), "10.0.0.254");
  EXPECT_EQ(d.lines.total, 4u);
}

TEST(BadInput, OldMacLineEnds) {
  auto d = parse("hostname R1\rinterface Gi0/0\r ip address 10.0.0.1 255.255.255.0\r");
  EXPECT_EQ(d.lines.total, 3u);
  EXPECT_EQ(d.interfaces.at("GigabitEthernet0/0").address->value.to_string(), "10.0.0.1/24");
}

TEST(BadInput, TenMegabyteLine) {
  std::string words;
  words.reserve(10 << 20);
  words += "description ";
  while (words.size() < (10u << 20)) words += "word ";
  auto d = parse("hostname R1\n" + words + "\n" + std::string(10 << 20, 'x') + "\nend\n");
  EXPECT_EQ(d.hostname->value, "R1");
  EXPECT_EQ(d.lines.unrecognized, 2u);
  EXPECT_EQ(d.lines.typed, 2u);
}

TEST(BadInput, UnterminatedBannerAndCertificateStillAccountEveryLine) {
  auto d = parse("banner motd ^C\nnever closed\nhostname R\n");
  EXPECT_EQ(d.lines.total, 3u);
  EXPECT_EQ(d.lines.typed + d.lines.unrecognized + d.lines.ignored, 3u);
  auto c = parse("crypto pki certificate chain X\n certificate 01\n  AABB\n");
  EXPECT_EQ(c.lines.total, 3u);
  EXPECT_EQ(c.lines.typed + c.lines.unrecognized + c.lines.ignored, 3u);
}

TEST(BadInput, DirectoryAndMissingFile) {
  TempDir dir;
  model::SourceFiles files;
  auto d = parse_file(dir.path().string(), files);
  EXPECT_EQ(d.status, model::ParseStatus::Failed);
  EXPECT_NE(find(d, "input-unreadable")->message.find("is a directory"), std::string::npos);
  auto m = parse_file((dir.path() / "missing.cfg").string(), files);
  EXPECT_EQ(m.status, model::ParseStatus::Failed);
  EXPECT_NE(find(m, "input-unreadable")->message.find("No such file"), std::string::npos);
}

TEST(BadInput, UnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
  TempDir dir;
  std::string path = dir.write("secret.cfg", "hostname R\n");
  fs::permissions(path, fs::perms::none);
  model::SourceFiles files;
  auto d = parse_file(path, files);
  EXPECT_EQ(d.status, model::ParseStatus::Failed);
}

TEST(BadInput, SizeLimitIsEnforcedBeforeReading) {
  TempDir dir;
  std::string path = dir.write("big.cfg", std::string(4096, '!') + "\n");
  model::SourceFiles files;
  ParseOptions options;
  options.max_file_bytes = 1024;
  auto d = parse_file(path, files, options);
  EXPECT_EQ(d.status, model::ParseStatus::Failed);
  EXPECT_NE(find(d, "input-unreadable")->message.find("limit"), std::string::npos);
}

#ifndef HAVPNC_SKIP_HUGE_INPUTS
long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

TEST(BadInput, HundredMegabyteConfigParsesInChunks) {
  const std::string sample = read_file(std::string(HAVPNC_SOURCE_DIR) + "/samples/seed/R10.cfg");
  TempDir dir;
  const std::string path = (dir.path() / "huge.cfg").string();
  std::size_t copies = 0;
  {
    std::ofstream out(path, std::ios::binary);
    std::size_t written = 0;
    while (written < (100u << 20)) {
      out << sample;
      written += sample.size();
      ++copies;
    }
  }
  model::SourceFiles files;
  auto d = parse_file(path, files);
  EXPECT_EQ(d.status, model::ParseStatus::Passed);
  EXPECT_EQ(d.lines.total, copies * static_cast<std::size_t>(std::count(sample.begin(), sample.end(), '\n')));
  EXPECT_EQ(d.interfaces.size(), 2u);  // the same interfaces, configured again and again
  // A chunked parse keeps memory near the UTF-32 copy of the input, not a tree of it all.
  EXPECT_LT(peak_rss_kb(), 10L * 100 * 1024);
}
#endif

}  // namespace
}  // namespace havpnc::frontend::testing
