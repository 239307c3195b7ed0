// Kernel SCTP backend: runs where the kernel has SCTP (CONFIG_IP_SCTP), skipped elsewhere
// with the kernel's own answer. Both ends in this process on 127.0.0.1.
#include "runtime/sctp/kernel_association.h"

#include <random>

#include <gtest/gtest.h>

#include "tests/sctp/loopback_pair.h"
#include "tests/sctp/traffic.h"

namespace havpnc::sctp {
namespace {

using namespace std::chrono_literals;

class KernelSctp : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = kernel_sctp_unavailable())
      GTEST_SKIP() << "kernel SCTP unavailable: socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP) failed: " << *why;
    a_port_ = test::free_port(SOCK_STREAM, IPPROTO_SCTP);
    do b_port_ = test::free_port(SOCK_STREAM, IPPROTO_SCTP); while (b_port_ == a_port_);
  }
  std::unique_ptr<KernelAssociation> make(std::uint16_t local, std::uint16_t remote, test::Recorder& r) {
    return std::make_unique<KernelAssociation>(
        io_, test::loopback(local, remote), r, [this](const LogRecord& l) { log_ += l.format() + "\n"; },
        BackoffConfig{20ms, 200ms}, [this] { return static_cast<std::uint32_t>(rng_()); });
  }
  boost::asio::io_context io_;
  std::uint16_t a_port_ = 0, b_port_ = 0;
  std::mt19937 rng_{3};
  std::string log_;
};

TEST_F(KernelSctp, ComesUpAndCarriesBothStreamsInOrder) {
  test::Recorder ra, rb;
  auto a = make(a_port_, b_port_, ra);
  auto b = make(b_port_, a_port_, rb);
  ASSERT_EQ(b->start(), std::nullopt);
  ASSERT_EQ(a->start(), std::nullopt);
  ASSERT_TRUE(test::run_until(io_, [&] { return a->is_up() && b->is_up(); }, 10s)) << log_;
  EXPECT_NE(a->role(), b->role());
  EXPECT_EQ(ra.ups.at(0).outbound_streams, 2);
  // The IOS timers as the kernel holds them for the live association (test::loopback: 50 200, 3/3).
  for (const auto* end : {a.get(), b.get()}) {
    const auto applied = end->applied_options();
    ASSERT_TRUE(applied);
    EXPECT_EQ(applied->rto_min_ms, 50u);
    EXPECT_EQ(applied->rto_max_ms, 200u);
    EXPECT_EQ(applied->path_max_retrans, 3);
    EXPECT_EQ(applied->assoc_max_retrans, 3);
  }
  EXPECT_NE(log_.find("RTO 50-200 ms, path-retransmit 3, assoc-retransmit 3"), std::string::npos) << log_;
  for (std::uint32_t i = 0; i < 500; ++i) {
    ASSERT_EQ(a->send(Stream::Bulk, test::make_bulk(i)), SendResult::Queued);
    if (i % 10 == 0) {
      ASSERT_EQ(a->send(Stream::Update, test::make_update(i / 10, i)), SendResult::Queued);
    }
  }
  ASSERT_TRUE(test::run_until(io_, [&] { return rb.messages.size() == 550; }, 30s)) << log_;
  std::uint32_t bulk = 0, updates = 0;
  for (const auto& [stream, bytes] : rb.messages) {
    const auto rec = test::check_record(bytes);
    ASSERT_TRUE(rec);
    if (stream == Stream::Bulk) {
      EXPECT_EQ(rec->index, bulk++);
    } else {
      EXPECT_EQ(rec->index, updates++);
    }
  }
  EXPECT_EQ(bulk, 500u);
  EXPECT_EQ(updates, 50u);
}

TEST_F(KernelSctp, StopIsAnAbortThePeerSeesAndTheInitiatorReconnects) {
  test::Recorder ra, rb;
  auto a = make(a_port_, b_port_, ra);
  auto b = make(b_port_, a_port_, rb);
  ASSERT_EQ(a->start(), std::nullopt);
  ASSERT_EQ(b->start(), std::nullopt);
  ASSERT_TRUE(test::run_until(io_, [&] { return a->is_up() && b->is_up(); }, 10s)) << log_;
  auto& listener = a->role() == Role::Listener ? a : b;
  auto& listener_record = a->role() == Role::Listener ? ra : rb;
  auto& initiator_record = a->role() == Role::Listener ? rb : ra;
  const auto listener_port = a->role() == Role::Listener ? a_port_ : b_port_;
  const auto initiator_port = a->role() == Role::Listener ? b_port_ : a_port_;
  listener->stop();
  ASSERT_TRUE(test::run_until(io_, [&] { return !initiator_record.downs.empty(); }, 10s)) << log_;
  EXPECT_EQ(initiator_record.downs[0].reason, DownReason::PeerAborted) << initiator_record.downs[0].detail;
  EXPECT_EQ(listener_record.downs.at(0).reason, DownReason::Stopped);
  listener.reset();
  test::Recorder rc;
  auto c = make(listener_port, initiator_port, rc);
  ASSERT_EQ(c->start(), std::nullopt);
  ASSERT_TRUE(test::run_until(io_, [&] { return c->is_up() && initiator_record.ups.size() == 2; }, 30s)) << log_;
}

}  // namespace
}  // namespace havpnc::sctp
