#pragma once
// IOS show commands of the crypto component, text and JSON: `show crypto session detail`,
// `show crypto isakmp sa`, `show crypto ipsec sa` (a faithful subset of the IOS 15 layout).
// Built from counters, SPIs, addresses and lifetimes only: nothing here can reach a key.
#include <string>

#include <nlohmann/json.hpp>

#include "runtime/control/show_registry.h"
#include "runtime/core/time.h"

namespace havpnc::crypto {

class CryptoComponent;

std::string show_crypto_session_detail(const CryptoComponent& c, TimePoint now);
nlohmann::json crypto_session_json(const CryptoComponent& c, TimePoint now);
std::string show_crypto_isakmp_sa(const CryptoComponent& c);
nlohmann::json crypto_isakmp_sa_json(const CryptoComponent& c, TimePoint now);
std::string show_crypto_ipsec_sa(const CryptoComponent& c, TimePoint now);
nlohmann::json crypto_ipsec_sa_json(const CryptoComponent& c, TimePoint now);

// Registers the three commands; `c` must outlive the registry's use.
void register_crypto_show(control::ShowRegistry& registry, const CryptoComponent& c);

// "01:02:50"; hours grow past 24 as IOS prints IKE lifetimes ("23:49:39").
std::string hms(Duration d);

}  // namespace havpnc::crypto
