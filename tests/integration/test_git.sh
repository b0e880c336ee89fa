#!/bin/sh
# The local clone in --once [--json]: branch, HEAD and whether its commit has
# a green run, dirty/untracked, ahead/behind with the commits both ways and
# the files a push would ship (risky flagged), branches (stale, merged) and
# tags newest first. Repositories made here with the git CLI.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
. "$top_srcdir/tests/integration/lib-gitrepo.sh"
fakehub_begin green

gitrepo_make
head=$GITREPO_HEAD
printf '[repo "octo/hello"]\n\tpath = %s\n' "$G/c" >>"$T_TMP/config"

# The fake's green run is of the commit checked out here.
_fakehub_post /__control/scenario "{\"repos\": [{\"name\": \"octo/hello\", \"runs\": [
 {\"id\": 1, \"name\": \"CI\", \"workflow_id\": 1, \"branch\": \"main\", \"event\": \"push\",
  \"actor\": \"ann\", \"created\": -600, \"duration\": 60, \"sha\": \"$head\",
  \"states\": [{\"at\": 0, \"status\": \"completed\", \"conclusion\": \"success\"}]}]}]}"

"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/out.json" 2>"$T_TMP/err"
t_ok $? "exit 0: green, and the clone read fine ($(cat "$T_TMP/err"))"
python3 - "$T_TMP/out.json" "$head" "$G/c" >"$T_TMP/checks" <<"PY"
import json, sys
d = json.load(open(sys.argv[1])); head = sys.argv[2]
def ok(cond, what):
    print(0 if cond else 1, what)
g = d["repos"][0]["git"] or {}
ok(g.get("error") is None and g.get("path", "").rstrip("/") == sys.argv[3], "git snapshot of the configured path (%s)" % g.get("error"))
ok(g.get("branch") == "main" and g.get("detached") is False, "on branch main")
h = g.get("head", {})
ok(h.get("sha") == head and h.get("subject") == "add migration", "HEAD sha and subject")
ok(h.get("ci") == "succeeded", "HEAD's commit has a green run (%s)" % h.get("ci"))
ok(g.get("dirty") == 1 and g.get("untracked") == 1, "one changed, one untracked")
ok(g.get("upstream") == "origin/main" and g.get("ahead") == 1 and g.get("behind") == 0, "1 ahead, 0 behind origin/main")
ok([c["subject"] for c in g.get("outgoing", [])] == ["add migration"] and g.get("incoming") == [], "the outgoing commit listed, nothing incoming")
ok(g.get("outgoing_files") == [{"path": "db/migrations/002.sql", "risky": True}], "the file a push ships, flagged risky")
ok(g.get("default_branch") == "main", "default branch main")
br = {b["name"]: b for b in g.get("branches", [])}
ok(sorted(br) == ["done", "main", "old"], "three local branches (%s)" % sorted(br))
ok(br.get("old", {}).get("stale") is True and br["old"]["merged"] is True and br["old"]["behind"] == 3, "old: stale (90 days), merged, 3 behind")
ok(br.get("done", {}).get("stale") is False and br["done"]["merged"] is True, "done: fresh, merged but not deleted")
ok(br.get("main", {}).get("merged") is False and br["main"]["ahead"] == 0, "main: not its own merge")
ok(br.get("done", {}).get("author") == "Ann", "branch author")
ok([t["name"] for t in g.get("tags", [])] == ["v1.1", "v1.0"], "tags newest first")
PY
t_checks_from "$T_TMP/checks"

"$OPSDECK" --config "$T_TMP/config" --once >"$T_TMP/out.txt" 2>&1
grep -q "^  git main .*@$(echo "$head" | cut -c1-7) 1 changed 1 untracked, 1 ahead 0 behind origin/main.*, CI succeeded" "$T_TMP/out.txt"
t_ok $? "text mode: the git line ($(grep '^  git' "$T_TMP/out.txt"))"

# A detached HEAD on another commit: no run of it.
git -C "$G/c" checkout -q --detach HEAD~1 2>/dev/null
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/det.json" 2>/dev/null
python3 - "$T_TMP/det.json" >"$T_TMP/checks2" <<"PY"
import json, sys
g = json.load(open(sys.argv[1]))["repos"][0]["git"]
def ok(cond, what):
    print(0 if cond else 1, what)
ok(g["detached"] is True and g["branch"] is None, "detached HEAD")
ok(g["head"]["ci"] == "none" and g["upstream"] is None and g["ahead"] is None, "no run of that commit, no upstream")
PY
t_checks_from "$T_TMP/checks2"

# A path that is not a repository is a source that failed: exit 2, said.
printf '[repo "octo/hello"]\n\tpath = %s\n' "$T_TMP/nowhere" >>"$T_TMP/config"
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/bad.json" 2>/dev/null
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "a path that is not a clone: exit 2"
python3 -c 'import json,sys; g=json.load(open(sys.argv[1]))["repos"][0]["git"]; sys.exit(0 if "not a git repository" in (g["error"] or "") else 1)' "$T_TMP/bad.json"
t_ok $? "and the snapshot says why"
t_done
