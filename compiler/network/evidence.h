#pragma once
// The words network discovery uses to say why two devices are related: "R10.cfg:69" places
// and "standby 2 ip 6.6.156.100 on GigabitEthernet0/1" descriptions, shared with
// `havpnc lint --explain-topology`.
#include <string>

#include "compiler/model/device.h"

namespace havpnc::network {

struct AddressOwner;

// "samples/seed/R10.cfg:69", or the path alone when the range points nowhere.
std::string place(const model::SourceFiles& files, const model::SourceRange& range);

// "the HSRP virtual IP of standby 2 on GigabitEthernet0/1 of R10" or
// "the address of GigabitEthernet0/1 of R10".
std::string describe(const AddressOwner& owner);

// "6.6.146.10 port 5000 -> 6.6.146.11 port 5000"
std::string describe(const model::SctpAssociation& association);

}  // namespace havpnc::network
