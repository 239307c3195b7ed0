#include "runtime/plan/names.h"

#include <array>
#include <utility>

namespace havpnc::plan {

namespace {

template <typename E, std::size_t N>
using Table = std::array<std::pair<E, std::string_view>, N>;

constexpr Table<IkeEncryption, 5> kIkeEncryption{{{IkeEncryption::Des, "des"},
                                                  {IkeEncryption::TripleDes, "3des"},
                                                  {IkeEncryption::Aes128, "aes-128"},
                                                  {IkeEncryption::Aes192, "aes-192"},
                                                  {IkeEncryption::Aes256, "aes-256"}}};
constexpr Table<IkeHash, 5> kIkeHash{{{IkeHash::Md5, "md5"},
                                      {IkeHash::Sha1, "sha1"},
                                      {IkeHash::Sha256, "sha256"},
                                      {IkeHash::Sha384, "sha384"},
                                      {IkeHash::Sha512, "sha512"}}};
constexpr Table<IkeAuthentication, 4> kIkeAuthentication{{{IkeAuthentication::PreShare, "pre-share"},
                                                          {IkeAuthentication::RsaSig, "rsa-sig"},
                                                          {IkeAuthentication::RsaEncr, "rsa-encr"},
                                                          {IkeAuthentication::EcdsaSig, "ecdsa-sig"}}};
constexpr Table<DpdMode, 2> kDpdMode{{{DpdMode::OnDemand, "on-demand"}, {DpdMode::Periodic, "periodic"}}};
constexpr Table<EspEncryption, 13> kEspEncryption{{{EspEncryption::Des, "des"},
                                                   {EspEncryption::TripleDes, "3des"},
                                                   {EspEncryption::Aes128, "aes-128"},
                                                   {EspEncryption::Aes192, "aes-192"},
                                                   {EspEncryption::Aes256, "aes-256"},
                                                   {EspEncryption::Gcm128, "gcm-128"},
                                                   {EspEncryption::Gcm192, "gcm-192"},
                                                   {EspEncryption::Gcm256, "gcm-256"},
                                                   {EspEncryption::Gmac128, "gmac-128"},
                                                   {EspEncryption::Gmac192, "gmac-192"},
                                                   {EspEncryption::Gmac256, "gmac-256"},
                                                   {EspEncryption::Null, "null"},
                                                   {EspEncryption::Seal, "seal"}}};
constexpr Table<Integrity, 5> kIntegrity{{{Integrity::Md5, "md5"},
                                          {Integrity::Sha1, "sha1"},
                                          {Integrity::Sha256, "sha256"},
                                          {Integrity::Sha384, "sha384"},
                                          {Integrity::Sha512, "sha512"}}};
constexpr Table<TransformMode, 2> kTransformMode{{{TransformMode::Tunnel, "tunnel"},
                                                  {TransformMode::Transport, "transport"}}};
constexpr Table<SelectorAction, 2> kSelectorAction{{{SelectorAction::Permit, "permit"},
                                                    {SelectorAction::Deny, "deny"}}};
constexpr Table<HsrpAuthKind, 2> kHsrpAuthKind{{{HsrpAuthKind::Text, "text"}, {HsrpAuthKind::Md5, "md5"}}};
constexpr Table<TrackKind, 4> kTrackKind{{{TrackKind::InterfaceLineProtocol, "interface-line-protocol"},
                                          {TrackKind::InterfaceIpRouting, "interface-ip-routing"},
                                          {TrackKind::ListBooleanAnd, "list-boolean-and"},
                                          {TrackKind::ListBooleanOr, "list-boolean-or"}}};

template <typename E>
constexpr const auto& table();
template <> constexpr const auto& table<IkeEncryption>() { return kIkeEncryption; }
template <> constexpr const auto& table<IkeHash>() { return kIkeHash; }
template <> constexpr const auto& table<IkeAuthentication>() { return kIkeAuthentication; }
template <> constexpr const auto& table<DpdMode>() { return kDpdMode; }
template <> constexpr const auto& table<EspEncryption>() { return kEspEncryption; }
template <> constexpr const auto& table<Integrity>() { return kIntegrity; }
template <> constexpr const auto& table<TransformMode>() { return kTransformMode; }
template <> constexpr const auto& table<SelectorAction>() { return kSelectorAction; }
template <> constexpr const auto& table<HsrpAuthKind>() { return kHsrpAuthKind; }
template <> constexpr const auto& table<TrackKind>() { return kTrackKind; }

template <typename E>
std::string_view name_of(E value) {
  for (const auto& [e, word] : table<E>()) {
    if (e == value) return word;
  }
  return "?";  // only for a value outside the enum, which the loader never produces
}

}  // namespace

std::string_view to_string(IkeEncryption v) { return name_of(v); }
std::string_view to_string(IkeHash v) { return name_of(v); }
std::string_view to_string(IkeAuthentication v) { return name_of(v); }
std::string_view to_string(DpdMode v) { return name_of(v); }
std::string_view to_string(EspEncryption v) { return name_of(v); }
std::string_view to_string(Integrity v) { return name_of(v); }
std::string_view to_string(TransformMode v) { return name_of(v); }
std::string_view to_string(SelectorAction v) { return name_of(v); }
std::string_view to_string(HsrpAuthKind v) { return name_of(v); }
std::string_view to_string(TrackKind v) { return name_of(v); }

template <typename E>
std::optional<E> from_string(std::string_view word) {
  for (const auto& [e, w] : table<E>()) {
    if (w == word) return e;
  }
  return std::nullopt;
}

template <typename E>
std::string accepted_words() {
  std::string out;
  for (const auto& [e, w] : table<E>()) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

#define HAVPNC_PLAN_NAMES(E)                                  \
  template std::optional<E> from_string<E>(std::string_view); \
  template std::string accepted_words<E>();
HAVPNC_PLAN_NAMES(IkeEncryption)
HAVPNC_PLAN_NAMES(IkeHash)
HAVPNC_PLAN_NAMES(IkeAuthentication)
HAVPNC_PLAN_NAMES(DpdMode)
HAVPNC_PLAN_NAMES(EspEncryption)
HAVPNC_PLAN_NAMES(Integrity)
HAVPNC_PLAN_NAMES(TransformMode)
HAVPNC_PLAN_NAMES(SelectorAction)
HAVPNC_PLAN_NAMES(HsrpAuthKind)
HAVPNC_PLAN_NAMES(TrackKind)
#undef HAVPNC_PLAN_NAMES

}  // namespace havpnc::plan
