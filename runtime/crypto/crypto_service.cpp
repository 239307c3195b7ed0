#include "runtime/crypto/crypto_service.h"

#include <stdexcept>

namespace havpnc::crypto {

namespace {

PeerSetups setups_or_throw(const plan::Plan& plan) {
  auto s = build_peer_setups(plan);
  if (!s) throw std::runtime_error(s.error());
  return std::move(*s);
}

}  // namespace

CryptoService::CryptoService(boost::asio::io_context& io, const plan::Plan& plan,
                             engine::Host& host, std::function<TimePoint()> clock)
    : host_(host), tun_(io, "hvcr%d") {
  CryptoOptions options;
  options.tun_interface = kTunIosName;
  options.show_clock = std::move(clock);
  options.rekey_before_expiry = true;
  inner_ = std::make_unique<CryptoComponent>(setups_or_throw(plan), std::move(options), random_,
                                             ivs_, tun_);
}

void CryptoService::start(TimePoint now, engine::Actions& out) {
  inner_->start(now, out);
  tun_.start([this](std::span<const std::uint8_t> packet) {
    host_.handle(*this, [&](TimePoint t, engine::Actions& actions) {
      inner_->outbound_packet(packet, t, actions);
    });
  });
}

bool CryptoService::export_keys(const std::string& path, std::string& error) {
  auto file = KeyExportFile::open(path, error);
  if (!file) return false;
  key_file_ = std::move(file);
  inner_->set_key_export(key_file_.get());
  return true;
}

void CryptoService::stop(TimePoint /*now*/, engine::Actions& /*out*/) { tun_.stop(); }

std::unique_ptr<engine::Component> make_crypto_service(
    boost::asio::io_context& io, const plan::Plan& plan, engine::Host& host,
    std::function<TimePoint()> clock,
    const std::function<void(const std::string& ios, const std::string& linux_name)>& bind) {
  if (plan.crypto_map_bindings.empty()) return nullptr;
  auto service = std::make_unique<CryptoService>(io, plan, host, std::move(clock));
  bind(kTunIosName, service->tun_linux_name());
  return service;
}

}  // namespace havpnc::crypto
