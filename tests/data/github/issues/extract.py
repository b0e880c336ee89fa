#!/usr/bin/env python3
"""Write the fixtures of the issue actions (issue 14): GitHub's official
examples of the answers to POST .../issues (an issue), POST
.../issues/N/comments (an issue comment) and POST or DELETE
.../issues/N/labels (the issue's labels), verbatim (each example's
"value") as NAME.json.

Usage: extract.py [SPEC] [OUTDIR]
SPEC defaults to /work/shared/reference/github-openapi-opsdeck.json (GitHub's
OpenAPI description from npm @octokit/openapi@23.0.2, MIT licence), OUTDIR to
this script's directory.
"""
import json
import os
import sys

EXAMPLES = ["issue", "issue-comment", "label-items"]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    spec = sys.argv[1] if len(sys.argv) > 1 else \
        "/work/shared/reference/github-openapi-opsdeck.json"
    outdir = sys.argv[2] if len(sys.argv) > 2 else here
    with open(spec, encoding="utf-8") as f:
        examples = json.load(f)["components"]["examples"]
    for name in EXAMPLES:
        path = os.path.join(outdir, name + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(examples[name]["value"], f, indent=2, sort_keys=True)
            f.write("\n")
        print(path)


if __name__ == "__main__":
    main()
