#!/usr/bin/env python3
"""Reads the CI examples (examples/ci/*.yml) as YAML and prints, as JSON,
what tests/ci_examples_test.cc checks: for each file its kind (github or
gitlab), the dossier commands its steps run, in order, and how it publishes
the JUnit results and keeps the reports. Exits 1 naming the file when one
does not parse.

    ci_examples.py FILE...
"""
import json
import sys

import yaml


def lines(script):
    if script is None:
        return []
    if isinstance(script, list):
        out = []
        for s in script:
            out.extend(lines(s))
        return out
    return [line.strip() for line in str(script).splitlines() if line.strip()]


def github(doc):
    triggers = doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on` as true
    jobs = doc["jobs"]
    commands, uses, always = [], [], []
    for job in jobs.values():
        for step in job["steps"]:
            commands.extend(lines(step.get("run")))
            if "uses" in step:
                uses.append(step["uses"])
                if step.get("if") == "always()":
                    always.append(step["uses"].split("@")[0])
                with_ = step.get("with", {})
                if "report_paths" in with_:
                    junit = with_["report_paths"]
                if "path" in with_:
                    kept = lines(with_["path"])
    return {"kind": "github", "triggers": sorted(triggers), "commands": commands,
            "uses": uses, "always": always, "junit": junit, "kept": kept}


def gitlab(doc):
    commands, junit, kept, when = [], None, [], None
    for name, job in doc.items():
        if not isinstance(job, dict) or "script" not in job:
            continue
        commands.extend(lines(job.get("before_script")))
        commands.extend(lines(job["script"]))
        artifacts = job.get("artifacts", {})
        junit = artifacts.get("reports", {}).get("junit")
        kept = artifacts.get("paths", [])
        when = artifacts.get("when")
    return {"kind": "gitlab", "commands": commands, "junit": junit, "kept": kept,
            "when": when, "depth": doc.get("variables", {}).get("GIT_DEPTH")}


def main():
    out = {}
    for path in sys.argv[1:]:
        try:
            with open(path) as f:
                doc = yaml.safe_load(f)
        except yaml.YAMLError as e:
            print(f"{path}: not valid YAML: {e}", file=sys.stderr)
            return 1
        out[path] = github(doc) if "jobs" in doc else gitlab(doc)
        out[path]["dossier"] = [c for c in out[path]["commands"] if c.startswith("dossier ")]
    print(json.dumps(out, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
