#pragma once
// Key export for offline decryption of captures (`havpnc run --export-keys FILE`, off by
// default): every ISAKMP SA and IPsec SA pair as the records of Wireshark's two UAT tables,
// so that tshark can dissect main mode 5/6, quick mode and informational exchanges and
// decrypt and authenticate ESP from a capture of the wire.
//
// - `esp_sa` (Protocol, Src IP, Dest IP, SPI, Encryption, Encryption Key, Authentication,
//   Authentication Key): one record per direction. RFC 2409 §5.5: each direction is keyed
//   with the SPI its receiver chose, so our outbound record carries the peer's SPI.
// - `ikev1_decryption_table` (Initiator's COOKIE, Encryption Key): bare hex, Ka cut to the
//   cipher's key length (RFC 2409 Appendix B), as the packet-isakmp UAT expects.
//
// The lines carry keys: they go to the export sink and nowhere else (never a LogRecord, a
// show or an error message). Removal notes are UAT comments and hold SPIs/cookies only.
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/ike/child_sa.h"
#include "runtime/ike/ike_sa.h"

namespace havpnc::crypto {

// Where the component hands SAs as they come and go (the file writer in `havpnc run`).
class KeyExportSink {
 public:
  virtual ~KeyExportSink() = default;
  virtual void ike_sa_established(const ike::IkeSa& sa) = 0;
  virtual void ike_sa_deleted(const ike::Cookie& initiator) = 0;
  virtual void ipsec_sa_installed(const ike::ChildSa& child) = 0;
  virtual void ipsec_sa_removed(std::uint32_t inbound_spi, std::uint32_t outbound_spi) = 0;
};

// Wireshark 4.0's names for the transform's algorithms (packet-ipsec.c's UAT choices);
// empty when Wireshark has none for it.
std::string wireshark_encryption_name(const ike::IpsecTransform& t);
std::string wireshark_authentication_name(const ike::IpsecTransform& t);

// Two `esp_sa` records: outbound (local → remote) first, then inbound. Empty when the
// transform has no Wireshark name.
std::vector<std::string> esp_sa_records(const ike::ChildSa& child);
// One `ikev1_decryption_table` record; empty when the ISAKMP SA has no encryption key.
std::string ikev1_decryption_record(const ike::IkeSa& sa);

// What the sink writes for each event, comment lines included (one line per element, no
// newline): the file format of `--export-keys`. Lines starting with '"' are `esp_sa`
// records, other non-comment lines `ikev1_decryption_table` records.
std::vector<std::string> export_lines_for_ike_sa(const ike::IkeSa& sa);
std::vector<std::string> export_lines_for_ike_sa_deleted(const ike::Cookie& initiator);
std::vector<std::string> export_lines_for_ipsec_sa(const ike::ChildSa& child);
std::vector<std::string> export_lines_for_ipsec_sa_removed(std::uint32_t inbound_spi,
                                                           std::uint32_t outbound_spi);

}  // namespace havpnc::crypto
