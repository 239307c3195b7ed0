// Parser for Cisco IOS running-configs. Keyword tokens (K_*) come from LineReader, which
// also marks indented lines with INDENT and drops blank and `!` lines, so every rule here
// is a line or a stanza of lines.
//
// A stanza keeps the lines that belong to it: an indented line (as `show running-config`
// prints them) or, for configs typed flat like the seed's, a line whose command exists in
// that stanza's mode, as IOS itself decides when you paste them. Every other line ends the
// stanza. A line that starts like a known command but does not continue like one becomes a
// syntax error that LineErrorStrategy turns into an unrecognized line; a line whose first
// word is unknown is an `unrecognized_line`. Nothing is dropped.
parser grammar IosParser;

options { tokenVocab = IosLexer; }

// ConfigParser calls `statement` (or `stray_indented_line`) once per top-level line from
// C++ rather than through this rule, so a line no rule can start never ends the parse.
// `config` stays because it defines what may follow a statement: INDENT may not, so every
// stanza's child loop continues on INDENT alone (LL(1)), and a broken child line stays a
// line of its stanza instead of ending it.
config : statement* EOF ;

statement
  : hostname_line
  | version_line
  | end_line
  | banner
  | interface_stanza
  | ip_routing_line
  | ip_route_line
  | ip_access_list_stanza
  | numbered_acl_line
  | isakmp_policy_stanza
  | isakmp_key_line
  | isakmp_keepalive_line
  | isakmp_nat_keepalive_line
  | isakmp_profile_stanza
  | keyring_stanza
  | transform_set_stanza
  | ipsec_profile_stanza
  | ipsec_sa_global_line
  | crypto_map_entry_stanza
  | crypto_map_replay_interval_line
  | crypto_map_local_address_line
  | crypto_engine_line
  | pki_chain_stanza
  | track_interface_stanza
  | track_list_stanza
  | ipc_zone_stanza
  | inter_device_stanza
  | chassis_redundancy_stanza
  | line_stanza
  | ignored_line
  | unrecognized_line
  ;

// Boilerplate havpnc recognises and deliberately leaves out of the model (`service ...`,
// `ip cef`, `control-plane`, `ntp ...`), with any indented lines under it.
ignored_line : K_NO? K_IP? K_IGNORED rest NEWLINE (INDENT rest NEWLINE)* ;

// A line whose first word is no IOS command havpnc knows, with the indented lines under it
// (`router ospf 1` and its settings are one unknown stanza). A line that starts with a
// known keyword is typed or becomes a syntax error, never this rule, which keeps every
// decision here LL(k) on token types.
unrecognized_line
  : (WORD | UINT | IPV4 | CERTIFICATE_START | CERTIFICATE_HEX | CERTIFICATE_QUIT) ~NEWLINE* NEWLINE
    (INDENT ~NEWLINE* NEWLINE)*
  ;

// An indented line with no stanza above it (after a given-up stanza header, or a one-line
// command). Called by ConfigParser directly, never from `config`.
stray_indented_line : INDENT ~NEWLINE* NEWLINE ;

// The rest of a line, untyped: descriptions, remarks, names with spaces.
rest : ~NEWLINE* ;

name : WORD | UINT | IPV4 ;

// ---------------------------------------------------------------------------------------
// Device

hostname_line : K_HOSTNAME name NEWLINE ;

version_line : K_VERSION name NEWLINE ;

end_line : K_END NEWLINE ;

// `banner motd ^C ... ^C` with any delimiter; the body may span lines.
banner
  : BANNER_START BANNER_DELIMITER (BANNER_TEXT | BANNER_NEWLINE)* BANNER_END rest NEWLINE
  | BANNER_START NEWLINE
  ;

ip_routing_line : K_NO? K_IP K_ROUTING NEWLINE ;

// ip route PREFIX MASK (NEXT-HOP | INTERFACE [NEXT-HOP]) [DISTANCE] [name N] [tag T] [permanent]
ip_route_line
  : K_IP K_ROUTE prefix=IPV4 mask=IPV4 (nexthop_if=WORD)? (nexthop=IPV4)? (distance=UINT)?
    (K_NAME route_name=name | K_TAG UINT | K_PERMANENT | K_TRACK UINT)* NEWLINE
  ;

crypto_engine_line : K_NO? K_CRYPTO K_ENGINE K_ONBOARD slot=UINT NEWLINE ;

// ---------------------------------------------------------------------------------------
// Interfaces

interface_stanza : K_INTERFACE if_name=rest NEWLINE interface_child* ;

interface_child
  : INDENT? ( if_description
            | if_ip_address
            | if_no_ip_address
            | if_shutdown
            | if_crypto_map
            | if_standby
            | if_ignored )
  | INDENT ~(K_DESCRIPTION | K_IP | K_NO | K_SHUTDOWN | K_CRYPTO | K_STANDBY | K_IGNORED | NEWLINE) rest NEWLINE
  ;

// `duplex auto`, `no ip redirects`: recognised, not modelled.
if_ignored : K_NO? K_IP? K_IGNORED rest NEWLINE ;

if_description : K_DESCRIPTION text=rest NEWLINE ;

if_ip_address : K_IP K_ADDRESS address=IPV4 mask=IPV4 K_SECONDARY? NEWLINE ;

if_no_ip_address : K_NO K_IP K_ADDRESS rest NEWLINE ;

if_shutdown : K_NO? K_SHUTDOWN NEWLINE ;

if_crypto_map : K_CRYPTO K_MAP map=name (K_REDUNDANCY group=name K_STATEFUL?)? NEWLINE ;

if_standby
  : K_STANDBY group=UINT? standby_command NEWLINE
  | K_STANDBY K_VERSION version=UINT NEWLINE
  | K_STANDBY K_USE_BIA (K_SCOPE K_INTERFACE)? NEWLINE
  ;

standby_command
  : K_IP (address=IPV4 K_SECONDARY?)?                                        # standbyIp
  | K_PRIORITY priority=UINT                                                 # standbyPriority
  | K_PREEMPT ( K_DELAY (K_MINIMUM minimum=UINT | K_RELOAD reload=UINT | K_SYNC sync=UINT)+ )?
                                                                             # standbyPreempt
  | K_NAME group_name=name                                                   # standbyName
  | K_TRACK object=UINT (K_DECREMENT decrement=UINT | K_SHUTDOWN)?           # standbyTrack
  | K_TIMERS hello_msec=K_MSEC? hello=UINT hold_msec=K_MSEC? hold=UINT       # standbyTimers
  | K_AUTHENTICATION ( K_TEXT? text=name
                     | K_MD5 K_KEY_STRING key_type=UINT? key=name (K_TIMEOUT UINT)?
                     | K_MD5 K_KEY_CHAIN chain=name )                        # standbyAuthentication
  | K_MAC_ADDRESS mac=name                                                   # standbyMacAddress
  ;

// ---------------------------------------------------------------------------------------
// Access lists

ip_access_list_stanza
  : K_IP K_ACCESS_LIST kind=(K_EXTENDED | K_STANDARD) acl=name NEWLINE acl_child*
  ;

acl_child
  : INDENT? seq=UINT? acl_entry NEWLINE
  | INDENT ~(K_PERMIT | K_DENY | K_REMARK | UINT | NEWLINE) rest NEWLINE
  ;

numbered_acl_line : K_ACCESS_LIST number=UINT acl_entry NEWLINE ;

// Extended entries name a protocol (a word or a number) before the source; standard ones
// start with the source, which is never a plain word: LL(2) tells them apart.
acl_entry
  : action=(K_PERMIT | K_DENY) protocol=(WORD | UINT)
    source=acl_address source_port=acl_port?
    destination=acl_address destination_port=acl_port?
    acl_option*                                                              # aclExtended
  | action=(K_PERMIT | K_DENY) source=acl_address acl_option*                # aclStandard
  | K_REMARK text=rest                                                       # aclRemark
  ;

acl_address
  : K_ANY
  | K_HOST host=IPV4
  | address=IPV4 wildcard=IPV4?   // a standard entry's lone address is a host
  ;

acl_port
  : op=(K_EQ | K_GT | K_LT | K_NEQ) ports+=name+
  | K_RANGE low=name high=name
  ;

// Options havpnc does not interpret (icmp types, dscp, time-range ...) are kept as words.
acl_option : K_LOG | K_LOG_INPUT | K_ESTABLISHED | WORD | UINT ;

// ---------------------------------------------------------------------------------------
// ISAKMP (phase 1)

isakmp_policy_stanza : K_CRYPTO K_ISAKMP K_POLICY priority=UINT NEWLINE isakmp_policy_child* ;

isakmp_policy_child
  : INDENT? isakmp_policy_setting NEWLINE
  | INDENT ~(K_ENCRYPTION | K_HASH | K_AUTHENTICATION | K_GROUP | K_LIFETIME | NEWLINE) rest NEWLINE
  ;

isakmp_policy_setting
  : K_ENCRYPTION cipher=name key_bits=UINT?                                  # isakmpEncryption
  | K_HASH hash=name                                                         # isakmpHash
  | K_AUTHENTICATION method=name                                             # isakmpAuthentication
  | K_GROUP group=UINT                                                       # isakmpGroup
  | K_LIFETIME seconds=UINT                                                  # isakmpLifetime
  ;

// crypto isakmp key [0|6|7] KEY address A [MASK] [no-xauth] | hostname H
isakmp_key_line
  : K_CRYPTO K_ISAKMP K_KEY key_type=UINT? key=name
    ( K_ADDRESS address=IPV4 mask=IPV4? | K_HOSTNAME host=name ) K_NO_XAUTH? NEWLINE
  ;

isakmp_keepalive_line
  : K_CRYPTO K_ISAKMP K_KEEPALIVE interval=UINT retry=UINT? dpd_mode=(K_PERIODIC | K_ON_DEMAND)? NEWLINE
  ;

isakmp_nat_keepalive_line : K_CRYPTO K_ISAKMP K_NAT K_KEEPALIVE interval=UINT NEWLINE ;

// Recognised so its lines are not reported as unknown; its children are not modelled.
isakmp_profile_stanza : K_CRYPTO K_ISAKMP K_PROFILE profile=name NEWLINE (INDENT rest NEWLINE)* ;

keyring_stanza : K_CRYPTO K_KEYRING keyring=name NEWLINE keyring_child* ;

keyring_child
  : INDENT? K_PRE_SHARED_KEY
    ( K_ADDRESS address=IPV4 mask=IPV4? | K_HOSTNAME host=name )
    K_KEY key_type=UINT? key=name NEWLINE
  | INDENT ~(K_PRE_SHARED_KEY | NEWLINE) rest NEWLINE
  ;

// ---------------------------------------------------------------------------------------
// IPsec (phase 2)

transform_set_stanza
  : K_CRYPTO K_IPSEC K_TRANSFORM_SET ts=name transforms+=name+ NEWLINE transform_set_child*
  ;

transform_set_child
  : INDENT? K_MODE encapsulation=(K_TUNNEL | K_TRANSPORT) NEWLINE
  | INDENT ~(K_MODE | NEWLINE) rest NEWLINE
  ;

// `crypto ipsec profile NAME`: defined here so `redundancy inter-device / security ipsec NAME`
// can be resolved; its `set ...` children are kept as lines, not modelled.
ipsec_profile_stanza : K_CRYPTO K_IPSEC K_PROFILE profile=name NEWLINE (INDENT rest NEWLINE)* ;

ipsec_sa_global_line
  : K_CRYPTO K_IPSEC K_SECURITY_ASSOCIATION sa_setting NEWLINE
  ;

sa_setting
  : K_REPLAY K_WINDOW_SIZE window=UINT                                       # saReplayWindow
  | K_REPLAY K_DISABLE                                                       # saReplayDisable
  | K_LIFETIME unit=(K_SECONDS | K_KILOBYTES) value=UINT                     # saLifetime
  ;

crypto_map_entry_stanza
  : K_CRYPTO K_MAP map=name seq=UINT K_IPSEC_ISAKMP (K_DYNAMIC dynamic_map=name)? NEWLINE
    crypto_map_child*
  ;

crypto_map_child
  : INDENT? crypto_map_setting NEWLINE
  | INDENT ~(K_SET | K_MATCH | K_REVERSE_ROUTE | K_DESCRIPTION | NEWLINE) rest NEWLINE
  ;

crypto_map_setting
  : K_SET K_PEER peer=IPV4 K_DEFAULT?                                        # mapSetPeer
  | K_SET K_TRANSFORM_SET transform_sets+=name+                              # mapSetTransformSet
  | K_SET K_PFS pfs_group=name?                                              # mapSetPfs
  | K_SET K_SECURITY_ASSOCIATION sa_setting                                  # mapSetSa
  | K_SET K_ISAKMP_PROFILE profile=name                                      # mapSetIsakmpProfile
  | K_MATCH K_ADDRESS acl=name                                               # mapMatchAddress
  | K_REVERSE_ROUTE K_STATIC?                                                # mapReverseRoute
  | K_DESCRIPTION text=rest                                                  # mapDescription
  ;

crypto_map_replay_interval_line
  : K_CRYPTO K_MAP map=name K_REDUNDANCY K_REPLAY_INTERVAL
    (K_INBOUND inbound=UINT)? (K_OUTBOUND outbound=UINT)? NEWLINE
  ;

crypto_map_local_address_line : K_CRYPTO K_MAP map=name K_LOCAL_ADDRESS if_name=rest NEWLINE ;

// The chain's certificates are hex blocks up to `quit`; kept as text, never interpreted.
pki_chain_stanza
  : K_CRYPTO K_PKI K_CERTIFICATE K_CHAIN chain=name NEWLINE certificate*
  ;

certificate : CERTIFICATE_START NEWLINE (CERTIFICATE_HEX NEWLINE)* CERTIFICATE_QUIT NEWLINE ;

// ---------------------------------------------------------------------------------------
// Object tracking

track_interface_stanza
  : K_TRACK object=UINT K_INTERFACE if_name=name if_unit=name?
    ( line_protocol=K_LINE_PROTOCOL | K_IP K_ROUTING ) NEWLINE track_child*
  ;

track_list_stanza
  : K_TRACK object=UINT K_LIST K_BOOLEAN op=(K_AND | K_OR) NEWLINE track_child*
  ;

track_child
  : INDENT? track_setting NEWLINE
  | INDENT ~(K_OBJECT | K_DELAY | NEWLINE) rest NEWLINE
  ;

track_setting
  : K_OBJECT member=UINT negate=K_NOT?                                       # trackObject
  | K_DELAY ( K_UP up=UINT | K_DOWN down=UINT )+                             # trackDelay
  ;

// ---------------------------------------------------------------------------------------
// Inter-device redundancy: the SCTP association that carries SA state, and the scheme

ipc_zone_stanza : K_IPC K_ZONE K_DEFAULT NEWLINE ipc_zone_child* ;

ipc_zone_child
  : INDENT? association
  | INDENT ~(K_ASSOCIATION | NEWLINE) rest NEWLINE
  ;

association : K_ASSOCIATION id=UINT NEWLINE association_child* ;

association_child
  : INDENT? association_setting NEWLINE
  | INDENT ~( K_NO | K_SHUTDOWN | K_PROTOCOL | K_LOCAL_PORT | K_LOCAL_IP | K_REMOTE_PORT
            | K_REMOTE_IP | K_RETRANSMIT_TIMEOUT | K_PATH_RETRANSMIT | K_ASSOC_RETRANSMIT
            | K_ASSOCIATION | NEWLINE ) rest NEWLINE
  ;

association_setting
  : no=K_NO? K_SHUTDOWN                                                      # assocShutdown
  | K_PROTOCOL K_SCTP                                                        # assocProtocol
  | K_LOCAL_PORT port=UINT                                                   # assocLocalPort
  | K_LOCAL_IP first=IPV4 second=IPV4?                                       # assocLocalIp
  | K_REMOTE_PORT port=UINT                                                  # assocRemotePort
  | K_REMOTE_IP first=IPV4 second=IPV4?                                      # assocRemoteIp
  | K_RETRANSMIT_TIMEOUT minimum=UINT maximum=UINT                           # assocRetransmitTimeout
  | K_PATH_RETRANSMIT count=UINT                                             # assocPathRetransmit
  | K_ASSOC_RETRANSMIT count=UINT                                            # assocAssocRetransmit
  ;

inter_device_stanza : K_REDUNDANCY K_INTER_DEVICE NEWLINE inter_device_child* ;

inter_device_child
  : INDENT? inter_device_setting NEWLINE
  | INDENT ~(K_SCHEME | K_SECURITY | NEWLINE) rest NEWLINE
  ;

inter_device_setting
  : K_SCHEME K_STANDBY group=name                                            # interDeviceScheme
  | K_SECURITY K_IPSEC profile=name                                          # interDeviceSecurity
  | K_SECURITY K_KEY key_type=UINT? key=name                                 # interDeviceSecurityKey
  ;

// The chassis `redundancy` block (route-processor redundancy) is a different feature from
// `redundancy inter-device`; it is modelled on its own.
chassis_redundancy_stanza : K_REDUNDANCY NEWLINE chassis_redundancy_child* ;

chassis_redundancy_child
  : INDENT? K_MODE (sso=K_SSO | other=name) NEWLINE
  | INDENT ~(K_MODE | NEWLINE) rest NEWLINE
  ;

// ---------------------------------------------------------------------------------------
// Terminal lines: recognised, their settings are not modelled.

line_stanza : K_LINE kind=(K_CON | K_CONSOLE | K_AUX | K_VTY) first=UINT last=UINT? NEWLINE (INDENT rest NEWLINE)* ;
