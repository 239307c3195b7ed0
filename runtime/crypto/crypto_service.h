#pragma once
// What `havpnc run` adds for the plan's crypto maps: a CryptoComponent fed by its own TUN
// device (TunEdge) and wired to the host. It owns everything the component points at (TUN,
// randomness, IV source), so the host owning this owns the whole data path.
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "runtime/crypto/crypto_component.h"
#include "runtime/crypto/key_export_file.h"
#include "runtime/crypto/tun_edge.h"
#include "runtime/engine/host.h"
#include "runtime/plan/plan.h"

namespace havpnc::crypto {

// IOS-side name the TUN is bound under in LinuxEdges (routes name it).
inline constexpr const char* kTunIosName = "Tunnel-havpnc";

class CryptoService final : public engine::Component {
 public:
  // Throws std::runtime_error (net::NetError included) with the reason the data path
  // cannot run: a crypto map the runtime cannot carry, or no TUN device.
  CryptoService(boost::asio::io_context& io, const plan::Plan& plan, engine::Host& host,
                std::function<TimePoint()> clock);

  std::string_view name() const override { return inner_->name(); }
  std::vector<engine::Subscription> subscriptions() const override { return inner_->subscriptions(); }
  void register_show(control::ShowRegistry& registry) override { inner_->register_show(registry); }
  void start(TimePoint now, engine::Actions& out) override;
  void datagram(const engine::Datagram& d, TimePoint now, engine::Actions& out) override {
    inner_->datagram(d, now, out);
  }
  void timer(engine::TimerKey key, TimePoint now, engine::Actions& out) override {
    inner_->timer(key, now, out);
  }
  void stop(TimePoint now, engine::Actions& out) override;

  const std::string& tun_linux_name() const { return tun_.linux_name(); }
  const CryptoComponent& component() const { return *inner_; }
  CryptoComponent& component() { return *inner_; }  // SSO wiring (runtime/sso/sso_service.h)

  // `havpnc run --export-keys FILE` (key_export_file.h); before start(). False and `error`
  // (never a key) when FILE cannot be used safely.
  bool export_keys(const std::string& path, std::string& error);

 private:
  engine::Host& host_;
  ike::crypto::SystemRandom random_;
  esp::OpenSslIvSource ivs_;
  TunEdge tun_;
  std::unique_ptr<KeyExportFile> key_file_;  // outlives inner_ (declared first)
  std::unique_ptr<CryptoComponent> inner_;
};

// The one call components.cpp makes: nullptr when the plan binds no crypto map. `bind`
// registers the TUN (IOS name, Linux name) with the edges before the host starts.
std::unique_ptr<engine::Component> make_crypto_service(
    boost::asio::io_context& io, const plan::Plan& plan, engine::Host& host,
    std::function<TimePoint()> clock,
    const std::function<void(const std::string& ios, const std::string& linux_name)>& bind);

}  // namespace havpnc::crypto
