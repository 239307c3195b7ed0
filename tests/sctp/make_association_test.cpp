#include "runtime/sctp/make_association.h"

#include <gtest/gtest.h>

#include "runtime/sctp/kernel_association.h"
#include "tests/sctp/loopback_pair.h"
#include "tests/sctp/traffic.h"

namespace havpnc::sctp {
namespace {

using namespace std::chrono_literals;

TEST(SctpMakeAssociation, PicksTheKernelWhereItHasSctpAndUsrsctpOtherwiseAndSaysWhy) {
  boost::asio::io_context io;
  test::Recorder r;
  std::vector<std::string> log;
  auto a = make_association(io, test::loopback(40000, 40001), r,
                            [&](const LogRecord& l) { log.push_back(l.format()); });
  ASSERT_TRUE(a);
  ASSERT_FALSE(log.empty());
  if (const auto why = kernel_sctp_unavailable()) {
    EXPECT_EQ(a->backend(), "usrsctp");
    EXPECT_EQ(log[0], "%SCTP-6-BACKEND: association 1 uses usrsctp: kernel SCTP unavailable (" + *why + ")");
    EXPECT_FALSE(make_association(io, test::loopback(40000, 40001), r, {}, BackendChoice::Kernel));
  } else {
    EXPECT_EQ(a->backend(), "kernel");
    EXPECT_EQ(log[0], "%SCTP-6-BACKEND: association 1 uses kernel SCTP");
  }
  auto u = make_association(io, test::loopback(40000, 40001), r, {}, BackendChoice::Usrsctp);
  EXPECT_EQ(u->backend(), "usrsctp");
}

// Whatever was chosen, two associations in one process meet over loopback: the usrsctp
// backend does not need one process per encapsulation port (see usrsctp_stack.h).
TEST(SctpMakeAssociation, TwoAssociationsInOneProcessComeUpAndExchange) {
  boost::asio::io_context io;
  const auto pa = test::free_port(SOCK_DGRAM);
  auto pb = test::free_port(SOCK_DGRAM);
  while (pb == pa) pb = test::free_port(SOCK_DGRAM);
  test::Recorder ra, rb;
  std::string log;
  auto sink = [&](const LogRecord& l) { log += l.format() + "\n"; };
  auto a = make_association(io, test::loopback(pa, pb), ra, sink, BackendChoice::Usrsctp);
  auto b = make_association(io, test::loopback(pb, pa), rb, sink, BackendChoice::Usrsctp);
  ASSERT_EQ(a->start(), std::nullopt);
  ASSERT_EQ(b->start(), std::nullopt);
  ASSERT_TRUE(test::run_until(io, [&] { return a->is_up() && b->is_up(); }, 10s)) << log;
  ASSERT_EQ(a->send(Stream::Update, test::make_update(9, 0)), SendResult::Queued);
  ASSERT_EQ(b->send(Stream::Bulk, test::make_bulk(100)), SendResult::Queued);
  ASSERT_TRUE(test::run_until(io, [&] { return ra.messages.size() == 1 && rb.messages.size() == 1; }, 10s)) << log;
  EXPECT_EQ(rb.messages[0].first, Stream::Update);
  EXPECT_EQ(ra.messages[0].first, Stream::Bulk);
  EXPECT_TRUE(test::check_record(ra.messages[0].second));
  // stop() aborts: the other end is told at once, not after the retransmission limit.
  a->stop();
  ASSERT_TRUE(test::run_until(io, [&] { return !rb.downs.empty(); }, 5s)) << log;
  EXPECT_EQ(rb.downs[0].reason, DownReason::PeerAborted) << rb.downs[0].detail;
  EXPECT_EQ(ra.downs.at(0).reason, DownReason::Stopped);
}

}  // namespace
}  // namespace havpnc::sctp
