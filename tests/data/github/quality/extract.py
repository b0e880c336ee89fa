#!/usr/bin/env python3
"""Write the quality fixtures: GitHub's official examples for check runs,
check-run annotations, the combined commit status, code scanning alerts,
Dependabot alerts, pull requests, issues and a repository, plus the
response schemas fakehub's self-test checks its quality bodies against
(tests/fakehub/examples/schemas-quality.json).

Usage: extract.py [SPEC] [OUTDIR] [SCHEMAS]
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
            "issue-items", "issue-comment-items",
            "full-repository-default-response"]


R = "/repos/{owner}/{repo}"
ENDPOINTS = [R, R + "/pulls", R + "/issues", R + "/commits/{ref}/check-runs",
             R + "/commits/{ref}/status", R + "/check-runs/{check_run_id}/annotations",
             R + "/code-scanning/alerts", R + "/dependabot/alerts",
             R + "/issues/{issue_number}/comments"]


def refs(node, out):
    if isinstance(node, dict):
        r = node.get("$ref")
        if isinstance(r, str) and r.startswith("#/components/schemas/"):
            out.add(r.split("/")[-1])
        for v in node.values():
            refs(v, out)
    elif isinstance(node, list):
        for v in node:
            refs(v, out)


def schemas(doc):
    """The 200 schema of each GET, keyed "GET PATH 200", and every
    components/schemas entry they reach."""
    out = {"responses": {}, "components": {"schemas": {}}}
    todo = set()
    for path in ENDPOINTS:
        s = doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        out["responses"]["GET %s 200" % path] = s
        refs(s, todo)
    comps = doc["components"]["schemas"]
    while todo:
        name = todo.pop()
        if name in out["components"]["schemas"]:
            continue
        out["components"]["schemas"][name] = comps[name]
        refs(comps[name], todo)
    return out


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
    schema_file = sys.argv[3] if len(sys.argv) > 3 else os.path.join(
        here, "..", "..", "..", "fakehub", "examples", "schemas-quality.json")
    with open(schema_file, "w", encoding="utf-8") as f:
        json.dump(schemas(doc), f, indent=1, sort_keys=True)
        f.write("\n")
    print(schema_file)


if __name__ == "__main__":
    main()
