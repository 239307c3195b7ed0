#!/usr/bin/python3
"""docs/plan.schema.json against the plans: every golden plan (and its redacted form) is
valid, and for each bad plan in bad_plans.json the schema rejects it exactly when the case
says it should (the others are the loader's cross-section rules a schema cannot express)."""
import copy
import json
import os
import sys

import jsonschema


def pointer(doc, path):
    parts = [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]
    for p in parts[:-1]:
        doc = doc[int(p)] if isinstance(doc, list) else doc[p]
    return doc, parts[-1]


def apply(doc, ops):
    doc = copy.deepcopy(doc)
    for op in ops:
        parent, key = pointer(doc, op["path"])
        if op["op"] == "remove":
            del parent[int(key) if isinstance(parent, list) else key]
        elif op["op"] == "replace":
            parent[int(key) if isinstance(parent, list) else key] = op["value"]
        elif op["op"] == "add":
            if isinstance(parent, list):
                parent.append(op["value"]) if key == "-" else parent.insert(int(key), op["value"])
            else:
                parent[key] = op["value"]
        else:
            raise ValueError(op["op"])
    return doc


def redacted(plan):
    """The golden plan as `havpnc compile --redact` writes it."""
    out = copy.deepcopy(plan)
    out["redacted"] = True
    for k in out["pre_shared_keys"]:
        k["key"] = "<redacted>"
    for g in out["hsrp_groups"]:
        g["authentication"]["key"] = "<redacted>"
    return out


def main():
    schema_path, cases_path, *goldens = sys.argv[1:]
    schema = json.load(open(schema_path))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0
    for g in goldens:
        plan = json.load(open(g))
        errors = list(validator.iter_errors(plan)) + list(validator.iter_errors(redacted(plan)))
        for e in errors:
            print(f"{g}: schema rejects a golden plan: {e.message} at {list(e.absolute_path)}")
        failures += len(errors)
    cases = json.load(open(cases_path))
    base = json.load(open(os.path.join(os.path.dirname(os.path.abspath(cases_path)), cases["base"])))
    for case in cases["cases"]:
        bad = apply(base, case["patch"])
        rejected = not validator.is_valid(bad)
        if rejected != case["schema_rejects"]:
            failures += 1
            print(f"case '{case['name']}': schema {'rejects' if rejected else 'accepts'} it, "
                  f"bad_plans.json says schema_rejects={case['schema_rejects']}")
    print(f"{len(goldens)} golden plans, {len(cases['cases'])} bad plans, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
