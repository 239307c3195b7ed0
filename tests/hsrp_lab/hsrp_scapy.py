#!/usr/bin/python3
"""scapy's view of havpnc's HSRP, independent of havpnc's own codec (tests/hsrp_lab).

  hsrp_scapy.py dissect FILE.pcap        one JSON object per HSRPv1 packet scapy dissects
  hsrp_scapy.py inject IFACE KIND SRC    hostile packets out of IFACE (run inside a namespace):
      coup        v1 Coup, priority 255, wrong text authentication (RFC 2281 §5.1 opcode 1)
      resign      v1 Resign claiming state Active, wrong text authentication (opcode 2)
      truncated-v2  v2 Group State TLV whose length runs past the end of the datagram
scapy has no HSRPv2 layer, so the v2 packet is built as bytes (Cisco HSRPv2: TLV type 1,
length 40: version 2, opcode, state, IP version, group(2), identifier(6), priority(4),
hello(4), hold(4), VIP(16)).
"""
import json
import struct
import sys

from scapy.all import Ether, IP, UDP, Raw, get_if_hwaddr, rdpcap, sendp
from scapy.layers.hsrp import HSRP


def dissect(path):
    for pkt in rdpcap(path):
        if HSRP not in pkt:
            continue
        h = pkt[HSRP]
        print(json.dumps({
            "eth_src": pkt[Ether].src if Ether in pkt else None,
            "src": pkt[IP].src, "dst": pkt[IP].dst, "ttl": pkt[IP].ttl,
            "version": h.version, "opcode": int(h.opcode), "state": int(h.state),
            "hellotime": h.hellotime, "holdtime": h.holdtime, "priority": h.priority,
            "group": h.group, "auth": bytes(h.auth).rstrip(b"\0").decode("latin-1"),
            "vip": h.virtualIP}))


def inject(iface, kind, src):
    if kind in ("coup", "resign"):
        opcode = 1 if kind == "coup" else 2
        hsrp = HSRP(version=0, opcode=opcode, state=16, hellotime=1, holdtime=3, priority=255,
                    group=2, auth=b"wrong\0\0\0", virtualIP="6.6.156.100")
        frame = (Ether(src=get_if_hwaddr(iface), dst="01:00:5e:00:00:02") / IP(src=src, dst="224.0.0.2", ttl=1) /
                 UDP(sport=1985, dport=1985) / hsrp)
    elif kind == "truncated-v2":
        tlv_value = struct.pack("!BBBBH6sIII", 2, 1, 6, 4, 2, b"\0\x11\x22\x33\x44\x55", 255,
                                100, 300)  # stops before the VIP the length promises
        payload = struct.pack("!BB", 1, 40) + tlv_value
        frame = (Ether(src=get_if_hwaddr(iface), dst="01:00:5e:00:00:66") / IP(src=src, dst="224.0.0.102", ttl=1) /
                 UDP(sport=1985, dport=1985) / Raw(payload))
    else:
        sys.exit("unknown kind " + kind)
    sendp(frame, iface=iface, count=3, inter=0.05, verbose=False)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "dissect":
        dissect(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == "inject":
        inject(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
