#!/usr/bin/env bash
# havpnc parse end to end: exit codes 0 (parsed), 1 (invalid values), 2 (usage/unreadable).
set -u
havpnc=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
expect() {  # expect CODE DESCRIPTION -- COMMAND...
  local want=$1 what=$2
  shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: $what: exit $got, expected $want"; sed 's/^/  /' "$tmp/out" "$tmp/err" | head -20
    failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
}
contains() {  # contains FILE TEXT DESCRIPTION
  if grep -qF -- "$2" "$1"; then echo "ok: $3"; else echo "FAIL: $3: '$2' not in output"; failures=$((failures + 1)); fi
}

expect 0 "seed samples parse" -- "$havpnc" parse "$src"/samples/seed/R2.cfg "$src"/samples/seed/R10.cfg "$src"/samples/seed/R11.cfg
contains "$tmp/out" "crypto map MAP2 redundancy replay-interval inbound 1000 outbound 1000" "text output shows the model"
expect 0 "json output" -- "$havpnc" parse --format json "$src"/samples/seed/R10.cfg
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[0]["model_version"]==1 and d[0]["hostname"]["value"]=="R10"' "$tmp/out" \
  && echo "ok: json is valid and versioned" || { echo "FAIL: json"; failures=$((failures + 1)); }
if grep -q '"cisco"' "$tmp/out"; then echo "FAIL: the pre-shared key reached the JSON"; failures=$((failures + 1)); else echo "ok: no key in json"; fi

printf 'redundancy inter-device\n scheme standby HSRP\n security key 0 SsoChannelSecret99\n!\n' > "$tmp/sso-key.cfg"
expect 0 "SSO channel key parses" -- "$havpnc" parse "$tmp/sso-key.cfg"
contains "$tmp/out" "scheme standby HSRP, security key <redacted>" "text says a channel key is configured"
if grep -q 'SsoChannelSecret99' "$tmp/out" "$tmp/err"; then echo "FAIL: the SSO channel key reached the text"; failures=$((failures + 1)); else echo "ok: no channel key in text"; fi

printf 'interface Gi0/1\n standby 1 priority 300\n' > "$tmp/invalid.cfg"
expect 1 "invalid value exits 1" -- "$havpnc" parse "$tmp/invalid.cfg"
contains "$tmp/out" "invalid.cfg:2:21: error: HSRP priority '300' is out of range 0-255 [syntax-invalid]" "invalid value located"

expect 2 "missing file exits 2" -- "$havpnc" parse "$tmp/nope.cfg"
contains "$tmp/err" "nope.cfg: cannot open: No such file or directory" "missing file named"
expect 2 "directory exits 2" -- "$havpnc" parse "$tmp"
expect 2 "no arguments exits 2" -- "$havpnc" parse
expect 2 "unknown format exits 2" -- "$havpnc" parse --format xml "$src"/samples/seed/R2.cfg
expect 2 "unknown subcommand exits 2" -- "$havpnc" frobnicate
expect 0 "--version" -- "$havpnc" --version
contains "$tmp/out" "havpnc " "version printed"
expect 0 "--help" -- "$havpnc" --help
contains "$tmp/out" "parse" "help lists parse"

[ "$failures" -eq 0 ] && echo "cli parse: all checks passed" || echo "cli parse: $failures checks failed"
exit $((failures > 0))
