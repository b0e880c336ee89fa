#!/usr/bin/env python3
"""Write the JSON fixtures of the ghparse tests.

Usage: extract.py [SPEC] [OUTDIR]
SPEC defaults to /work/shared/reference/github-openapi-opsdeck.json (GitHub's
OpenAPI description from npm @octokit/openapi@23.0.2, MIT licence), OUTDIR to
this script's directory. Each components/examples entry is written verbatim
(its "value") as NAME.json, so the tests read GitHub's own examples. The
hostile-*.json files are hand-made malformed or extreme variants of them.
"""
import json
import os
import sys

EXAMPLES = ["workflow-run-paginated", "workflow-run", "job-paginated", "job"]


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
    hostile(examples, outdir)


def minimal_run(run_id, **kw):
    run = {"id": run_id, "status": "queued", "conclusion": None,
           "name": "Build", "workflow_id": 159038}
    run.update(kw)
    return run


def hostile(examples, outdir):
    """Malformed or extreme bodies that must fail cleanly or round-trip."""
    runs = json.dumps(examples["workflow-run-paginated"]["value"])
    one = examples["workflow-run"]["value"]
    files = {
        "hostile-truncated.json": runs[:700],
        "hostile-empty-object.json": "{}",
        "hostile-null-root.json": "null",
        "hostile-runs-not-array.json":
            json.dumps({"total_count": 1, "workflow_runs": {"id": 1}}),
        "hostile-null-run.json":
            json.dumps({"total_count": 2,
                        "workflow_runs": [minimal_run(1), None]}),
        "hostile-id-string.json":
            json.dumps({"total_count": 4, "workflow_runs": [
                minimal_run(1), minimal_run(2), minimal_run(3),
                dict(one, id=str(one["id"]))]}),
        "hostile-id-real.json":
            json.dumps({"total_count": 1,
                        "workflow_runs": [minimal_run(30433642.0)]}),
        "hostile-missing-status.json":
            json.dumps({"total_count": 1, "workflow_runs": [
                {k: v for k, v in one.items() if k != "status"}]}),
        # json.dumps keeps Python's arbitrary-precision ints exact.
        "hostile-int64.json":
            json.dumps({"total_count": 1, "workflow_runs": [minimal_run(
                9007199254740993, workflow_id=9223372036854775807,
                run_number=2147483647)]}),
        "hostile-escapes.json":
            json.dumps({"total_count": 1, "workflow_runs": [minimal_run(
                7, display_title="\x1b[31mred\x1b[0m \u202eevil\x07",
                head_branch="feat/\x1b]8;;http://x\x07link\n",
                actor={"login": "\u00e9l\u00e8ve"})]}),
        "hostile-startup-failure.json":
            json.dumps({"total_count": 1, "workflow_runs": [minimal_run(
                8, status="completed", conclusion="startup_failure",
                event="push", head_branch=None, name=None, actor=None,
                run_started_at=None)]}),
        "hostile-jobs-empty.json": json.dumps({"total_count": 0, "jobs": []}),
        "hostile-deep.json":
            '{"total_count":1,"workflow_runs":[{"id":1,"status":"queued",'
            '"head_commit":' + "[" * 5000 + "]" * 5000 + "}]}",
    }
    for name, text in sorted(files.items()):
        path = os.path.join(outdir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(path)


if __name__ == "__main__":
    main()
