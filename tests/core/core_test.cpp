#include <gtest/gtest.h>

#include "runtime/core/log_record.h"
#include "runtime/core/secret.h"

namespace havpnc {
namespace {

TEST(LogRecord, FormatsLikeIos) {
  LogRecord r{"HSRP", Severity::Notice, "STATECHANGE",
              "GigabitEthernet0/1 Grp 2 state Standby -> Active"};
  EXPECT_EQ(r.format(), "%HSRP-5-STATECHANGE: GigabitEthernet0/1 Grp 2 state Standby -> Active");
}

TEST(Secret, ComparesByValueAndMovesOut) {
  Secret a("cisco"), b("cisco"), c("cisco1");
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == c);
  Secret moved(std::move(a));
  EXPECT_EQ(moved.size(), 5u);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from state is specified
}

}  // namespace
}  // namespace havpnc
