#include "compiler/network/evidence.h"

#include "compiler/network/network.h"

namespace havpnc::network {

std::string place(const model::SourceFiles& files, const model::SourceRange& range) {
  std::string path = range.file < files.size() ? files.path(range.file) : std::string("?");
  if (!range.valid()) return path;
  return path + ":" + std::to_string(range.line);
}

std::string describe(const AddressOwner& owner) {
  const std::string device = owner.device != nullptr ? owner.device->display_name() : std::string("?");
  const std::string itf = owner.interface != nullptr ? owner.interface->name.value : std::string("?");
  if (owner.group != nullptr) {
    return "the HSRP virtual IP of standby " + std::to_string(owner.group->number.value) + " on " + itf + " of " +
           device;
  }
  return "the address of " + itf + " of " + device;
}

namespace {

std::string join_ips(const std::vector<model::Located<model::Ipv4>>& ips) {
  if (ips.empty()) return "(no ip)";
  std::string out;
  for (const auto& ip : ips) {
    if (!out.empty()) out += ",";
    out += ip.value.to_string();
  }
  return out;
}

std::string port(const std::optional<model::Located<std::uint32_t>>& p) {
  return p ? std::to_string(p->value) : std::string("(no port)");
}

}  // namespace

std::string describe(const model::SctpAssociation& a) {
  return join_ips(a.local_ips) + " port " + port(a.local_port) + " -> " + join_ips(a.remote_ips) + " port " +
         port(a.remote_port);
}

}  // namespace havpnc::network
