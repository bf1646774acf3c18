#!/usr/bin/env python3
"""Validate a Dossier checklist file (default: iso9001-2015.json next to this script).

Usage: python3 validate.py [path/to/checklist.json]
Exits 0 and prints a summary when valid; exits 1 with the first failure otherwise.
Standard library only.
"""
import json
import os
import re
import sys

TOP_KEYS = {"id", "schema_version", "standard", "clauses", "requirements"}
CLAUSE_REQUIRED = {"id", "title", "excludable"}
CLAUSE_OPTIONAL = {"parent", "unheaded", "conditional", "stage2_evidence"}
REQ_REQUIRED = {"id", "kind", "clause", "ref", "title"}
REQ_OPTIONAL = {"condition", "conditional"}
EXPECTED_LEAVES = 64
MAINTAIN_IDS = ["M%d" % i for i in range(1, 8)]
RETAIN_IDS = ["R%d" % i for i in range(1, 22)]
CLAUSE_ID_RE = re.compile(r"^(?:[4-9]|10)(?:\.[1-9][0-9]*)*$")
MAX_TITLE = 90


class Invalid(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Invalid(msg)


def ordered_pairs(pairs):
    """object_pairs_hook: reject duplicate keys and keys out of sorted order."""
    keys = [k for k, _ in pairs]
    check(len(keys) == len(set(keys)), "duplicate key in object: %r" % keys)
    check(keys == sorted(keys), "keys not sorted in object: %r" % keys)
    return dict(pairs)


def clause_key(cid):
    return tuple(int(p) for p in cid.split("."))


def check_keys(obj, required, optional, what):
    check(isinstance(obj, dict), "%s is not an object" % what)
    keys = set(obj)
    missing = required - keys
    unknown = keys - required - optional
    check(not missing, "%s missing keys %s" % (what, sorted(missing)))
    check(not unknown, "%s has unknown keys %s" % (what, sorted(unknown)))


def nonempty_str(v):
    return isinstance(v, str) and v.strip() == v and v != ""


def validate(path):
    with open(path, "rb") as f:
        raw = f.read()
    check(b"\r" not in raw, "file contains CR characters (LF line endings required)")
    text = raw.decode("utf-8")
    doc = json.loads(text, object_pairs_hook=ordered_pairs)

    # Top level.
    check(isinstance(doc, dict), "top level is not an object")
    check(set(doc) == TOP_KEYS, "top-level keys %s != %s" % (sorted(doc), sorted(TOP_KEYS)))
    check(nonempty_str(doc["id"]), "id must be a non-empty string")
    check(doc["schema_version"] == 1 and type(doc["schema_version"]) is int, "schema_version must be 1")
    check(nonempty_str(doc["standard"]), "standard must be a non-empty string")
    check(isinstance(doc["clauses"], list) and doc["clauses"], "clauses must be a non-empty list")
    check(isinstance(doc["requirements"], list) and doc["requirements"], "requirements must be a non-empty list")

    # Clauses.
    clauses = {}
    order = []
    for i, c in enumerate(doc["clauses"]):
        what = "clauses[%d]" % i
        check_keys(c, CLAUSE_REQUIRED, CLAUSE_OPTIONAL, what)
        cid = c["id"]
        check(isinstance(cid, str) and CLAUSE_ID_RE.match(cid), "%s bad id %r" % (what, cid))
        what = "clause %s" % cid
        check(cid not in clauses, "duplicate clause id %s" % cid)
        check(nonempty_str(c["title"]) and len(c["title"]) <= MAX_TITLE, "%s bad title" % what)
        check(type(c["excludable"]) is bool, "%s excludable must be a boolean" % what)
        if "unheaded" in c:
            check(c["unheaded"] is True, "%s unheaded, when present, must be true" % what)
        if "conditional" in c:
            check(nonempty_str(c["conditional"]), "%s conditional must be a non-empty string" % what)
        if "." in cid:
            check("parent" in c, "%s must name a parent" % what)
            check(c["parent"] == cid.rsplit(".", 1)[0], "%s parent %r does not match its id" % (what, c["parent"]))
            check(c["parent"] in clauses, "%s parent %s missing or listed after child" % (what, c["parent"]))
        else:
            check("parent" not in c, "top-level %s must not have a parent" % what)
        clauses[cid] = c
        order.append(cid)

    check(order == sorted(order, key=clause_key), "clauses are not in document order")
    for cid, c in clauses.items():
        if "parent" in c:
            check(c["parent"] in clauses, "clause %s parent %s does not exist" % (cid, c["parent"]))

    parents = {c["parent"] for c in clauses.values() if "parent" in c}
    leaves = [cid for cid in order if cid not in parents]
    check(len(leaves) == EXPECTED_LEAVES, "expected %d leaves, found %d" % (EXPECTED_LEAVES, len(leaves)))
    for cid in parents:
        check(not clauses[cid].get("unheaded"), "parent clause %s must not be unheaded" % cid)

    def leaves_under(cid):
        prefix = cid + "."
        return [leaf for leaf in leaves if leaf.startswith(prefix)]

    for cid in parents:
        under = leaves_under(cid)
        check(under, "parent %s has no leaves" % cid)
    # "excludable" marks a unit that may be declared not applicable on its own
    # (doc/readiness.md, scope.applicability): a leaf of an excludable parent
    # may be excluded only with all of the parent unless it is a unit itself.
    for cid, c in clauses.items():
        if "stage2_evidence" in c:
            check(c["stage2_evidence"] is True, "clause %s stage2_evidence, when present, must be true" % cid)
            check(cid in leaves, "clause %s stage2_evidence must be on a leaf" % cid)

    # Requirements.
    reqs = {}
    req_order = []
    for i, r in enumerate(doc["requirements"]):
        what = "requirements[%d]" % i
        check_keys(r, REQ_REQUIRED, REQ_OPTIONAL, what)
        rid = r["id"]
        check(isinstance(rid, str), "%s id must be a string" % what)
        what = "requirement %s" % rid
        check(rid not in reqs, "duplicate requirement id %s" % rid)
        if rid.startswith("M"):
            check(r["kind"] == "maintain", "%s kind must be maintain" % what)
        elif rid.startswith("R"):
            check(r["kind"] == "retain", "%s kind must be retain" % what)
        else:
            raise Invalid("%s id must start with M or R" % what)
        check(r["clause"] in clauses, "%s clause %r does not exist" % (what, r["clause"]))
        check(r["clause"] in leaves, "%s clause %s is not a leaf" % (what, r["clause"]))
        ref = r["ref"]
        check(nonempty_str(ref) and (ref == r["clause"] or ref.startswith(r["clause"] + " ")),
              "%s ref %r does not start with its clause %s" % (what, ref, r["clause"]))
        check(nonempty_str(r["title"]) and len(r["title"]) <= MAX_TITLE, "%s bad title" % what)
        if "condition" in r:
            check(nonempty_str(r["condition"]), "%s condition must be a non-empty string" % what)
        if "conditional" in r:
            check(r["conditional"] is True, "%s conditional, when present, must be true" % what)
            check("condition" in r, "%s is conditional but has no condition" % what)
        reqs[rid] = r
        req_order.append(rid)

    maint = [rid for rid in req_order if reqs[rid]["kind"] == "maintain"]
    ret = [rid for rid in req_order if reqs[rid]["kind"] == "retain"]
    check(maint == MAINTAIN_IDS, "maintain items must be exactly M1..M7 in order, got %s" % maint)
    check(ret == RETAIN_IDS, "retain items must be exactly R1..R21 in order, got %s" % ret)
    check(req_order == MAINTAIN_IDS + RETAIN_IDS, "requirements must be M1..M7 then R1..R21")

    # Canonical serialisation.
    canon = json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    check(canon.encode("utf-8") == raw, "file is not in canonical form (indent=2, sort_keys, LF, trailing newline)")

    return doc, leaves


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    path = argv[1] if len(argv) > 1 else os.path.join(here, "iso9001-2015.json")
    try:
        doc, leaves = validate(path)
    except (Invalid, ValueError, OSError) as e:
        print("INVALID %s: %s" % (path, e), file=sys.stderr)
        return 1
    cond = [r["id"] for r in doc["requirements"] if r.get("conditional")]
    excl = [c for c in leaves if next(x for x in doc["clauses"] if x["id"] == c)["excludable"]]
    print("OK %s: %d clauses, %d leaves (%d excludable), %d requirements, conditional: %s"
          % (os.path.basename(path), len(doc["clauses"]), len(leaves), len(excl),
             len(doc["requirements"]), ",".join(cond)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
