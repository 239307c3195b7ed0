#include "runtime/crypto/crypto_show.h"

#include <cstdio>

#include "runtime/crypto/crypto_component.h"
#include "runtime/crypto/inbound_policy.h"

namespace havpnc::crypto {

namespace {

using nlohmann::json;

std::string ip(const ike::Ipv4& a) { return ike::to_string(a); }

std::string subnet_text(const ike::Ipv4Subnet& s) { return ip(s.address) + "/" + ip(s.mask); }

std::string protocol_word(std::uint8_t p) {
  switch (p) {
    case 0: return "ip";
    case 1: return "icmp";
    case 6: return "tcp";
    case 17: return "udp";
    default: return std::to_string(p);
  }
}

// IOS prints the default AES key size without a number: "esp-aes esp-sha-hmac".
std::string ios_transform(const ike::IpsecTransform& t) {
  std::string name = ike::to_string(t);
  const std::string aes128 = "esp-aes 128 ";
  if (name.rfind(aes128, 0) == 0) name = "esp-aes " + name.substr(aes128.size());
  return name;
}

std::string hex_spi(std::uint32_t spi) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%08X(%u)", spi, spi);
  return buf;
}

std::uint64_t remaining_seconds(const esp::EspSa& sa, TimePoint now) {
  const TimePoint hard = sa.lifetime().hard_deadline();
  if (hard == TimePoint::max()) return 0;
  if (hard <= now) return 0;
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(hard - now).count());
}

std::uint64_t remaining_kilobytes(const SaBinding& b, const esp::EspSa& sa) {
  if (b.lifetime_kilobytes == 0) return 0;
  const std::uint64_t used = sa.lifetime().bytes() / 1024;
  return used >= b.lifetime_kilobytes ? 0 : b.lifetime_kilobytes - used;
}

std::vector<const SaBinding*> sas_of(const CryptoComponent& c, std::size_t slot) {
  std::vector<const SaBinding*> out;
  for (const auto& b : c.sas().all())
    if (b.peer == slot) out.push_back(&b);
  return out;
}

// IOS shows one IPSEC FLOW (one ident pair in `show crypto ipsec sa`) per permit line of
// the crypto ACL, each with the SA pairs negotiated for it.
struct FlowView {
  std::size_t line = 0;
  ike::TrafficSelector proxies;
  std::vector<const SaBinding*> sas;
};

std::vector<FlowView> flows_of(const PeerSlot& s, const std::vector<const SaBinding*>& sas) {
  std::vector<FlowView> out;
  for (std::size_t l = 0; l < s.setup.selectors.size(); ++l) {
    auto proxies = line_proxies(s.setup.selectors[l]);
    if (!proxies) continue;
    FlowView f{l, *proxies, {}};
    for (const SaBinding* b : sas)
      if (b->line == l) f.sas.push_back(b);
    out.push_back(std::move(f));
  }
  return out;
}

struct SessionTotals {
  std::uint64_t decrypted = 0, inbound_drops = 0, encrypted = 0, outbound_drops = 0;
};

SessionTotals totals(const std::vector<const SaBinding*>& sas) {
  SessionTotals t;
  for (const SaBinding* b : sas) {
    t.decrypted += b->inbound->counters().packets_decrypted;
    t.inbound_drops += b->inbound->counters().drops.total() + b->invalid_identity + b->inner_malformed;
    t.encrypted += b->outbound->counters().packets_encrypted;
    t.outbound_drops += b->outbound->counters().encapsulate_refused;
  }
  return t;
}

std::string session_status(const PeerSlot& s, bool has_sas) {
  const bool ike = s.session && s.session->ike_sa();
  if (ike && has_sas) return "UP-ACTIVE";
  if (ike) return "UP-IDLE";
  if (has_sas) return "UP-NO-IKE";
  if (s.session && s.session->next_deadline() != TimePoint::max()) return "DOWN-NEGOTIATING";
  return "DOWN";
}

std::string flow_text(const ike::TrafficSelector& sel) {
  std::string t = "permit " + protocol_word(sel.protocol) + " " + subnet_text(sel.local);
  if (sel.local_port) t += " port " + std::to_string(sel.local_port);
  t += " " + subnet_text(sel.remote);
  if (sel.remote_port) t += " port " + std::to_string(sel.remote_port);
  return t;
}

bool dpd_capable(const PeerSlot& s) {
  const ike::IkeSa* sa = s.session ? s.session->ike_sa() : nullptr;
  return sa && sa->peer_supports_dpd && s.setup.session.dpd.has_value();
}

json sa_json(const SaBinding& b, const esp::EspSa& sa, TimePoint now, bool inbound) {
  json j;
  j["spi"] = sa.spi();
  j["transform"] = ios_transform(b.transform);
  j["conn_id"] = b.connection_id + (inbound ? 0 : 1);
  j["remaining_kilobytes"] = remaining_kilobytes(b, sa);
  j["remaining_seconds"] = remaining_seconds(sa, now);
  const auto& c = sa.counters();
  if (inbound) {
    j["packets"] = c.packets_decrypted;
    j["bytes"] = c.bytes_decrypted;
    json drops = json::object();
    for (std::size_t r = 1; r < esp::kDropReasonCount; ++r) {
      auto reason = static_cast<esp::DropReason>(r);
      drops[std::string(esp::to_string(reason))] = c.drops[reason];
    }
    drops["invalid-identity"] = b.invalid_identity;
    drops["inner-malformed"] = b.inner_malformed;
    j["drops"] = drops;
    j["replay_window"] = sa.replay_window().size();
  } else {
    j["packets"] = c.packets_encrypted;
    j["bytes"] = c.bytes_encrypted;
    j["refused"] = c.encapsulate_refused;
    j["next_sequence"] = sa.next_sequence();
  }
  return j;
}

}  // namespace

std::string hms(Duration d) {
  long long s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  if (s < 0) s = 0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
  return buf;
}

std::string show_crypto_session_detail(const CryptoComponent& c, TimePoint now) {
  std::string o =
      "Crypto session current status\n\n"
      "Code: C - IKE Configuration mode, D - Dead Peer Detection\n"
      "K - Keepalives, N - NAT-traversal, T - cTCP encapsulation\n"
      "X - IKE Extended Authentication, F - IKE Fragmentation\n\n";
  for (std::size_t i = 0; i < c.peers().size(); ++i) {
    const PeerSlot& s = *c.peers()[i];
    const auto sas = sas_of(c, i);
    const ike::IkeSa* ike = s.session ? s.session->ike_sa() : nullptr;
    if (!ike && sas.empty() && !s.setup.initiates) continue;  // an idle backup peer
    const auto& mm = s.setup.session.main_mode;
    o += "Interface: " + s.setup.interface + "\n";
    TimePoint since = TimePoint::max();
    if (ike) since = ike->established_at;
    for (const SaBinding* b : sas) since = std::min(since, b->established_at);
    if (since != TimePoint::max()) o += "Uptime: " + hms(now - since) + "\n";
    o += "Session status: " + session_status(s, !sas.empty()) + "\n";
    o += "Peer: " + ip(mm.remote.address) + " port " + std::to_string(mm.remote.port) +
         " fvrf: (none) ivrf: (none)\n";
    o += "      Phase1_id: " + (ike ? ip(mm.remote.address) : std::string("(none)")) + "\n";
    o += "      Desc: (none)\n";
    if (ike) {
      o += "  IKEv1 SA: local " + ip(ike->local.address) + "/" + std::to_string(ike->local.port) +
           " remote " + ip(ike->remote.address) + "/" + std::to_string(ike->remote.port) +
           " Active\n";
      o += "          Capabilities:" + std::string(dpd_capable(s) ? "D" : "(none)") +
           " connid:" + std::to_string(s.connection_id) +
           " lifetime:" + hms(ike->expires_at() - now) + "\n";
    }
    for (const FlowView& f : flows_of(s, sas)) {
      o += "  IPSEC FLOW: " + flow_text(f.proxies) + "\n";
      o += "        Active SAs: " + std::to_string(f.sas.size() * 2) + ", origin: crypto map\n";
      const SessionTotals t = totals(f.sas);
      std::string in_life = "0/0", out_life = "0/0";
      if (!f.sas.empty()) {
        const SaBinding& b = *f.sas.back();
        in_life = std::to_string(remaining_kilobytes(b, *b.inbound)) + "/" +
                  std::to_string(remaining_seconds(*b.inbound, now));
        out_life = std::to_string(remaining_kilobytes(b, *b.outbound)) + "/" +
                   std::to_string(remaining_seconds(*b.outbound, now));
      }
      o += "        Inbound:  #pkts dec'ed " + std::to_string(t.decrypted) + " drop " +
           std::to_string(t.inbound_drops) + " life (KB/Sec) " + in_life + "\n";
      o += "        Outbound: #pkts enc'ed " + std::to_string(t.encrypted) + " drop " +
           std::to_string(t.outbound_drops) + " life (KB/Sec) " + out_life + "\n";
    }
    o += "\n";
  }
  return o;
}

json crypto_session_json(const CryptoComponent& c, TimePoint now) {
  json sessions = json::array();
  for (std::size_t i = 0; i < c.peers().size(); ++i) {
    const PeerSlot& s = *c.peers()[i];
    const auto sas = sas_of(c, i);
    const ike::IkeSa* ike = s.session ? s.session->ike_sa() : nullptr;
    if (!ike && sas.empty() && !s.setup.initiates) continue;
    json j;
    j["interface"] = s.setup.interface;
    j["crypto_map"] = s.setup.map;
    j["sequence"] = s.setup.sequence;
    j["status"] = session_status(s, !sas.empty());
    j["peer"] = ip(s.setup.session.main_mode.remote.address);
    j["peer_port"] = s.setup.session.main_mode.remote.port;
    if (ike) {
      j["ike"] = {{"local", ip(ike->local.address)},
                  {"remote", ip(ike->remote.address)},
                  {"conn_id", s.connection_id},
                  {"dpd", dpd_capable(s)},
                  {"remaining_seconds",
                   std::chrono::duration_cast<std::chrono::seconds>(ike->expires_at() - now).count()}};
    } else {
      j["ike"] = nullptr;
    }
    // Session totals, the first line's flow text (as before flows) and one entry per line.
    j["flow"] = flow_text(s.setup.session.phase2.selector);
    j["active_sas"] = sas.size() * 2;
    const SessionTotals t = totals(sas);
    j["inbound"] = {{"packets_decrypted", t.decrypted}, {"drops", t.inbound_drops}};
    j["outbound"] = {{"packets_encrypted", t.encrypted}, {"drops", t.outbound_drops}};
    json flows = json::array();
    for (const FlowView& f : flows_of(s, sas)) {
      const SessionTotals ft = totals(f.sas);
      flows.push_back({{"acl_line", f.line},
                       {"flow", flow_text(f.proxies)},
                       {"active_sas", f.sas.size() * 2},
                       {"inbound", {{"packets_decrypted", ft.decrypted}, {"drops", ft.inbound_drops}}},
                       {"outbound", {{"packets_encrypted", ft.encrypted}, {"drops", ft.outbound_drops}}}});
    }
    j["flows"] = flows;
    // RFC 3706 exchanges and IKE refusals with this peer over the process's life (JSON
    // only: IOS prints them in debugs, not in this show).
    const ike::IkeCounters& k = s.ike_counters;
    j["ike_counters"] = {{"dpd_probes_sent", k.dpd_probes_sent},
                         {"dpd_acks_received", k.dpd_acks_received},
                         {"dpd_acks_sent", k.dpd_acks_sent},
                         {"peers_declared_dead", k.peers_declared_dead},
                         {"phase1_established", k.phase1_established},
                         {"phase2_established", k.phase2_established},
                         {"deletes_received", k.deletes_received},
                         {"malformed", k.malformed_total()},
                         {"informational_rejected", k.informational_rejected},
                         {"no_sa", k.no_sa},
                         {"unexpected_messages", k.unexpected_messages}};
    sessions.push_back(j);
  }
  return json{{"sessions", sessions}};
}

std::string show_crypto_isakmp_sa(const CryptoComponent& c) {
  std::string o = "IPv4 Crypto ISAKMP SA\n";
  o += "dst             src             state          conn-id status\n";
  for (const auto& slot : c.peers()) {
    const ike::IkeSa* ike = slot->session ? slot->session->ike_sa() : nullptr;
    if (!ike) continue;
    // IOS: dst is the responder, src the initiator of the ISAKMP SA.
    const bool we_initiated = ike->role == ike::IkeRole::Initiator;
    const std::string dst = ip(we_initiated ? ike->remote.address : ike->local.address);
    const std::string src = ip(we_initiated ? ike->local.address : ike->remote.address);
    char line[128];
    std::snprintf(line, sizeof line, "%-15s %-15s %-14s %7u %s\n", dst.c_str(), src.c_str(),
                  "QM_IDLE", slot->connection_id, "ACTIVE");
    o += line;
  }
  return o;
}

json crypto_isakmp_sa_json(const CryptoComponent& c, TimePoint now) {
  json sas = json::array();
  for (const auto& slot : c.peers()) {
    const ike::IkeSa* ike = slot->session ? slot->session->ike_sa() : nullptr;
    if (!ike) continue;
    sas.push_back({{"local", ip(ike->local.address)},
                   {"remote", ip(ike->remote.address)},
                   {"role", ike->role == ike::IkeRole::Initiator ? "initiator" : "responder"},
                   {"state", "QM_IDLE"},
                   {"conn_id", slot->connection_id},
                   {"status", "ACTIVE"},
                   {"remaining_seconds",
                    std::chrono::duration_cast<std::chrono::seconds>(ike->expires_at() - now).count()}});
  }
  return json{{"isakmp_sas", sas}};
}

std::string show_crypto_ipsec_sa(const CryptoComponent& c, TimePoint now) {
  std::string o;
  std::string last_interface;
  for (std::size_t i = 0; i < c.peers().size(); ++i) {
    const PeerSlot& s = *c.peers()[i];
    const auto all = sas_of(c, i);
    if (all.empty() && !s.setup.initiates) continue;
    const auto& mm = s.setup.session.main_mode;
    if (s.setup.interface != last_interface) {
      o += "\ninterface: " + s.setup.interface + "\n";
      o += "    Crypto map tag: " + s.setup.map + ", local addr " + ip(mm.local.address) + "\n";
      last_interface = s.setup.interface;
    }
    for (const FlowView& f : flows_of(s, all)) {
      const auto& sel = f.proxies;
      const auto& sas = f.sas;
      o += "\n   protected vrf: (none)\n";
      o += "   local  ident (addr/mask/prot/port): (" + subnet_text(sel.local) + "/" +
           std::to_string(sel.protocol) + "/" + std::to_string(sel.local_port) + ")\n";
      o += "   remote ident (addr/mask/prot/port): (" + subnet_text(sel.remote) + "/" +
           std::to_string(sel.protocol) + "/" + std::to_string(sel.remote_port) + ")\n";
      o += "   current_peer " + ip(mm.remote.address) + " port " + std::to_string(mm.remote.port) + "\n";
      o += "     PERMIT, flags={origin_is_acl,}\n";
      std::uint64_t enc = 0, dec = 0, replay = 0, verify = 0, invalid = 0, other = 0, refused = 0;
      for (const SaBinding* b : sas) {
        const auto& ic = b->inbound->counters();
        enc += b->outbound->counters().packets_encrypted;
        refused += b->outbound->counters().encapsulate_refused;
        dec += ic.packets_decrypted;
        replay += ic.drops[esp::DropReason::Replay];
        verify += ic.drops[esp::DropReason::Icv];
        invalid += b->invalid_identity;
        other += ic.drops.total() - ic.drops[esp::DropReason::Replay] - ic.drops[esp::DropReason::Icv] +
                 b->inner_malformed;
      }
      o += "    #pkts encaps: " + std::to_string(enc) + ", #pkts encrypt: " + std::to_string(enc) +
           ", #pkts digest: " + std::to_string(enc) + "\n";
      o += "    #pkts decaps: " + std::to_string(dec) + ", #pkts decrypt: " + std::to_string(dec) +
           ", #pkts verify: " + std::to_string(dec) + "\n";
      o += "    #pkts compressed: 0, #pkts decompressed: 0\n";
      o += "    #pkts not compressed: 0, #pkts compr. failed: 0\n";
      o += "    #pkts not decompressed: 0, #pkts decompress failed: 0\n";
      o += "    #send errors " + std::to_string(refused) + ", #recv errors " +
           std::to_string(replay + verify + invalid + other) + "\n";
      o += "    #pkts replay failed (rcv): " + std::to_string(replay) + "\n";
      o += "    #pkts verify failed: " + std::to_string(verify) + "\n";
      o += "    #pkts invalid identity (rcv): " + std::to_string(invalid) + "\n";
      o += "    #pkts other drops (rcv): " + std::to_string(other) + "\n\n";
      o += "     local crypto endpt.: " + ip(mm.local.address) + ", remote crypto endpt.: " +
           ip(mm.remote.address) + "\n";
      const SaBinding* current = sas.empty() ? nullptr : sas.back();
      o += "     current outbound spi: " + hex_spi(current ? current->outbound_spi : 0) + "\n";
      if (current) {
        o += "     PFS (Y/N): " + std::string(current->pfs_group ? "Y" : "N") + ", DH group: " +
             (current->pfs_group ? ike::crypto::to_string(*current->pfs_group) : std::string("none")) +
             "\n";
      }
      auto block = [&](bool inbound) {
        o += inbound ? "\n     inbound esp sas:\n" : "\n     outbound esp sas:\n";
        for (const SaBinding* b : sas) {
          const esp::EspSa& sa = inbound ? *b->inbound : *b->outbound;
          o += "      spi: " + hex_spi(sa.spi()) + "\n";
          o += "        transform: " + ios_transform(b->transform) + " ,\n";
          o += "        in use settings ={Tunnel, }\n";
          o += "        conn id: " + std::to_string(b->connection_id + (inbound ? 0 : 1)) +
               ", crypto map: " + s.setup.map + "\n";
          o += "        sa timing: remaining key lifetime (k/sec): (" +
               std::to_string(remaining_kilobytes(*b, sa)) + "/" +
               std::to_string(remaining_seconds(sa, now)) + ")\n";
          if (inbound)
            o += "        replay detection support: " +
                 std::string(sa.replay_window().size() ? "Y" : "N") +
                 (sa.replay_window().size() ? "  replay window size: " +
                                                    std::to_string(sa.replay_window().size())
                                              : std::string()) +
                 "\n";
          o += "        Status: ACTIVE(ACTIVE)\n";
        }
      };
      block(true);
      block(false);
    }
  }
  return o;
}

json crypto_ipsec_sa_json(const CryptoComponent& c, TimePoint now) {
  json peers = json::array();
  for (std::size_t i = 0; i < c.peers().size(); ++i) {
    const PeerSlot& s = *c.peers()[i];
    const auto all = sas_of(c, i);
    if (all.empty() && !s.setup.initiates) continue;
    const auto& mm = s.setup.session.main_mode;
    for (const FlowView& f : flows_of(s, all)) {
      const auto& sel = f.proxies;
      const auto& sas = f.sas;
      json j;
      j["interface"] = s.setup.interface;
      j["crypto_map"] = s.setup.map;
      j["sequence"] = s.setup.sequence;
      j["local_address"] = ip(mm.local.address);
      j["peer"] = ip(mm.remote.address);
      j["local_ident"] = subnet_text(sel.local);
      j["remote_ident"] = subnet_text(sel.remote);
      j["protocol"] = sel.protocol;
      json in = json::array(), out = json::array();
      for (const SaBinding* b : sas) {
        in.push_back(sa_json(*b, *b->inbound, now, true));
        out.push_back(sa_json(*b, *b->outbound, now, false));
      }
      j["inbound_esp_sas"] = in;
      j["outbound_esp_sas"] = out;
      peers.push_back(j);
    }
  }
  const auto& table = c.sas().inbound_table().drops();
  return json{{"peers", peers},
              {"unknown_spi_drops", table[esp::DropReason::UnknownSpi]},
              {"too_short_drops", table[esp::DropReason::TooShort]}};
}

void register_crypto_show(control::ShowRegistry& registry, const CryptoComponent& c) {
  registry.add({"show crypto session detail", "IKE and IPsec sessions per peer, with counters",
                [&c] { return show_crypto_session_detail(c, c.show_now()); },
                [&c] { return crypto_session_json(c, c.show_now()); }});
  registry.add({"show crypto isakmp sa", "ISAKMP (IKEv1 phase 1) SAs",
                [&c] { return show_crypto_isakmp_sa(c); },
                [&c] { return crypto_isakmp_sa_json(c, c.show_now()); }});
  registry.add({"show crypto ipsec sa", "IPsec SAs per crypto map peer, with counters",
                [&c] { return show_crypto_ipsec_sa(c, c.show_now()); },
                [&c] { return crypto_ipsec_sa_json(c, c.show_now()); }});
}

}  // namespace havpnc::crypto
