#pragma once
// Two associations in this process on 127.0.0.1 (possible for both backends: kernel SCTP
// natively, usrsctp because havpnc gives each association its own AF_CONN link and UDP port).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "runtime/sctp/association.h"
#include "runtime/sctp/parameters.h"

namespace havpnc::sctp::test {

// A port nothing on 127.0.0.1 uses right now for `type` (bound and released).
inline std::uint16_t free_port(int type, int protocol = 0) {
  const int fd = ::socket(AF_INET, type, protocol);
  if (fd < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t length = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length);
  ::close(fd);
  return ntohs(a.sin_port);
}

inline Parameters loopback(std::uint16_t local, std::uint16_t remote) {
  Parameters p;
  p.local_addresses = {*plan::Ipv4::parse("127.0.0.1")};
  p.remote_addresses = p.local_addresses;
  p.local_port = local;
  p.remote_port = remote;
  p.rto_min = std::chrono::milliseconds{50};
  p.rto_max = std::chrono::milliseconds{200};
  p.assoc_max_retrans = 3;
  p.path_max_retrans = 3;
  p.heartbeat_interval = std::chrono::milliseconds{100};
  return p;
}

struct Recorder : AssociationHandler {
  std::vector<UpEvent> ups;
  std::vector<DownEvent> downs;
  std::vector<std::pair<Stream, std::vector<std::uint8_t>>> messages;
  void on_up(const UpEvent& e) override { ups.push_back(e); }
  void on_down(const DownEvent& e) override { downs.push_back(e); }
  void on_message(Stream s, std::span<const std::uint8_t> m) override {
    messages.emplace_back(s, std::vector<std::uint8_t>(m.begin(), m.end()));
  }
};

inline bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
                      std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    io.run_one_for(std::chrono::milliseconds{5});
  }
  return true;
}

}  // namespace havpnc::sctp::test
