#include "runtime/lab/failover_echo.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace havpnc::lab {

namespace {

constexpr std::size_t kPayload = 56;  // as ping(8): 8 + 56 bytes of ICMP
constexpr std::uint8_t kEchoRequest = 8, kEchoReply = 0, kDestinationUnreachable = 3;

std::uint16_t checksum(const std::uint8_t* p, std::size_t n) {  // RFC 1071
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < n; i += 2) sum += static_cast<std::uint32_t>(p[i] << 8 | p[i + 1]);
  if (n % 2) sum += static_cast<std::uint32_t>(p[n - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

void put64(std::uint8_t* p, std::uint64_t v) {
  for (int i = 7; i >= 0; --i, v >>= 8) p[i] = static_cast<std::uint8_t>(v);
}
std::uint64_t get64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | p[i];
  return v;
}
std::uint16_t get16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }

// The IPv4 header's length, or 0 when `size` cannot hold it.
std::size_t ip_header_length(const std::uint8_t* p, std::size_t size) {
  if (size < 20 || (p[0] >> 4) != 4) return 0;
  const std::size_t ihl = static_cast<std::size_t>(p[0] & 0x0f) * 4;
  return ihl >= 20 && ihl <= size ? ihl : 0;
}

}  // namespace

EchoProbe::EchoProbe(std::string netns, std::string source, std::string destination, int rate_pps)
    : netns_(std::move(netns)), source_(std::move(source)), destination_(std::move(destination)),
      rate_pps_(rate_pps < 1 ? 1 : rate_pps) {
  std::random_device rd;
  identifier_ = static_cast<std::uint16_t>(rd());
  token_ = (static_cast<std::uint64_t>(rd()) << 32) | rd();
}

EchoProbe::~EchoProbe() {
  sending_ = false;
  receiving_ = false;
  if (sender_.joinable()) sender_.join();
  if (receiver_.joinable()) receiver_.join();
  if (fd_ >= 0) ::close(fd_);
}

std::string EchoProbe::open() {
  in_addr src{}, dst{};
  if (::inet_pton(AF_INET, source_.c_str(), &src) != 1) return "bad source address " + source_;
  if (::inet_pton(AF_INET, destination_.c_str(), &dst) != 1) return "bad destination address " + destination_;
  const int self = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  const int there = ::open(("/run/netns/" + netns_).c_str(), O_RDONLY | O_CLOEXEC);
  std::string error;
  if (self < 0 || there < 0) {
    error = "cannot open namespace " + netns_ + ": " + std::strerror(errno);
  } else if (::setns(there, CLONE_NEWNET) != 0) {
    error = "cannot enter namespace " + netns_ + ": " + std::strerror(errno);
  } else {
    fd_ = ::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
    if (fd_ < 0) error = std::string("raw ICMP socket: ") + std::strerror(errno);
    // Returning must succeed, or this thread (and every one it starts) lives in the lab.
    if (::setns(self, CLONE_NEWNET) != 0) std::abort();
  }
  if (self >= 0) ::close(self);
  if (there >= 0) ::close(there);
  if (!error.empty()) return error;
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_addr = src;
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0)
    return "bind " + source_ + " in " + netns_ + ": " + std::strerror(errno);
  // Not connect()ed: a connected raw socket gets ICMP from the destination only, and an
  // unreachable from a hop on the way (IOS's `U`) would be filtered out.
  const int buffer = 4 << 20;
  (void)::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  timeval tv{0, 100'000};  // the receiver checks for stop this often
  (void)::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return "";
}

void EchoProbe::start() {
  receiving_ = true;
  sending_ = true;
  receiver_ = std::thread([this] { receive_loop(); });
  sender_ = std::thread([this] { send_loop(); });
}

void EchoProbe::stop() {
  sending_ = false;
  if (sender_.joinable()) sender_.join();
}

void EchoProbe::stop_after_grace(std::chrono::milliseconds grace) {
  stop();
  std::this_thread::sleep_for(grace);
  receiving_ = false;
  if (receiver_.joinable()) receiver_.join();
}

void EchoProbe::send_loop() {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  ::inet_pton(AF_INET, destination_.c_str(), &to.sin_addr);
  const auto period = std::chrono::nanoseconds(1'000'000'000LL / rate_pps_);
  auto next = EchoClock::now();
  std::uint8_t packet[8 + kPayload];
  for (std::uint64_t index = 0; sending_; ++index) {
    std::this_thread::sleep_until(next);
    next += period;
    std::memset(packet, 0, sizeof packet);
    packet[0] = kEchoRequest;
    packet[4] = static_cast<std::uint8_t>(identifier_ >> 8);
    packet[5] = static_cast<std::uint8_t>(identifier_);
    packet[6] = static_cast<std::uint8_t>(index >> 8);
    packet[7] = static_cast<std::uint8_t>(index);
    put64(packet + 8, token_);
    put64(packet + 16, index);
    const std::uint16_t sum = checksum(packet, sizeof packet);
    packet[2] = static_cast<std::uint8_t>(sum >> 8);
    packet[3] = static_cast<std::uint8_t>(sum);
    {
      std::lock_guard lock(mutex_);
      records_.push_back({EchoClock::now(), std::nullopt, false});
    }
    // A send error (no route while the tunnel is down) is a lost echo like any other.
    (void)::sendto(fd_, packet, sizeof packet, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  }
}

void EchoProbe::receive_loop() {
  std::uint8_t buf[2048];
  while (receiving_) {
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    const auto at = EchoClock::now();
    if (n <= 0) continue;
    on_packet(buf, static_cast<std::size_t>(n), at);
  }
}

void EchoProbe::on_packet(const std::uint8_t* data, std::size_t size, EchoClock::time_point at) {
  const std::size_t ihl = ip_header_length(data, size);
  if (ihl == 0 || size - ihl < 8) {
    ++malformed_;
    return;
  }
  const std::uint8_t* icmp = data + ihl;
  const std::size_t icmp_size = size - ihl;
  if (icmp[0] == kEchoReply) {
    if (get16(icmp + 4) != identifier_ || icmp_size < 8 + 16 || get64(icmp + 8) != token_) return;
    const std::uint64_t index = get64(icmp + 16);
    std::lock_guard lock(mutex_);
    if (index < records_.size() && !records_[index].reply_at) records_[index].reply_at = at;
    return;
  }
  if (icmp[0] != kDestinationUnreachable) return;
  // RFC 792: the unreachable quotes the original IP header and at least 8 bytes of its data.
  const std::uint8_t* inner = icmp + 8;
  const std::size_t inner_size = icmp_size - 8;
  const std::size_t inner_ihl = ip_header_length(inner, inner_size);
  if (inner_ihl == 0 || inner_size - inner_ihl < 8) {
    ++malformed_;
    return;
  }
  const std::uint8_t* echo = inner + inner_ihl;
  const std::size_t echo_size = inner_size - inner_ihl;
  if (inner[9] != IPPROTO_ICMP || echo[0] != kEchoRequest || get16(echo + 4) != identifier_) return;
  std::lock_guard lock(mutex_);
  if (echo_size >= 8 + 16 && get64(echo + 8) == token_) {
    const std::uint64_t index = get64(echo + 16);
    if (index < records_.size()) records_[index].unreachable = true;
    return;
  }
  // Only the 16-bit sequence is quoted: the most recent echo carrying it.
  const std::uint16_t seq = get16(echo + 6);
  for (std::size_t i = records_.size(); i-- > 0;) {
    if (static_cast<std::uint16_t>(i) == seq) {
      records_[i].unreachable = true;
      break;
    }
  }
}

std::vector<EchoRecord> EchoProbe::records() const {
  std::lock_guard lock(mutex_);
  return records_;
}

std::size_t EchoProbe::first_sent_at_or_after(EchoClock::time_point t) const {
  std::lock_guard lock(mutex_);
  std::size_t i = records_.size();
  while (i > 0 && records_[i - 1].sent_at >= t) --i;
  return i;
}

std::size_t EchoProbe::answered_of_last(std::size_t n, std::chrono::milliseconds older_than) const {
  std::lock_guard lock(mutex_);
  const auto cutoff = EchoClock::now() - older_than;
  std::size_t end = records_.size();
  while (end > 0 && records_[end - 1].sent_at > cutoff) --end;
  std::size_t answered = 0;
  for (std::size_t i = end, k = 0; i > 0 && k < n; --i, ++k)
    if (records_[i - 1].reply_at) ++answered;
  return answered;
}

}  // namespace havpnc::lab
