// Device-wide lines, the tree walk and whole-file checks.
#include "IosLexer.h"
#include "compiler/frontend/model_builder.h"
#include "compiler/model/defaults.h"
#include "compiler/model/interface_name.h"

namespace havpnc::frontend {

using model::Located;
using model::SourceRange;
namespace defaults = model::defaults;

ModelBuilder::ModelBuilder(model::Device& device, const grammar::ConfigParser& parser)
    : device_(device), parser_(parser), read_(device.file, device.diagnostics) {
  // Device-wide IPsec settings exist whether or not the config mentions them.
  SourceRange nowhere{device.file, 0, 0, 0, 0};
  device_.ipsec.replay_window = Located<std::uint32_t>::by_default(defaults::kReplayWindow, nowhere);
  device_.ipsec.lifetime_seconds =
      Located<std::uint32_t>::by_default(defaults::kIpsecLifetimeSeconds, nowhere);
  device_.ipsec.lifetime_kilobytes =
      Located<std::uint64_t>::by_default(defaults::kIpsecLifetimeKilobytes, nowhere);
}

std::string ModelBuilder::rest_of(P::RestContext* ctx) const {
  if (ctx == nullptr || ctx->getStart() == nullptr || ctx->getStop() == nullptr) return {};
  if (ctx->getStop()->getTokenIndex() < ctx->getStart()->getTokenIndex()) return {};  // empty
  return parser_.text_between(ctx->getStart(), ctx->getStop());
}

Located<std::string> ModelBuilder::located_name(P::NameContext* ctx) const {
  return Located<std::string>::configured(name_of(ctx), read_.range(ctx));
}

std::optional<std::string> ModelBuilder::interface_name(const std::string& written,
                                                        const SourceRange& at) {
  auto name = model::normalize_interface_name(written);
  if (!name) {
    read_.invalid(at, "'" + written + "' is not an interface name");
    return std::nullopt;
  }
  return name->full;
}

void ModelBuilder::enterHostname_line(P::Hostname_lineContext* ctx) {
  device_.hostname = located_name(ctx->name());
}

void ModelBuilder::enterVersion_line(P::Version_lineContext* ctx) {
  device_.version = located_name(ctx->name());
}

void ModelBuilder::enterBanner(P::BannerContext* ctx) {
  model::Banner banner;
  std::string start = ctx->BANNER_START()->getText();
  // "banner motd " → "motd"
  std::size_t a = start.find_first_of(" \t");
  std::size_t b = start.find_first_not_of(" \t", a);
  std::size_t e = start.find_first_of(" \t", b);
  banner.kind = b == std::string::npos ? std::string() : start.substr(b, e - b);
  if (ctx->BANNER_END() != nullptr && ctx->BANNER_DELIMITER() != nullptr) {
    const std::size_t body_start = ctx->BANNER_DELIMITER()->getSymbol()->getStopIndex() + 1;
    const std::size_t body_end = ctx->BANNER_END()->getSymbol()->getStartIndex();
    banner.text = parser_.text_of_chars(body_start, body_end);
  }
  banner.range = read_.range(ctx);
  device_.banners.push_back(std::move(banner));
}

void ModelBuilder::enterIp_routing_line(P::Ip_routing_lineContext* ctx) {
  device_.ip_routing = ctx->K_NO() == nullptr;
}

void ModelBuilder::enterIp_route_line(P::Ip_route_lineContext* ctx) {
  model::StaticRoute route;
  route.range = read_.range(ctx);
  auto prefix = read_.address(ctx->prefix, "route prefix");
  auto mask = read_.mask(ctx->mask, "route mask");
  if (!prefix || !mask) return;
  route.prefix = Located<model::Ipv4Prefix>::configured({prefix->value, mask->value},
                                                        read_.range(ctx->prefix, ctx->mask));
  if (route.prefix.value.network() != prefix->value) {
    read_.invalid(route.prefix.range, "route " + prefix->value.to_string() + " " + ctx->mask->getText() +
                                          " has host bits set (IOS rejects it: Inconsistent address and mask)");
    return;
  }
  if (ctx->nexthop != nullptr) route.next_hop = read_.address(ctx->nexthop, "next hop");
  if (ctx->nexthop_if != nullptr) {
    if (auto name = interface_name(ctx->nexthop_if->getText(), read_.range(ctx->nexthop_if))) {
      route.interface = Located<std::string>::configured(*name, read_.range(ctx->nexthop_if));
    }
  }
  if (ctx->distance != nullptr) route.distance = read_.number(ctx->distance, 1, 255, "distance");
  if (ctx->route_name != nullptr) route.name = name_of(ctx->route_name);
  device_.static_routes.push_back(std::move(route));
}

void ModelBuilder::enterCrypto_engine_line(P::Crypto_engine_lineContext* ctx) {
  auto slot = read_.number(ctx->slot, 0, 15, "crypto engine slot");
  if (!slot) return;
  device_.crypto_engines.push_back({*slot, ctx->K_NO() == nullptr, read_.range(ctx)});
}

void ModelBuilder::enterLine_stanza(P::Line_stanzaContext* ctx) {
  model::TerminalLine line;
  line.kind = ctx->kind->getText();
  if (auto first = read_.number(ctx->first, 0, 1023, "line number")) line.first = first->value;
  if (ctx->last != nullptr) {
    if (auto last = read_.number(ctx->last, 0, 1023, "line number")) line.last = last->value;
  }
  line.range = read_.range(ctx->getStart(), ctx->last != nullptr ? ctx->last : ctx->first);
  device_.terminal_lines.push_back(std::move(line));
}

void ModelBuilder::enterPki_chain_stanza(P::Pki_chain_stanzaContext* ctx) {
  device_.pki_certificate_chains.push_back(name_of(ctx->chain));
}

void ModelBuilder::finish() {
  for (auto& [name, itf] : device_.interfaces) {
    const std::uint32_t max_group = itf.hsrp_version.value == 2 ? 4095 : 255;
    for (const auto& group : itf.hsrp_groups) {
      if (group.number.value > max_group) {
        read_.invalid(group.number.range,
                      "HSRP group " + std::to_string(group.number.value) + " needs `standby version 2` (version " +
                          std::to_string(itf.hsrp_version.value) + " allows 0-" + std::to_string(max_group) + ")");
      }
      if (group.hold_ms.value <= group.hello_ms.value && !group.hold_ms.defaulted) {
        read_.invalid(group.hold_ms.range, "HSRP hold time must be greater than the hello time");
      }
    }
  }
}

}  // namespace havpnc::frontend
