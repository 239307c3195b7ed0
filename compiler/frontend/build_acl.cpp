// Access lists, named and numbered.
#include "IosLexer.h"
#include "compiler/frontend/model_builder.h"

namespace havpnc::frontend {

using model::Located;
using model::SourceRange;

std::optional<model::AclAddress> ModelBuilder::acl_address(P::Acl_addressContext* ctx) {
  model::AclAddress a;
  a.range = read_.range(ctx);
  if (ctx->K_ANY() != nullptr) {
    a.kind = model::AclAddress::Kind::Any;
  } else if (ctx->host != nullptr) {
    auto host = read_.address(ctx->host, "host address");
    if (!host) return std::nullopt;
    a.kind = model::AclAddress::Kind::Host;
    a.address = host->value;
  } else {
    auto address = read_.address(ctx->address, "address");
    if (!address) return std::nullopt;
    a.address = address->value;
    if (ctx->wildcard == nullptr) {
      a.kind = model::AclAddress::Kind::Host;
    } else {
      auto wildcard = read_.wildcard(ctx->wildcard);
      if (!wildcard) return std::nullopt;
      a.kind = model::AclAddress::Kind::Network;
      a.wildcard = wildcard->value;
      if (wildcard->value.bits == 0) a.kind = model::AclAddress::Kind::Host;
    }
  }
  return a;
}

model::AclPort ModelBuilder::acl_port(P::Acl_portContext* ctx) {
  model::AclPort port;
  port.range = read_.range(ctx);
  if (ctx->K_RANGE() != nullptr) {
    port.op = model::AclPort::Op::Range;
    port.ports = {name_of(ctx->low), name_of(ctx->high)};
  } else {
    switch (ctx->op->getType()) {
      case grammar::IosLexer::K_GT: port.op = model::AclPort::Op::Gt; break;
      case grammar::IosLexer::K_LT: port.op = model::AclPort::Op::Lt; break;
      case grammar::IosLexer::K_NEQ: port.op = model::AclPort::Op::Neq; break;
      default: port.op = model::AclPort::Op::Eq; break;
    }
    for (auto* p : ctx->ports) port.ports.push_back(name_of(p));
  }
  for (const auto& p : port.ports) {
    // Numeric ports are checked; named ones (isakmp, www) are IOS's own vocabulary.
    if (!p.empty() && std::isdigit(static_cast<unsigned char>(p.front()))) {
      bool numeric = p.find_first_not_of("0123456789") == std::string::npos;
      if (!numeric || p.size() > 5 || std::stoul(p) > 65535) {
        read_.invalid(port.range, "port '" + p + "' is out of range 0-65535");
      }
    }
  }
  return port;
}

model::AclEntry ModelBuilder::acl_entry(P::Acl_entryContext* ctx) {
  model::AclEntry entry;
  entry.range = read_.range(ctx);
  if (auto* remark = dynamic_cast<P::AclRemarkContext*>(ctx)) {
    entry.action = model::AclEntry::Action::Remark;
    entry.remark = rest_of(remark->text);
    return entry;
  }
  auto set_action = [&](antlr4::Token* action) {
    entry.action = action->getType() == grammar::IosLexer::K_PERMIT ? model::AclEntry::Action::Permit
                                                                     : model::AclEntry::Action::Deny;
  };
  auto options = [&](const std::vector<P::Acl_optionContext*>& list) {
    for (auto* o : list) entry.options.push_back(o->getText());
  };
  if (auto* standard = dynamic_cast<P::AclStandardContext*>(ctx)) {
    set_action(standard->action);
    if (auto source = acl_address(standard->source)) entry.source = *source;
    options(standard->acl_option());
    return entry;
  }
  auto* extended = dynamic_cast<P::AclExtendedContext*>(ctx);
  set_action(extended->action);
  entry.protocol = extended->protocol->getText();
  if (extended->protocol->getType() == grammar::IosLexer::UINT) {
    read_.number(extended->protocol, 0, 255, "IP protocol");
  }
  if (auto source = acl_address(extended->source)) entry.source = *source;
  if (extended->source_port != nullptr) entry.source_port = acl_port(extended->source_port);
  if (auto destination = acl_address(extended->destination)) entry.destination = *destination;
  if (extended->destination_port != nullptr) entry.destination_port = acl_port(extended->destination_port);
  options(extended->acl_option());
  return entry;
}

void ModelBuilder::enterIp_access_list_stanza(P::Ip_access_list_stanzaContext* ctx) {
  const std::string name = name_of(ctx->acl);
  auto [it, inserted] = device_.access_lists.try_emplace(name);
  acl_ = &it->second;
  if (inserted) {
    acl_->name = located_name(ctx->acl);
    acl_->kind = ctx->kind->getType() == grammar::IosLexer::K_STANDARD ? model::AccessList::Kind::Standard
                                                                       : model::AccessList::Kind::Extended;
    acl_->range = read_.range(ctx->getStart(), ctx->acl->getStop());
    device_.references.define(model::StructureKind::AccessList, name, acl_->range);
  }
}

void ModelBuilder::enterAcl_child(P::Acl_childContext* ctx) {
  if (acl_ == nullptr || ctx->acl_entry() == nullptr) return;
  model::AclEntry entry = acl_entry(ctx->acl_entry());
  const bool standard_entry = entry.action != model::AclEntry::Action::Remark && !entry.destination;
  if (entry.action != model::AclEntry::Action::Remark &&
      standard_entry != (acl_->kind == model::AccessList::Kind::Standard)) {
    read_.invalid(entry.range, std::string("a ") + (standard_entry ? "standard" : "extended") +
                                   " entry in " + (standard_entry ? "extended" : "standard") +
                                   " access list " + acl_->name.value);
    return;
  }
  if (ctx->seq != nullptr) {
    entry.sequence = read_.number(ctx->seq, 1, 2147483647, "sequence number");
    if (!entry.sequence) return;
  }
  acl_->entries.push_back(std::move(entry));
}

void ModelBuilder::enterNumbered_acl_line(P::Numbered_acl_lineContext* ctx) {
  // 1-99 and 1300-1999 are standard, 100-199 and 2000-2699 extended (IOS).
  auto number = read_.number(ctx->number, 1, 2699, "access-list number");
  if (!number) return;
  const std::uint32_t n = number->value;
  const bool standard = n <= 99 || (n >= 1300 && n <= 1999);
  const bool extended = (n >= 100 && n <= 199) || (n >= 2000 && n <= 2699);
  if (!standard && !extended) {
    read_.invalid(number->range, "access-list " + std::to_string(n) +
                                     " is not an IP access list (1-199, 1300-2699)");
    return;
  }
  model::AclEntry entry = acl_entry(ctx->acl_entry());
  const bool standard_entry = entry.action != model::AclEntry::Action::Remark && !entry.destination;
  if (entry.action != model::AclEntry::Action::Remark && standard_entry != standard) {
    read_.invalid(entry.range, "access-list " + std::to_string(n) + " is " +
                                   (standard ? "standard" : "extended") + " but this entry is not");
    return;
  }
  const std::string name = std::to_string(n);
  auto [it, inserted] = device_.access_lists.try_emplace(name);
  if (inserted) {
    it->second.name = Located<std::string>::configured(name, number->range);
    it->second.kind = standard ? model::AccessList::Kind::Standard : model::AccessList::Kind::Extended;
    it->second.numbered = true;
    it->second.range = read_.range(ctx);
    device_.references.define(model::StructureKind::AccessList, name, it->second.range);
  }
  it->second.entries.push_back(std::move(entry));
}

}  // namespace havpnc::frontend
