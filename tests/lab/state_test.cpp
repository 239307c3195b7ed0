// Process records and names: a recycled pid (another start time) or a process in another
// namespace is never taken for the lab's router.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "runtime/lab/lab_state.h"

namespace havpnc::lab {
namespace {

TEST(LabState, PrefixesThatCanNameADirectoryAndNamespaces) {
  EXPECT_TRUE(valid_prefix("hvlab-"));
  EXPECT_TRUE(valid_prefix("hvlab-123-"));
  EXPECT_FALSE(valid_prefix(""));
  EXPECT_FALSE(valid_prefix("../x"));
  EXPECT_FALSE(valid_prefix(".hidden"));
  EXPECT_FALSE(valid_prefix("a b"));
  EXPECT_FALSE(valid_prefix(std::string(25, 'a')));
}

TEST(LabState, RecordsRoundTripAndAreCheckedBeyondThePid) {
  const auto start = process_start_time(::getpid());
  ASSERT_TRUE(start);
  const std::string path = (std::filesystem::temp_directory_path() / ("hvlab-rec-" + std::to_string(::getpid()))).string();
  ASSERT_EQ(write_record(path, {::getpid(), *start}), "");
  const auto back = read_record(path);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->pid, ::getpid());
  EXPECT_EQ(back->start_time, *start);
  std::filesystem::remove(path);
  // This process is not in a namespace named hvlab-none, and a different start time is
  // another process that happens to have our pid.
  EXPECT_FALSE(record_is_live({::getpid(), *start}, "hvlab-none-" + std::to_string(::getpid())));
  EXPECT_FALSE(record_is_live({::getpid(), *start + 1}, "hvlab-none"));
  EXPECT_FALSE(record_is_live({0, 0}, "hvlab-none"));
}

TEST(LabState, MalformedRecordsAreNoRecord) {
  const std::string path = (std::filesystem::temp_directory_path() / ("hvlab-bad-" + std::to_string(::getpid()))).string();
  for (const char* text : {"", "abc", "-5 10", "0 10", "99999999 1", "12"}) {
    ASSERT_EQ(write_text_file(path, text, 0600), "");
    EXPECT_FALSE(read_record(path)) << text;
  }
  std::filesystem::remove(path);
  EXPECT_FALSE(read_record(path));
}

}  // namespace
}  // namespace havpnc::lab
