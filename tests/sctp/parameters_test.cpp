#include "runtime/sctp/parameters.h"

#include <gtest/gtest.h>

#include "runtime/sctp/role.h"
#include "runtime/sctp/stack_options.h"

namespace havpnc::sctp {
namespace {

using std::chrono::milliseconds;

plan::Ipv4 ip(const char* text) { return *plan::Ipv4::parse(text); }

// The seed's R10: ipc zone default / association 1 / no shutdown / protocol sctp /
// local-port 5000 / local-ip 6.6.146.10 / retransmit-timeout 300 10000 / path-retransmit 5 /
// assoc-retransmit 5 / remote-port 5000 / remote-ip 6.6.146.11
plan::IpcAssociation seed_r10() {
  plan::IpcAssociation a;
  a.id = 1;
  a.shutdown = false;
  a.local_ips = {ip("6.6.146.10")};
  a.local_port = 5000;
  a.remote_ips = {ip("6.6.146.11")};
  a.remote_port = 5000;
  a.retransmit_min_ms = 300;
  a.retransmit_max_ms = 10000;
  a.path_retransmit = 5;
  a.assoc_retransmit = 5;
  return a;
}

TEST(SctpParameters, SeedAssociationMapsToRfc4960Parameters) {
  const auto r = parameters_from_plan(seed_r10());
  ASSERT_TRUE(r.parameters) << r.error;
  const auto& p = *r.parameters;
  EXPECT_EQ(p.rto_min, milliseconds{300});
  EXPECT_EQ(p.rto_max, milliseconds{10000});
  EXPECT_EQ(p.rto_initial(), milliseconds{3000});
  EXPECT_EQ(p.path_max_retrans, 5);
  EXPECT_EQ(p.assoc_max_retrans, 5);
  EXPECT_EQ(p.local_primary(), (Endpoint{ip("6.6.146.10"), 5000}));
  EXPECT_EQ(p.remote_primary(), (Endpoint{ip("6.6.146.11"), 5000}));
  EXPECT_EQ(p.udp_local_port(), 5000);
  EXPECT_EQ(p.udp_remote_port(), 5000);
}

TEST(SctpParameters, DistinctValuesLandInTheirOwnFields) {
  auto a = seed_r10();
  a.retransmit_min_ms = 111;
  a.retransmit_max_ms = 2222;
  a.path_retransmit = 3;
  a.assoc_retransmit = 7;
  const auto o = stack_options(*parameters_from_plan(a).parameters);
  EXPECT_EQ(o.rto_min_ms, 111u);
  EXPECT_EQ(o.rto_max_ms, 2222u);
  EXPECT_EQ(o.rto_initial_ms, 2222u);  // RFC's 3 s clamped to MAX
  EXPECT_EQ(o.path_max_retrans, 3);
  EXPECT_EQ(o.assoc_max_retrans, 7);
  EXPECT_EQ(o.init_max_attempts, 7);
  EXPECT_EQ(o.init_max_timeout_ms, 2222);
  EXPECT_EQ(o.out_streams, 2);
  EXPECT_EQ(o.max_in_streams, 2);
  EXPECT_EQ(o.heartbeat_interval_ms, 1000u);
  EXPECT_GE(o.send_buffer_bytes, 2 * 256 * 1024);
}

TEST(SctpParameters, InitialRtoRisesToMin) {
  auto a = seed_r10();
  a.retransmit_min_ms = 5000;
  a.retransmit_max_ms = 60000;
  EXPECT_EQ(parameters_from_plan(a).parameters->rto_initial(), milliseconds{5000});
}

TEST(SctpParameters, MaxInitTimeoutSaturatesAt16Bits) {
  auto a = seed_r10();
  a.retransmit_max_ms = 100000;
  EXPECT_EQ(stack_options(*parameters_from_plan(a).parameters).init_max_timeout_ms, 65535);
}

TEST(SctpParameters, RefusesWhatSctpCannotCarry) {
  struct Case {
    const char* what;
    void (*edit)(plan::IpcAssociation&);
    const char* message;
  };
  const Case cases[] = {
      {"shutdown", [](plan::IpcAssociation& a) { a.shutdown = true; }, "shut down"},
      {"no local", [](plan::IpcAssociation& a) { a.local_ips.clear(); }, "no local-ip"},
      {"no remote", [](plan::IpcAssociation& a) { a.remote_ips.clear(); }, "no remote-ip"},
      {"port 0", [](plan::IpcAssociation& a) { a.local_port = 0; }, "local-port 0"},
      {"port big", [](plan::IpcAssociation& a) { a.remote_port = 70000; }, "remote-port 70000"},
      {"min>max", [](plan::IpcAssociation& a) { a.retransmit_min_ms = 20000; }, "MIN above MAX"},
      {"min 0", [](plan::IpcAssociation& a) { a.retransmit_min_ms = 0; }, "minimum is 0"},
      {"path 0", [](plan::IpcAssociation& a) { a.path_retransmit = 0; }, "path-retransmit 0"},
      {"assoc big", [](plan::IpcAssociation& a) { a.assoc_retransmit = 65536; }, "assoc-retransmit 65536"},
      {"self", [](plan::IpcAssociation& a) { a.remote_ips = a.local_ips; }, "both"},
  };
  for (const auto& c : cases) {
    auto a = seed_r10();
    c.edit(a);
    const auto r = parameters_from_plan(a);
    EXPECT_FALSE(r.parameters) << c.what;
    EXPECT_NE(r.error.find(c.message), std::string::npos) << c.what << ": " << r.error;
    EXPECT_NE(r.error.find("association 1"), std::string::npos) << c.what;
  }
}

TEST(SctpRole, BothEndsAgreeAndExactlyOneInitiates) {
  const Endpoint r10{ip("6.6.146.10"), 5000}, r11{ip("6.6.146.11"), 5000};
  EXPECT_EQ(decide_role(r10, r11), Role::Initiator);
  EXPECT_EQ(decide_role(r11, r10), Role::Listener);
  // Same address (loopback tests): the port decides.
  const Endpoint a{ip("127.0.0.1"), 5001}, b{ip("127.0.0.1"), 5000};
  EXPECT_EQ(decide_role(a, b), Role::Listener);
  EXPECT_EQ(decide_role(b, a), Role::Initiator);
  // Address outranks port.
  EXPECT_EQ(decide_role(Endpoint{ip("10.0.0.1"), 9}, Endpoint{ip("10.0.0.2"), 1}), Role::Initiator);
  EXPECT_FALSE(decide_role(a, a));
}

}  // namespace
}  // namespace havpnc::sctp
