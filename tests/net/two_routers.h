#pragma once
// Two namespaces joined by a veth: "a" (a0 10.98.0.1/24) and "b" (b0 10.98.0.2/24), the
// smallest network on which two havpnc edges can talk.
#include <string>

#include "tests/net/netns_fixture.h"

namespace havpnc::net::testing {

class TwoRoutersTest : public NetnsTest {
 protected:
  void SetUp() override {
    NetnsTest::SetUp();
    if (IsSkipped()) return;
    a = add_namespace("a");
    b = add_namespace("b");
    add_veth(a, "a0", b, "b0");
    ip(a, {"addr", "add", "10.98.0.1/24", "dev", "a0"});
    ip(b, {"addr", "add", "10.98.0.2/24", "dev", "b0"});
  }

  std::string a, b;
};

}  // namespace havpnc::net::testing
