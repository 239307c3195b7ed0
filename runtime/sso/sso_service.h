#pragma once
// SSO inside `havpnc run` (issue 7): the engine-facing owner of one SsoNode. The sans-IO node
// decides; this class carries its decisions out:
//   - the `ipc zone default` association (runtime/sctp, backend logged at start) carries the
//     node's records, and its up/down/message/drained events feed the node;
//   - the role of the HSRP group named by `redundancy inter-device / scheme standby NAME`
//     feeds the RF state machine (HSRP decides who is active, never SCTP);
//   - the crypto component reports SA changes and per-packet positions (crypto::SaObserver);
//     the node's "reset SA state" and takeover plan go back to it, and it is told whether it
//     is the Active (a standby neither speaks IKE nor sends ESP);
//   - the node's timer runs at next_deadline(); bulk sync is pumped as the transport drains.
// Everything runs on the io_context thread, inside Host::handle, so every action a callback
// causes is carried out like any other event's.
//
// The channel secret is the plan's `inter_device.channel_key` (the ISAKMP pre-shared key for the
// ipc remote-ip under `security ipsec PROFILE`, or the havpnc `security key`); without one the
// records travel in the clear and the node says so, loudly (%CRYPTO-4-SSO_CLEARTEXT). A peer
// whose records fail authentication or that runs the other mode is logged once per
// association (%CRYPTO-3-SSO_CHANNEL_AUTH / _MODE), naming where the key came from, never it.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "runtime/crypto/crypto_component.h"
#include "runtime/engine/component.h"
#include "runtime/engine/host.h"
#include "runtime/hsrp/types.h"
#include "runtime/ike/crypto/random.h"
#include "runtime/plan/plan.h"
#include "runtime/sctp/association.h"
#include "runtime/sso/show.h"
#include "runtime/sso/sso_node.h"

namespace havpnc::sso {

// Builds the association for `handler` (tests: an in-memory pair; `havpnc run`: make_association).
using AssociationFactory = std::function<std::unique_ptr<sctp::Association>(
    sctp::AssociationHandler& handler, sctp::LogSink log)>;

struct SsoServiceConfig {
  SsoConfig node;
  std::string scheme_group;          // `scheme standby HSRP`
  plan::IpcAssociation association;  // `ipc zone default / association N`
  std::string channel_key_source;    // "crypto isakmp key for 6.6.146.11"; empty = no key
};

// The log for a channel that refuses the peer's records, from the channel's counters before and
// after one received message: nullopt when neither AuthFailed nor ModeMismatch moved.
std::optional<LogRecord> channel_alarm(const ChannelCounters& before, const ChannelCounters& after,
                                       const std::string& peer, const std::string& key_source);

// The plan's `redundancy inter-device`, `ipc zone default / association 1`, and the crypto map
// bound with `redundancy GROUP stateful` (its VIP and replay-interval), as the node needs them.
// nullopt when SSO is not configured (no inter-device, no scheme, no association, shut down);
// throws std::invalid_argument when configured but unusable (the sentence names why).
std::optional<SsoServiceConfig> sso_config_from_plan(const plan::Plan& plan);

HsrpRole role_of(hsrp::State state);

struct SsoServiceCounters {
  std::uint64_t send_refused = 0;  // the transport said NotUp/QueueFull/TooLarge
  std::uint64_t takeovers = 0;
  std::uint64_t takeover_ipsec_installed = 0;
  std::uint64_t resets = 0;
};

class SsoService final : public engine::Component,
                         public crypto::SaObserver,
                         public sctp::AssociationHandler {
 public:
  static constexpr engine::TimerKey kTickTimer = 1;

  // `crypto` may be null (no crypto map): SSO still runs RF and the shows. `crypto_host` is
  // the component the host knows crypto under (CryptoService wraps CryptoComponent). Add
  // crypto to the host before this service: the host destroys them in that order, and the
  // crypto component holds a pointer to this service until stop().
  SsoService(SsoServiceConfig config, engine::Host& host, crypto::CryptoComponent* crypto,
             engine::Component* crypto_host, AssociationFactory make_association,
             ike::crypto::RandomSource& random);
  // `havpnc run`: the service owns its CSPRNG.
  SsoService(SsoServiceConfig config, engine::Host& host, crypto::CryptoComponent* crypto,
             engine::Component* crypto_host, AssociationFactory make_association,
             std::unique_ptr<ike::crypto::RandomSource> random);
  ~SsoService() override;

  std::string_view name() const override { return "sso"; }
  void register_show(control::ShowRegistry& registry) override;
  void start(TimePoint now, engine::Actions& out) override;
  void timer(engine::TimerKey key, TimePoint now, engine::Actions& out) override;
  void stop(TimePoint now, engine::Actions& out) override;

  // The `scheme standby` group changed state (called from the HSRP component's event).
  void hsrp_state(hsrp::State state);

  // crypto::SaObserver
  void ike_sa_changed(const ike::IkeSa& sa, const ike::Dpd* dpd, TimePoint now) override;
  void ike_sa_deleted(const ike::Cookie& initiator, const ike::Cookie& responder,
                      TimePoint now) override;
  void ipsec_sa_added(const ike::ChildSa& child, std::uint32_t replay_window,
                      TimePoint now) override;
  void ipsec_sa_deleted(std::uint32_t inbound_spi, std::uint32_t outbound_spi,
                        TimePoint now) override;
  void outbound_progress(std::uint32_t inbound_spi, std::uint32_t outbound_spi,
                         std::uint64_t next_sequence, std::uint64_t bytes, TimePoint now) override;
  void inbound_progress(std::uint32_t inbound_spi, std::uint32_t outbound_spi,
                        std::uint32_t highest, std::uint64_t bytes, TimePoint now) override;

  // sctp::AssociationHandler
  void on_up(const sctp::UpEvent& event) override;
  void on_down(const sctp::DownEvent& event) override;
  void on_message(sctp::Stream stream, std::span<const std::uint8_t> message) override;
  void on_drained() override;

  RedundancyStatus status() const;
  const SsoNode& node() const { return node_; }
  const SsoServiceCounters& counters() const { return counters_; }
  const sctp::Association* association() const { return association_.get(); }

 private:
  // Runs `step` against the node inside a host event of this component and carries out
  // what it returns.
  void event(const std::function<NodeActions(TimePoint)>& step);
  void carry_out(NodeActions actions, TimePoint now, engine::Actions& out);
  void take_over(const TakeoverPlan& plan);
  void reset_crypto();
  void sync_crypto_role();
  void pump_bulk(TimePoint now, NodeActions& into);
  void arm(engine::Actions& out);

  SsoServiceConfig config_;
  engine::Host* host_;
  crypto::CryptoComponent* crypto_;
  engine::Component* crypto_host_;
  AssociationFactory make_association_;
  std::unique_ptr<ike::crypto::RandomSource> own_random_;
  ike::crypto::RandomSource* random_;
  SsoNode node_;
  std::unique_ptr<sctp::Association> association_;
  std::array<std::uint8_t, 16> stamp_{};
  hsrp::State group_state_ = hsrp::State::Initial;
  TimePoint armed_ = TimePoint::max();
  std::uint32_t replay_window_ = 64;
  bool started_ = false;
  bool channel_alarmed_ = false;  // this association's channel alarm was logged
  SsoServiceCounters counters_;
};

// Forwards every call to `inner` and then reports the state of group `index` to `watch` when
// it changed: how SSO observes HSRP without the HSRP component knowing about SSO.
class ObservedHsrp final : public engine::Component {
 public:
  ObservedHsrp(std::unique_ptr<engine::Component> inner, std::function<hsrp::State()> state,
               std::function<void(hsrp::State)> watch)
      : inner_(std::move(inner)), state_(std::move(state)), watch_(std::move(watch)) {}

  std::string_view name() const override { return inner_->name(); }
  std::vector<engine::Subscription> subscriptions() const override {
    return inner_->subscriptions();
  }
  void register_show(control::ShowRegistry& registry) override { inner_->register_show(registry); }
  void start(TimePoint now, engine::Actions& out) override;
  void datagram(const engine::Datagram& d, TimePoint now, engine::Actions& out) override;
  void timer(engine::TimerKey key, TimePoint now, engine::Actions& out) override;
  void link_changed(const engine::LinkChange& change, TimePoint now,
                    engine::Actions& out) override;
  void stop(TimePoint now, engine::Actions& out) override;
  engine::Component& inner() { return *inner_; }

 private:
  void check();
  std::unique_ptr<engine::Component> inner_;
  std::function<hsrp::State()> state_;
  std::function<void(hsrp::State)> watch_;
  std::optional<hsrp::State> last_;
};

}  // namespace havpnc::sso
