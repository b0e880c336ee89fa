#!/usr/bin/env python3
"""Generate the demo's GitHub-shaped fixture files (data/demo/*.json).

Usage: gen.py [OUTDIR]   (run from anywhere; OUTDIR defaults to data/demo)

Shapes come from GitHub's official examples in tests/data/github/ (see the
README there): every run and job below is that example with its values
replaced, so the files carry the fields a real response carries. Times are
seconds relative to the demo start, written as offsets from
2026-01-01T00:00:00Z (DEMO_BASE_TIME in include/opsdeck/demo.h); with the
default 4 s step, phase N happens at +4N s. The repository and
head_repository objects are abridged (see minimal_repo); everything else has
every field of GitHub's example.

Story (5 phases, then it stays at the last one):
  acme/api     CI #412 queued -> running -> fails (tests); CI #413 with the
               fix appears, runs and succeeds, so the repo goes green again.
  acme/web     a production deploy waits for approval, then deploys; a PR's
               CI finishes green.
  acme/infra   the scheduled Terraform plan times out and stays red; an older
               drift-check startup_failure is superseded by a later success.
  acme/mobile  a release build queues, runs and succeeds; an older cancelled
               PR run is superseded by a green one.
"""
import copy
import hashlib
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
BASE = 1767225600  # 2026-01-01T00:00:00Z
NPHASES = 5
STEP = 4


def load(name):
    with open(os.path.join(TOP, "tests", "data", "github", name)) as f:
        return json.load(f)


RUN = load("workflow-run.json")
JOB = load("job.json")


def ts(offset):
    if offset is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(BASE + offset))


def sha(*parts):
    return hashlib.sha1("/".join(map(str, parts)).encode()).hexdigest()


def node_id(kind, n):
    import base64
    return base64.b64encode(("%s%d" % (kind, n)).encode()).decode()


def swap(obj, full, repo_id):
    """The example's octo-org/octo-repo strings, for another repository."""
    text = json.dumps(obj).replace("octo-org/octo-repo", full)
    obj = json.loads(text)
    obj["name"] = full.split("/")[1]
    obj["full_name"] = full
    obj["id"] = repo_id
    obj["node_id"] = node_id("Repository", repo_id)
    obj["private"] = True
    obj["description"] = None
    obj["fork"] = False
    return obj


def user(login, uid):
    u = copy.deepcopy(RUN["actor"])
    text = json.dumps(u).replace("octocat", login)
    u = json.loads(text)
    u["id"] = uid
    u["node_id"] = node_id("User", uid)
    u["type"] = "Bot" if login.endswith("[bot]") else "User"
    u["avatar_url"] = "https://avatars.githubusercontent.com/u/%d?v=4" % uid
    return u


USERS = {"mara-dev": 3120457, "jlee": 5891022, "priya-k": 7310864,
         "sam-ortiz": 9024113, "dependabot[bot]": 49699333,
         "renovate[bot]": 29139614}


def minimal_repo(full, repo_id):
    """Abridged: GitHub sends some 40 more *_url templates here, which no
    client reads; they would triple the size of the demo data."""
    keep = ["description", "fork", "full_name", "html_url", "id", "name",
            "node_id", "owner", "private", "url"]
    src = RUN["repository"]
    r = swap({k: src[k] for k in keep}, full, repo_id)
    owner = full.split("/")[0]
    o = user(owner, repo_id // 1000)
    r["owner"] = {k: o[k] for k in ("avatar_url", "html_url", "id", "login",
                                    "node_id", "site_admin", "url")}
    r["owner"]["type"] = "Organization"
    return r


def make_run(repo, spec, phase):
    full, repo_id = repo["full"], repo["id"]
    st = spec["phases"][phase]
    status, conclusion, updated = st
    wf = spec["wf"]
    r = copy.deepcopy(RUN)
    api = "https://api.github.com/repos/" + full
    rid = spec["id"]
    head = sha(full, spec["title"])
    r.update({
        "id": rid, "node_id": node_id("WorkflowRun", rid),
        "name": wf["name"], "display_title": spec["title"],
        "head_branch": spec["branch"], "head_sha": head,
        "path": "%s@%s" % (wf["path"], spec["branch"]),
        "run_number": spec["number"], "run_attempt": 1,
        "event": spec["event"], "status": status, "conclusion": conclusion,
        "workflow_id": wf["id"],
        "check_suite_id": rid // 3, "check_suite_node_id":
            node_id("CheckSuite", rid // 3),
        "url": "%s/actions/runs/%d" % (api, rid),
        "html_url": "https://github.com/%s/actions/runs/%d" % (full, rid),
        "jobs_url": "%s/actions/runs/%d/jobs" % (api, rid),
        "logs_url": "%s/actions/runs/%d/logs" % (api, rid),
        "check_suite_url": "%s/check-suites/%d" % (api, rid // 3),
        "artifacts_url": "%s/actions/runs/%d/artifacts" % (api, rid),
        "cancel_url": "%s/actions/runs/%d/cancel" % (api, rid),
        "rerun_url": "%s/actions/runs/%d/rerun" % (api, rid),
        "workflow_url": "%s/actions/workflows/%d" % (api, wf["id"]),
        "previous_attempt_url": None,
        "created_at": ts(spec["created"]), "updated_at": ts(updated),
        "run_started_at": ts(spec["created"] + 1),
        "actor": user(spec["actor"], USERS[spec["actor"]]),
        "triggering_actor": user(spec["actor"], USERS[spec["actor"]]),
        "referenced_workflows": [],
        "repository": minimal_repo(full, repo_id),
        "head_repository": minimal_repo(full, repo_id),
    })
    r["head_commit"] = {
        "id": head, "tree_id": sha("tree", head),
        "message": spec["title"], "timestamp": ts(spec["created"] - 20),
        "author": {"name": spec["actor"],
                   "email": "%s@users.noreply.github.com" % spec["actor"]},
        "committer": {"name": "GitHub", "email": "noreply@github.com"},
    }
    r["pull_requests"] = []
    if spec["event"] == "pull_request":
        pr = spec["pr"]
        mini = {"id": repo_id, "url": api, "name": full.split("/")[1]}
        r["pull_requests"] = [{
            "id": 1800000000 + pr, "number": pr,
            "url": "%s/pulls/%d" % (api, pr),
            "head": {"ref": spec["branch"], "sha": head, "repo": mini},
            "base": {"ref": "main", "sha": sha(full, "main"), "repo": mini},
        }]
    return r


def make_job(repo, run, job, phase):
    full = repo["full"]
    api = "https://api.github.com/repos/" + full
    status, conclusion, started, completed = job["phases"][phase]
    j = copy.deepcopy(JOB)
    rid = run["id"]
    j.update({
        "id": job["id"], "node_id": node_id("WorkflowJob", job["id"]),
        "run_id": rid, "run_url": "%s/actions/runs/%d" % (api, rid),
        "run_attempt": 1,
        "head_sha": sha(full, run["title"]), "head_branch": run["branch"],
        "workflow_name": run["wf"]["name"], "name": job["name"],
        "url": "%s/actions/jobs/%d" % (api, job["id"]),
        "html_url": "https://github.com/%s/actions/runs/%d/job/%d" % (
            full, rid, job["id"]),
        "check_run_url": "%s/check-runs/%d" % (api, job["id"]),
        "status": status, "conclusion": conclusion,
        "created_at": ts(run["created"] + 1),
        "started_at": ts(started if started is not None
                         else run["created"] + 1),
        "completed_at": ts(completed),
        "labels": ["ubuntu-latest"],
        "runner_id": None if status in ("queued", "waiting") else 40000 +
        job["id"] % 1000,
        "runner_name": None if status in ("queued", "waiting") else
        "GitHub Actions %d" % (job["id"] % 1000),
        "runner_group_id": None if status in ("queued", "waiting") else 2,
        "runner_group_name": None if status in ("queued", "waiting") else
        "GitHub Actions",
    })
    steps = []
    known = [k for k in job.get("steps", {}) if k <= phase]
    for n, (name, sst, scon, s0, s1) in enumerate(
            job["steps"][max(known)] if known else [], 1):
        steps.append({"name": name, "number": n, "status": sst,
                      "conclusion": scon, "started_at": ts(s0),
                      "completed_at": ts(s1)})
    j["steps"] = steps
    return j


def P(*states):
    """Per-phase states; a short list repeats its last entry."""
    out = list(states)
    while len(out) < NPHASES:
        out.append(out[-1])
    return out


def done(conclusion, t):
    return ("completed", conclusion, t)


WF = {
    "api-ci": {"id": 71120001, "name": "CI", "path": ".github/workflows/ci.yml"},
    "api-deploy": {"id": 71120002, "name": "Deploy",
                   "path": ".github/workflows/deploy.yml"},
    "api-codeql": {"id": 71120003, "name": "CodeQL",
                   "path": ".github/workflows/codeql.yml"},
    "web-ci": {"id": 71130001, "name": "CI", "path": ".github/workflows/ci.yml"},
    "web-prod": {"id": 71130003, "name": "Deploy production",
                 "path": ".github/workflows/deploy-production.yml"},
    "infra-plan": {"id": 71140001, "name": "Terraform plan",
                   "path": ".github/workflows/plan.yml"},
    "infra-drift": {"id": 71140002, "name": "Drift check",
                    "path": ".github/workflows/drift.yml"},
    "mob-release": {"id": 71150001, "name": "Release",
                    "path": ".github/workflows/release.yml"},
    "mob-ci": {"id": 71150002, "name": "CI", "path": ".github/workflows/ci.yml"},
}

CI_STEPS_RUNNING = [("Set up job", "completed", "success", 2, 3),
                    ("Run actions/checkout@v4", "completed", "success", 3, 4),
                    ("Run make test", "in_progress", None, 4, None)]

REPOS = [
    {"full": "acme/api", "id": 48213077, "runs": [
        {"id": 12733104582, "wf": WF["api-ci"], "number": 413,
         "title": "Fix flaky order-expiry test", "branch": "main",
         "event": "push", "actor": "mara-dev", "created": 12,
         "phases": P(None, None, None, ("in_progress", None, 13),
                     done("success", 17)),
         "jobs": [
             {"id": 35761200311, "name": "build", "phases": P(
                 None, None, None, ("in_progress", None, 13, None),
                 ("completed", "success", 13, 15))},
             {"id": 35761200312, "name": "test", "phases": P(
                 None, None, None, ("queued", None, None, None),
                 ("completed", "success", 15, 17))}]},
        {"id": 12733098211, "wf": WF["api-ci"], "number": 412,
         "title": "Add rate limiting to /v2/orders", "branch": "main",
         "event": "push", "actor": "mara-dev", "created": -30,
         "phases": P(("queued", None, -30), ("in_progress", None, 2),
                     done("failure", 7)),
         "jobs": [
             {"id": 35761188020, "name": "build", "phases": P(
                 ("queued", None, None, None),
                 ("in_progress", None, 2, None),
                 ("completed", "success", 2, 5)),
              "steps": {1: CI_STEPS_RUNNING[:2] + [
                  ("Run make", "in_progress", None, 4, None)],
                  2: [("Set up job", "completed", "success", 2, 3),
                      ("Run actions/checkout@v4", "completed", "success",
                       3, 4),
                      ("Run make", "completed", "success", 4, 5),
                      ("Complete job", "completed", "success", 5, 5)]}},
             {"id": 35761188021, "name": "test", "phases": P(
                 ("queued", None, None, None), ("queued", None, None, None),
                 ("completed", "failure", 5, 7)),
              "steps": {2: [("Set up job", "completed", "success", 5, 5),
                            ("Run actions/checkout@v4", "completed",
                             "success", 5, 6),
                            ("Run make test", "completed", "failure", 6, 7),
                            ("Upload test report", "completed", "skipped",
                             7, 7),
                            ("Complete job", "completed", "success", 7, 7)]}}
         ]},
        {"id": 12731950447, "wf": WF["api-ci"], "number": 411,
         "title": "Bump golang.org/x/net from 0.22.0 to 0.23.0",
         "branch": "main", "event": "push", "actor": "dependabot[bot]",
         "created": -5400, "phases": P(done("success", -5100))},
        {"id": 12731422905, "wf": WF["api-deploy"], "number": 88,
         "title": "Deploy to production", "branch": "main",
         "event": "workflow_dispatch", "actor": "jlee", "created": -3600,
         "phases": P(done("success", -3300))},
        {"id": 12729800113, "wf": WF["api-codeql"], "number": 230,
         "title": "CodeQL", "branch": "main", "event": "schedule",
         "actor": "jlee", "created": -7200,
         "phases": P(done("success", -6900))},
    ]},
    {"full": "acme/web", "id": 48213102, "runs": [
        {"id": 12733090876, "wf": WF["web-ci"], "number": 1207,
         "title": "Redesign checkout summary", "branch":
         "feature/checkout-redesign", "event": "pull_request", "pr": 942,
         "actor": "priya-k", "created": -10,
         "phases": P(("in_progress", None, -9), ("in_progress", None, -9),
                     done("success", 6))},
        {"id": 12732877540, "wf": WF["web-prod"], "number": 57,
         "title": "Deploy production", "branch": "main",
         "event": "workflow_dispatch", "actor": "jlee", "created": -600,
         "phases": P(("waiting", None, -590), ("waiting", None, -590),
                     ("waiting", None, -590), ("in_progress", None, 11),
                     done("success", 16)),
         "jobs": [
             {"id": 35760944102, "name": "deploy (production)",
              "phases": P(("waiting", None, None, None),
                          ("waiting", None, None, None),
                          ("waiting", None, None, None),
                          ("in_progress", None, 11, None),
                          ("completed", "success", 11, 16))}]},
        {"id": 12731007764, "wf": WF["web-ci"], "number": 1206,
         "title": "Merge pull request #939 from acme/fix/font-loading",
         "branch": "main", "event": "push", "actor": "priya-k",
         "created": -4000, "phases": P(done("success", -3700))},
    ]},
    {"full": "acme/infra", "id": 48213340, "runs": [
        {"id": 12733085001, "wf": WF["infra-plan"], "number": 932,
         "title": "Terraform plan", "branch": "main", "event": "schedule",
         "actor": "jlee", "created": -20,
         "phases": P(("in_progress", None, -19), ("in_progress", None, -19),
                     done("timed_out", 8))},
        {"id": 12732201935, "wf": WF["infra-drift"], "number": 311,
         "title": "Drift check", "branch": "main", "event": "schedule",
         "actor": "jlee", "created": -1800,
         "phases": P(done("success", -1500))},
        {"id": 12731188770, "wf": WF["infra-drift"], "number": 310,
         "title": "Drift check", "branch": "main", "event": "schedule",
         "actor": "jlee", "created": -5400,
         "phases": P(done("startup_failure", -5399)),
         "jobs": []},
    ]},
    {"full": "acme/mobile", "id": 48213519, "runs": [
        {"id": 12733101337, "wf": WF["mob-release"], "number": 76,
         "title": "Release 2.14.0", "branch": "release/2.14",
         "event": "workflow_dispatch", "actor": "sam-ortiz", "created": -5,
         "phases": P(("queued", None, -5), ("queued", None, -5),
                     ("in_progress", None, 9), ("in_progress", None, 9),
                     done("success", 16))},
        {"id": 12732455018, "wf": WF["mob-ci"], "number": 641,
         "title": "Fix crash on resume after background fetch",
         "branch": "fix/crash-on-resume", "event": "pull_request", "pr": 388,
         "actor": "renovate[bot]", "created": -2000,
         "phases": P(done("success", -1700))},
        {"id": 12732390230, "wf": WF["mob-ci"], "number": 640,
         "title": "Fix crash on resume after background fetch",
         "branch": "fix/crash-on-resume", "event": "pull_request", "pr": 388,
         "actor": "sam-ortiz", "created": -2400,
         "phases": P(done("cancelled", -2010))},
    ]},
]


def dump(path, key, items):
    """GitHub's envelope, one item per line so diffs stay readable."""
    with open(path, "w") as f:
        f.write('{"total_count": %d, "%s": [' % (len(items), key))
        f.write(",".join("\n" + json.dumps(i, sort_keys=True)
                         for i in items))
        f.write("\n]}\n")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    with open(os.path.join(out, "repos"), "w") as f:
        f.write("# Repositories of the demo, in display order.\n")
        for repo in REPOS:
            f.write(repo["full"] + "\n")
    for repo in REPOS:
        prefix = repo["full"].replace("/", "-")
        prev = None
        for phase in range(NPHASES):
            runs = [make_run(repo, s, phase) for s in repo["runs"]
                    if s["phases"][phase] is not None]
            if runs != prev:
                dump(os.path.join(out, "%s.runs.%d.json" % (prefix, phase)),
                     "workflow_runs", runs)
            prev = runs
            for s in repo["runs"]:
                if "jobs" not in s or s["phases"][phase] is None:
                    continue
                jobs = [make_job(repo, s, j, phase) for j in s["jobs"]
                        if j["phases"][phase] is not None]
                name = "%s.jobs.%d.%d.json" % (prefix, s["id"], phase)
                if phase == 0 or jobs != s.get("_prev"):
                    dump(os.path.join(out, name), "jobs", jobs)
                s["_prev"] = jobs


if __name__ == "__main__":
    main()
