// Lexer for Cisco IOS running-configs.
//
// IOS is line-oriented and its keywords may be abbreviated to any unique prefix, in any
// case, where "unique" depends on the words before it on the line. A lexer cannot know that,
// so it emits plain WORD/UINT/IPV4 tokens; LineReader (line_reader.h) walks each
// line along command_patterns.inc and gives each keyword its K_ type, so the parser matches
// token types only. Only regions that are not made of IOS words get modes of their own:
// banners and certificate hex blocks.
lexer grammar IosLexer;

tokens {
  // Made by LineReader, never by a lexer rule: INDENT before an indented line, COMMENT for a
  // `!` line, and the keywords typed from command_patterns.inc (tests/grammar checks that
  // this list and the patterns agree).
  INDENT, COMMENT, K_NO, K_IGNORED,
  K_ACCESS_LIST, K_ADDRESS, K_AND, K_ANY, K_ASSOCIATION, K_ASSOC_RETRANSMIT, K_AUTHENTICATION,
  K_AUX, K_BOOLEAN, K_CERTIFICATE, K_CHAIN, K_CON, K_CONSOLE, K_CRYPTO, K_DECREMENT, K_DEFAULT,
  K_DELAY, K_DENY, K_DESCRIPTION, K_DISABLE, K_DOWN, K_DYNAMIC, K_ENCRYPTION, K_END, K_ENGINE,
  K_EQ, K_ESTABLISHED, K_EXTENDED, K_GROUP, K_GT, K_HASH, K_HOST, K_HOSTNAME, K_INBOUND,
  K_INTERFACE, K_INTER_DEVICE, K_IP, K_IPC, K_IPSEC, K_IPSEC_ISAKMP, K_ISAKMP, K_ISAKMP_PROFILE,
  K_KEEPALIVE, K_KEY, K_KEYRING, K_KEY_CHAIN, K_KEY_STRING, K_KILOBYTES, K_LIFETIME, K_LINE,
  K_LINE_PROTOCOL, K_LIST, K_LOCAL_ADDRESS, K_LOCAL_IP, K_LOCAL_PORT, K_LOG, K_LOG_INPUT, K_LT,
  K_MAC_ADDRESS, K_MAP, K_MATCH, K_MD5, K_MINIMUM, K_MODE, K_MSEC, K_NAME, K_NAT, K_NEQ, K_NOT,
  K_NO_XAUTH, K_OBJECT, K_ONBOARD, K_ON_DEMAND, K_OR, K_OUTBOUND, K_PATH_RETRANSMIT, K_PEER,
  K_PERIODIC, K_PERMANENT, K_PERMIT, K_PFS, K_PKI, K_POLICY, K_PREEMPT, K_PRE_SHARED_KEY,
  K_PRIORITY, K_PROFILE, K_PROTOCOL, K_RANGE, K_REDUNDANCY, K_RELOAD, K_REMARK, K_REMOTE_IP,
  K_REMOTE_PORT, K_REPLAY, K_REPLAY_INTERVAL, K_RETRANSMIT_TIMEOUT, K_REVERSE_ROUTE, K_ROUTE,
  K_ROUTING, K_SCHEME, K_SCOPE, K_SCTP, K_SECONDARY, K_SECONDS, K_SECURITY,
  K_SECURITY_ASSOCIATION, K_SET, K_SHUTDOWN, K_SSO, K_STANDARD, K_STANDBY, K_STATEFUL, K_STATIC,
  K_SYNC, K_TAG, K_TEXT, K_TIMEOUT, K_TIMERS, K_TRACK, K_TRANSFORM_SET, K_TRANSPORT, K_TUNNEL,
  K_UP, K_USE_BIA, K_VERSION, K_VTY, K_WINDOW_SIZE, K_ZONE
}

@lexer::members {
  // True when only blanks stand between the start of the current token and the line start:
  // `banner` and `certificate` only mean what they mean at the start of a line.
  bool atLineStart() {
    size_t i = tokenStartCharIndex;
    while (i > 0) {
      size_t c = _input->getText(antlr4::misc::Interval(i - 1, i - 1))[0];
      if (c == '\n' || c == '\r') return true;
      if (c != ' ' && c != '\t') return false;
      --i;
    }
    return true;
  }

  // A banner ends at the first reappearance of the character (or the two characters `^C`)
  // that followed its keyword.
  std::string bannerDelimiter;
  bool atBannerDelimiter() {
    if (bannerDelimiter.empty()) return false;
    for (size_t k = 0; k < bannerDelimiter.size(); ++k) {
      if (_input->LA(static_cast<ssize_t>(k) + 1) != static_cast<unsigned char>(bannerDelimiter[k]))
        return false;
    }
    return true;
  }
}

// The line-start predicates sit after the first word, never at a rule's left edge: ANTLR
// cannot cache its start state when a predicate is reachable from it, and recomputing that
// closure for every token cost more than all the rest of lexing. `!` comment lines are
// recognised by LineReader for the same reason.
BANNER_START
  : 'banner' {atLineStart()}? [ \t]+ [a-zA-Z-]+ [ \t]* -> pushMode(M_BANNER_DELIMITER)
  ;

CERTIFICATE_START
  : 'certificate' {atLineStart()}? ( [ \t] ~[\r\n]* )? -> pushMode(M_CERTIFICATE)
  ;

NEWLINE : '\r'? '\n' | '\r' ;

BLANK : [ \t]+ -> skip ;

IPV4 : DIGITS '.' DIGITS '.' DIGITS '.' DIGITS ;

UINT : DIGITS ;

WORD : ~[ \t\r\n]+ ;

fragment DIGITS : [0-9]+ ;

mode M_BANNER_DELIMITER;

BANNER_DELIMITER
  : ( '^C' | ~[ \t\r\n] ) { bannerDelimiter = getText(); } -> mode(M_BANNER_BODY)
  ;

// `banner motd` with nothing after it: IOS would prompt; in a file it is an empty banner.
BANNER_MISSING_DELIMITER : '\r'? '\n' { bannerDelimiter.clear(); } -> type(NEWLINE), popMode ;

mode M_BANNER_BODY;

BANNER_END : {atBannerDelimiter()}? ( '^C' | ~[\r\n] ) -> popMode ;

// One token per body line keeps memory flat on a huge banner; the parser joins them.
BANNER_TEXT : ( {!atBannerDelimiter()}? ~[\r\n] )+ ;

BANNER_NEWLINE : ( '\r'? '\n' | '\r' ) ;

mode M_CERTIFICATE;

CERTIFICATE_NEWLINE : ( '\r'? '\n' | '\r' ) -> type(NEWLINE) ;

CERTIFICATE_QUIT : [ \t]* 'quit' [ \t]* -> popMode ;

CERTIFICATE_HEX : ~[\r\n]+ ;
