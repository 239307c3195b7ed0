// ObservedHsrp around a real HsrpComponent in a Host (FakeEdges, fake clock): SsoService hears
// the `scheme standby` group's state changes and only the Active group makes RF and crypto
// active; the wrapper is invisible to the host (name, subscriptions, timers, shows).
#include <gtest/gtest.h>

#include <memory>

#include "runtime/control/show_registry.h"
#include "runtime/engine/fake_edges.h"
#include "runtime/engine/host.h"
#include "runtime/engine/timer_service.h"
#include "runtime/log/logger.h"
#include "runtime/router/hsrp_component.h"
#include "runtime/sso/sso_service.h"
#include "tests/crypto/seed_plans.h"

namespace havpnc::sso {
namespace {

const TimePoint kStart = TimePoint{} + seconds(1000);

TEST(ObservedHsrp, LoneRouterGoesActiveAndRfAndCryptoFollowTheSchemeGroup) {
  plan::Plan plan = crypto::testing::r10_plan();
  plan.ipc_associations.push_back(plan::IpcAssociation{
      1, false, {crypto::testing::ip("6.6.146.10")}, 5000, {crypto::testing::ip("6.6.146.11")}, 5000});
  plan.inter_device.emplace();
  plan.inter_device->scheme_standby = "HSRP";

  engine::FakeTimerService timers{kStart};
  engine::FakeEdges edges;
  log::Logger logger;
  engine::Host host{timers, edges, logger};
  ike::crypto::SystemRandom random;

  auto hsrp = std::make_unique<router::HsrpComponent>(
      plan, router::LinkStates{{"GigabitEthernet0/0", true}, {"GigabitEthernet0/1", true}},
      router::InterfaceMacs{}, [&] { return timers.now(); });
  router::HsrpComponent* core = hsrp.get();
  auto sso = std::make_unique<SsoService>(*sso_config_from_plan(plan), host, nullptr, nullptr,
                                          AssociationFactory{}, random);
  SsoService* service = sso.get();
  std::vector<hsrp::State> seen;
  auto observed = std::make_unique<ObservedHsrp>(
      std::move(hsrp), [core] { return core->group(0).state(); },
      [&](hsrp::State s) {
        seen.push_back(s);
        service->hsrp_state(s);
      });
  EXPECT_EQ(observed->name(), "hsrp");
  EXPECT_EQ(observed->subscriptions().size(), core->subscriptions().size());
  host.add(std::move(observed));
  host.add(std::move(sso));
  control::ShowRegistry registry;
  for (const auto& c : host.components()) c->register_show(registry);
  host.start();

  EXPECT_FALSE(is_active(service->node().rf().my_state()));
  // Alone: Listen, Speak, Standby, Active within twice the 10 s hold.
  for (int i = 0; i < 250; ++i) timers.advance(milliseconds(100));
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), hsrp::State::Active);
  EXPECT_EQ(service->node().rf().my_state(), RfState::Active);
  EXPECT_EQ(service->status().group_state, "Active");
  const auto reply = registry.execute("show redundancy states", control::Format::Text);
  EXPECT_NE(reply.body.find("my state = 13 -ACTIVE"), std::string::npos) << reply.body;
  const auto json = registry.execute("show crypto ha", control::Format::Json);
  EXPECT_NE(json.body.find("\"vip\": \"6.6.156.100\""), std::string::npos) << json.body;

  // The group leaves Active (interface down): RF reloads and is no longer active.
  host.link_changed({"GigabitEthernet0/1", false});
  EXPECT_NE(seen.back(), hsrp::State::Active);
  EXPECT_FALSE(is_active(service->node().rf().my_state()));
  EXPECT_EQ(service->node().rf().reloads(), 1u);
}

}  // namespace
}  // namespace havpnc::sso
