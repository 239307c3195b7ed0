#include "tests/sso_channel_key/channel_key_configs.h"

#include <fstream>
#include <sstream>

#include "compiler/frontend/frontend.h"

namespace havpnc::channel_key_test {

std::string seed_with(const std::string& router, const std::string& extra) {
  std::ifstream in(std::string(HAVPNC_SOURCE_DIR) + "/samples/seed/" + router + ".cfg", std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str() + extra;
}

std::string ios_protection(const std::string& key, const std::string& peer) {
  return "crypto isakmp key " + key + " address " + peer +
         "\n"
         "crypto ipsec profile SSO-PROTECT\n"
         " set transform-set SET2\n"
         "redundancy inter-device\n"
         " security ipsec SSO-PROTECT\n";
}

model::Device parse(const std::string& text, const std::string& path) {
  return frontend::parse_text(text, path, 0);
}

}  // namespace havpnc::channel_key_test
