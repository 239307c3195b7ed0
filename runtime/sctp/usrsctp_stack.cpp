#include "runtime/sctp/usrsctp_stack.h"

#include <algorithm>
#include <stdexcept>
#include <thread>

#include <usrsctp.h>

namespace havpnc::sctp {

namespace {

// usrsctp is process-global, so is its bookkeeping here. The mutex guards against usrsctp's
// iterator thread (started even by init_nothreads) reaching conn_output.
std::mutex g_mutex;
std::weak_ptr<UsrsctpStack> g_stack;
std::set<UsrsctpLink*> g_links;

constexpr auto kTick = std::chrono::milliseconds{10};
constexpr std::uint32_t kMaxChunksOnQueue = 65536;

}  // namespace

std::shared_ptr<UsrsctpStack> UsrsctpStack::acquire(boost::asio::io_context& io) {
  std::lock_guard lock(g_mutex);
  if (auto existing = g_stack.lock()) {
    // Its timers and upcalls run on one loop; a second loop would race it.
    if (&existing->io_ != &io)
      throw std::invalid_argument("usrsctp already runs on another io_context in this process");
    return existing;
  }
  std::shared_ptr<UsrsctpStack> stack(new UsrsctpStack(io));
  g_stack = stack;
  stack->arm_tick();  // needs the shared_ptr to exist (the tick holds only a weak one)
  return stack;
}

UsrsctpStack::UsrsctpStack(boost::asio::io_context& io) : io_(io), tick_(io) {
  // Port 0: no usrsctp-owned UDP socket; every packet goes through conn_output (AF_CONN).
  usrsctp_init_nothreads(0, &UsrsctpStack::conn_output, nullptr);
  // usrsctp caps the chunks an association may hold at 512 (sctp_max_chunks_on_queue), and
  // the cap also applies to the send queue: with small records a non-blocking send refuses
  // once 512 are queued, so the stack sends one small chunk per packet instead of bundling
  // (RFC 4960 §6.10). Measured here with 64-byte records between two processes: 54-100 k
  // records/s at 512, 245-395 k records/s at 65,536 (no drops either way). 65,536 DATA chunks
  // of at least 17 bytes (RFC 4960 §3.3.1) is at most a few MB per association.
  usrsctp_sysctl_set_sctp_max_chunks_on_queue(kMaxChunksOnQueue);
  last_tick_ = std::chrono::steady_clock::now();
}

UsrsctpStack::~UsrsctpStack() {
  tick_.cancel();
  // usrsctp_finish refuses while associations are still being torn down; its timers must
  // keep running meanwhile, so drive them by hand. Bounded: a stack that never finishes is
  // left to process exit rather than hanging it.
  for (int i = 0; i < 500 && usrsctp_finish() != 0; ++i) {
    usrsctp_handle_timers(static_cast<std::uint32_t>(kTick.count()));
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
}

UsrsctpStack::Statistics UsrsctpStack::statistics() {
  sctpstat st{};
  usrsctp_get_stat(&st);
  Statistics s;
  s.t3_expiries = st.sctps_timodata;
  s.marked_for_resend = st.sctps_markedretrans;
  s.duplicates_received = st.sctps_recvdupdata;
  s.data_chunks_sent = st.sctps_senddata;
  s.sacks_received = st.sctps_recvsacks;
  return s;
}

void UsrsctpStack::add_link(UsrsctpLink* link) {
  {
    std::lock_guard lock(g_mutex);
    g_links.insert(link);
  }
  usrsctp_register_address(link);
}

void UsrsctpStack::remove_link(UsrsctpLink* link) {
  usrsctp_deregister_address(link);
  std::lock_guard lock(g_mutex);
  g_links.erase(link);
}

void UsrsctpStack::arm_tick() {
  tick_.expires_after(kTick);
  tick_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    auto self = weak.lock();
    if (!self) return;
    const auto now = std::chrono::steady_clock::now();
    const auto gap = std::chrono::duration_cast<std::chrono::microseconds>(now - self->last_tick_);
    ++self->tick_stats_.ticks;
    self->tick_stats_.max_gap = std::max(self->tick_stats_.max_gap, gap);
    if (gap >= 3 * kTick) ++self->tick_stats_.late_ticks;
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(now - self->last_tick_).count() +
                    self->carry_us_;
    self->last_tick_ = now;
    const auto ms = static_cast<std::uint32_t>(us / 1000);
    self->carry_us_ = static_cast<std::uint32_t>(us % 1000);
    if (ms > 0) usrsctp_handle_timers(ms);
    self->arm_tick();
  });
}

int UsrsctpStack::conn_output(void* addr, void* buffer, std::size_t length, std::uint8_t,
                              std::uint8_t) {
  std::lock_guard lock(g_mutex);
  auto* link = static_cast<UsrsctpLink*>(addr);
  if (g_links.count(link) == 0) return 0;  // the association is gone; SCTP copes with loss
  link->output_packet(buffer, length);
  return 0;
}

}  // namespace havpnc::sctp
