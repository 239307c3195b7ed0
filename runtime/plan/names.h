#pragma once
// The JSON spelling of every plan enum: IOS words where IOS has one ("pre-share",
// "on-demand"), so a plan reads like the config it came from. One table per enum serves the
// writer, the loader and the error message listing the accepted words.
#include <optional>
#include <string>
#include <string_view>

#include "runtime/plan/plan.h"

namespace havpnc::plan {

std::string_view to_string(IkeEncryption);
std::string_view to_string(IkeHash);
std::string_view to_string(IkeAuthentication);
std::string_view to_string(DpdMode);
std::string_view to_string(EspEncryption);
std::string_view to_string(Integrity);
std::string_view to_string(TransformMode);
std::string_view to_string(SelectorAction);
std::string_view to_string(HsrpAuthKind);
std::string_view to_string(TrackKind);

// nullopt for a word not in the table; `accepted` lists the table ("des, 3des, ...").
template <typename E>
std::optional<E> from_string(std::string_view word);
template <typename E>
std::string accepted_words();

}  // namespace havpnc::plan
