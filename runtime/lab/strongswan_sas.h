#pragma once
// R2 as strongSwan (`lab up --peer strongswan`): what `lab failover` reads to decide whether
// the takeover was invisible to it. Pure text in, figures out (unit-tested on captured output).
//
// - `swanctl --list-sas`: every IKE SA as `NAME: #UNIQUE, STATE, IKEv1, SPI_i[*] SPI_r[*]` and
//   every CHILD SA with its `in SPI` / `out SPI` lines. A new main mode (or a reauth) is a new
//   unique id and new IKE SPIs (the IKEv1 cookies); a new quick mode, new CHILD SPIs.
// - charon's log: kernel-libipsec drops an inbound ESP packet whose sequence number fails the
//   replay window with "ESP sequence number verification failed:" (next line: "src .., dst ..,
//   SPI xxxxxxxx [seq N]") and one that fails authentication with "ESP decryption or ICV
//   verification failed" (AEAD wrapper, 5.x) or "ICV verification failed!" (older). Both are
//   DBG1 in the ESP group, so the log needs `esp` at level 1 or more (strongswan_config.cpp).
// - DPD: charon's own probes are "generating INFORMATIONAL_V1 request N [ HASH N(DPD) ]", the
//   answers it gets "parsed INFORMATIONAL_V1 request N [ HASH N(DPD_ACK) ]" (ike level 2);
//   a probe left unanswered ends in "DPD check timed out".
#include <cstdint>
#include <string>

#include "runtime/lab/failover_analysis.h"

namespace havpnc::lab {

// The IKE SAs go into ike_conn_ids (the unique id) and ike_spis ("SPI_i SPI_r STATE"), the
// CHILD SAs' SPIs into inbound_spis/outbound_spis, the drops per inbound SPI (ICV drops,
// which the log does not attribute, under SPI 0). `answered` needs the list's IKE header.
SaSnapshot parse_swanctl_sas(const std::string& list_sas, const std::string& charon_log);

struct CharonDpd {
  std::uint64_t probes_sent = 0;     // R-U-THERE charon sent
  std::uint64_t acks_received = 0;   // R-U-THERE-ACK charon got
  std::uint64_t timed_out = 0;       // "DPD check timed out"
  std::uint64_t probes_answered = 0; // R-U-THERE from the peer that charon answered
};
// Counts over the log lines after the first `skip_lines` (so a test can count what happened
// since a point it noted with count_lines()).
CharonDpd parse_charon_dpd(const std::string& charon_log, std::size_t skip_lines = 0);
std::size_t count_lines(const std::string& text);

}  // namespace havpnc::lab
