#pragma once
// What the host needs from the operating system, as an interface: runtime/net implements it
// with TUN, raw and UDP sockets, netlink and ARP; FakeEdges records calls for tests. Edges
// take IOS interface names; the implementation maps them to the Linux interfaces they were
// bound to at start.
#include <string>

#include "runtime/engine/actions.h"

namespace havpnc::engine {

struct EdgeResult {
  bool ok = true;
  // The address or route was there before we asked: it is not ours to withdraw at exit.
  bool already_present = false;
  std::string error;  // when !ok: errno text and what was attempted, never payload bytes

  static EdgeResult success() { return {}; }
  static EdgeResult present() { return {true, true, {}}; }
  static EdgeResult failure(std::string why) { return {false, false, std::move(why)}; }
};

class Edges {
 public:
  virtual ~Edges() = default;
  virtual EdgeResult send(const SendDatagram& datagram) = 0;
  virtual EdgeResult add_address(const InterfaceAddress& address) = 0;
  virtual EdgeResult remove_address(const InterfaceAddress& address) = 0;
  virtual EdgeResult add_route(const Route& route) = 0;
  virtual EdgeResult remove_route(const Route& route) = 0;
  virtual EdgeResult gratuitous_arp(const SendGratuitousArp& announcement) = 0;
};

}  // namespace havpnc::engine
