#!/usr/bin/python3
"""Validate a SARIF log against the SARIF 2.1.0 JSON schema, plus what GitHub code scanning
needs beyond the schema (relative uris, partialFingerprints, rule help).

usage: validate_sarif.py LOG.sarif
exit: 0 valid, 1 invalid, 77 schema or jsonschema not available (the test then skips)
The schema is taken from $HAVPNC_SARIF_SCHEMA, else from the npm package
@microsoft/jest-sarif (lib/schemas/sarif-2.1.0-rtm.5.json, the OASIS 2.1.0 schema) or
@microsoft/sarif-multitool-linux (sarif-2.1.0.json) under `npm root -g`.
"""
import json
import os
import subprocess
import sys

CANDIDATES = [
    "@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json",
    "@microsoft/sarif-multitool-linux/sarif-2.1.0.json",
]


def find_schema():
    env = os.environ.get("HAVPNC_SARIF_SCHEMA")
    if env:
        return env if os.path.isfile(env) else None
    roots = ["/usr/lib/node_modules", "/usr/local/lib/node_modules"]
    try:
        roots.insert(0, subprocess.run(["npm", "root", "-g"], capture_output=True, text=True, timeout=30).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    for root in roots:
        for c in CANDIDATES:
            p = os.path.join(root, c)
            if root and os.path.isfile(p):
                return p
    return None


def github_checks(log):
    errors = []
    for run in log["runs"]:
        rules = run["tool"]["driver"].get("rules", [])
        ids = [r["id"] for r in rules]
        for r in rules:
            if "shortDescription" not in r or not r["shortDescription"].get("text"):
                errors.append(f"rule {r['id']}: no shortDescription")
            if not r.get("helpUri", "").endswith("/" + r["id"] + ".md"):
                errors.append(f"rule {r['id']}: helpUri {r.get('helpUri')!r} is not docs/rules/<id>.md")
        for res in run.get("results", []):
            if res["ruleId"] not in ids:
                errors.append(f"result for unlisted rule {res['ruleId']}")
            elif ids.index(res["ruleId"]) != res.get("ruleIndex"):
                errors.append(f"result {res['ruleId']}: wrong ruleIndex")
            if not res.get("partialFingerprints"):
                errors.append(f"result {res['ruleId']}: no partialFingerprints")
            for loc in res.get("locations", []) + res.get("relatedLocations", []):
                uri = loc["physicalLocation"]["artifactLocation"]["uri"]
                if uri.startswith("/") or ":" in uri.split("/")[0]:
                    errors.append(f"result {res['ruleId']}: uri {uri!r} is not repository-relative")
    return errors


def main():
    try:
        import jsonschema
    except ImportError:
        print("skipped: python3-jsonschema is not installed")
        return 77
    schema_path = find_schema()
    if not schema_path:
        print("skipped: no SARIF 2.1.0 schema found (npm install -g @microsoft/jest-sarif@1.0.0-beta.0, "
              "or set HAVPNC_SARIF_SCHEMA)")
        return 77
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(sys.argv[1], encoding="utf-8") as f:
        log = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema)
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    problems += github_checks(log)
    for p in problems:
        print(p)
    print(f"{len(problems)} problems against {os.path.basename(schema_path)} ({cls.__name__})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
