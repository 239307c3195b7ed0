#pragma once
// ChildSa (what quick mode agreed) -> the two esp::SaParams the data plane installs. Lives in
// its own library, havpnc_ike_esp, so the IKE core does not depend on the data plane.
#include <string>

#include "runtime/esp/sa.h"
#include "runtime/ike/child_sa.h"
#include "runtime/ike/result.h"

namespace havpnc::ike {

struct EspSaPair {
  esp::SaParams inbound;   // SPI we chose; the peer encrypts with it
  esp::SaParams outbound;  // SPI the peer chose
};

// Refuses a transform the data plane does not implement (with the reason, never a key).
Expected<EspSaPair, std::string> esp_sa_params(const ChildSa& child);

}  // namespace havpnc::ike
