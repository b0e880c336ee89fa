#!/usr/bin/env python3
"""Write the quality fixtures: GitHub's official examples for check runs,
check-run annotations, the combined commit status, code scanning alerts,
Dependabot alerts and pull requests.

Usage: extract.py [SPEC] [OUTDIR]
SPEC defaults to /work/shared/reference/github-openapi-opsdeck.json (GitHub's
OpenAPI description from npm @octokit/openapi@23.0.2, MIT licence), OUTDIR to
this script's directory. Each components/examples entry is written verbatim
(its "value") as NAME.json.
"""
import json
import os
import sys

EXAMPLES = ["check-run-paginated", "check-annotation-items",
            "combined-commit-status", "code-scanning-alert-items",
            "dependabot-alerts-for-repository", "pull-request-simple-items",
            "issue-items", "full-repository-default-response"]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    spec = sys.argv[1] if len(sys.argv) > 1 else \
        "/work/shared/reference/github-openapi-opsdeck.json"
    outdir = sys.argv[2] if len(sys.argv) > 2 else here
    with open(spec, encoding="utf-8") as f:
        doc = json.load(f)
    examples = doc["components"]["examples"]
    for name in EXAMPLES:
        path = os.path.join(outdir, name + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(examples[name]["value"], f, indent=2, sort_keys=True)
            f.write("\n")
        print(path)


if __name__ == "__main__":
    main()
