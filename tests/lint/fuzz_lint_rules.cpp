// Every rule over hostile configs: the input is split on "\n===\n" into up to four device
// configs that form one network, then every rule runs. Rules walk cross-references (track
// lists, tunnel ends, HA pairs), so what must never happen is a crash, a hang on a cyclic
// track list, or UB on a half-built model.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/frontend/frontend.h"
#include "compiler/network/network.h"
#include "lint/rule.h"

namespace {

class CountingSink final : public havpnc::lint::FindingSink {
 public:
  void report(havpnc::lint::Finding finding) override { count += finding.message.empty() ? 0 : 1; }
  std::size_t count = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kSeparator = "\n===\n";
  constexpr std::size_t kMaxDevices = 4;
  havpnc::model::SourceFiles files;
  std::vector<havpnc::model::Device> devices;
  std::size_t start = 0;
  while (devices.size() < kMaxDevices) {
    const std::size_t end = input.find(kSeparator, start);
    const std::string_view part = input.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    const std::string path = "fuzz" + std::to_string(devices.size()) + ".cfg";
    devices.push_back(havpnc::frontend::parse_text(part, path, files.add(path)));
    if (end == std::string_view::npos) break;
    start = end + kSeparator.size();
  }
  const havpnc::network::Network net(std::move(devices), std::move(files));
  CountingSink sink;
  for (const auto& rule : havpnc::lint::all_rules()) {
    for (const auto& d : net.devices()) rule->check_device(d, sink);
    rule->check_network(net, sink);
  }
  return 0;
}
