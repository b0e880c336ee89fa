#!/usr/bin/env python3
"""Write the deploy fixtures: GitHub's official examples for environments,
deployments, their statuses, dispatches, compare, pending deployments and
approvals, plus the request and response schemas fakehub and its self-test
check bodies against.

Usage: extract.py [SPEC] [OUTDIR] [SCHEMAS]
SPEC defaults to /work/shared/reference/github-openapi-opsdeck.json (GitHub's
OpenAPI description from npm @octokit/openapi@23.0.2, MIT licence), OUTDIR to
this script's directory, SCHEMAS to tests/fakehub/examples/schemas-deploy.json.
Each components/examples entry is written verbatim (its "value") as NAME.json.
"""
import json
import os
import sys

EXAMPLES = ["environments", "deployment-items", "deployment-simple-example",
            "deployment-status-items", "deployment-status",
            "workflow-dispatch-response", "commit-comparison",
            "pending-deployment-items", "environment-approvals-items",
            "workflow-paginated", "full-repository-default-response",
            "combined-commit-status"]

R = "/repos/{owner}/{repo}"
# (method, path template, statuses whose response schema is kept)
ENDPOINTS = [
    ("get", R + "/environments", ["200"]),
    ("get", R + "/deployments", ["200"]),
    ("post", R + "/deployments", ["201", "202"]),
    ("get", R + "/deployments/{deployment_id}/statuses", ["200"]),
    ("post", R + "/deployments/{deployment_id}/statuses", ["201"]),
    ("post", R + "/actions/workflows/{workflow_id}/dispatches", ["200"]),
    ("post", R + "/actions/runs/{run_id}/rerun-failed-jobs", ["201"]),
    ("post", R + "/actions/runs/{run_id}/cancel", ["202"]),
    ("get", R + "/compare/{basehead}", ["200"]),
    ("get", R + "/actions/runs/{run_id}/pending_deployments", ["200"]),
    ("post", R + "/actions/runs/{run_id}/pending_deployments", ["200"]),
    ("get", R + "/actions/runs/{run_id}/approvals", ["200"]),
    ("get", R + "/actions/workflows", ["200"]),
    ("get", R, ["200"]),
    ("get", R + "/commits/{ref}/status", ["200"]),
    ("get", R + "/actions/workflows/{workflow_id}/runs", ["200"]),
]


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
    """Response schemas keyed "METHOD PATH STATUS", request schemas keyed
    "METHOD PATH", and every components/schemas entry they reach."""
    out = {"responses": {}, "requests": {}, "components": {"schemas": {}}}
    todo = set()
    for method, path, statuses in ENDPOINTS:
        op = doc["paths"][path][method]
        for st in statuses:
            s = op["responses"][st]["content"]["application/json"]["schema"]
            out["responses"]["%s %s %s" % (method.upper(), path, st)] = s
            refs(s, todo)
        body = op.get("requestBody", {}).get("content", {}).get("application/json")
        if body:
            out["requests"]["%s %s" % (method.upper(), path)] = body["schema"]
            refs(body["schema"], todo)
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
    schema_file = sys.argv[3] if len(sys.argv) > 3 else os.path.join(
        here, "..", "..", "..", "fakehub", "examples", "schemas-deploy.json")
    with open(spec, encoding="utf-8") as f:
        doc = json.load(f)
    examples = doc["components"]["examples"]
    for name in EXAMPLES:
        path = os.path.join(outdir, name + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(examples[name]["value"], f, indent=2, sort_keys=True)
            f.write("\n")
        print(path)
    with open(schema_file, "w", encoding="utf-8") as f:
        json.dump(schemas(doc), f, indent=1, sort_keys=True)
        f.write("\n")
    print(schema_file)


if __name__ == "__main__":
    main()
