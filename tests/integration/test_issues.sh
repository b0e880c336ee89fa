#!/bin/sh
# The issues source against fakehub: --once --json lists each repository's
# open issues carrying a watched label (pull requests left out, labels as
# objects or strings, past the first page by Link), most severe first; a
# 410 is "disabled", not an error; a second poll is conditional (304);
# [issues] labels changes what is kept; a hostile title stays inert in the
# text report; the token never shows.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin issues
fakehub_config "$T_TMP/config" octo/svc octo/off

"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/a.json" 2>"$T_TMP/err"
rc=$?
t_ok $([ $rc -eq 0 ] && echo 0 || echo 1) "exit 0: a 410 is no error (rc $rc)"
fakehub_requests >"$T_TMP/req1.json"
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/b.json" 2>>"$T_TMP/err"
fakehub_requests >"$T_TMP/req2.json"
python3 - "$T_TMP/a.json" "$T_TMP/b.json" "$T_TMP/req1.json" "$T_TMP/req2.json" >"$T_TMP/checks" <<"PY"
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
r1 = json.load(open(sys.argv[3])); r2 = json.load(open(sys.argv[4]))
def ok(cond, what):
    print(0 if cond else 1, what)
i = {x["repo"]: x for x in a["issues"]}
ok(sorted(i) == ["octo/off", "octo/svc"], "both repositories in issues")
off = i["octo/off"]
ok(off["disabled"] and not off["stale"] and off["error"] is None and off["items"] == [],
   "410: disabled, not stale, no error")
svc = i["octo/svc"]
nums = [x["number"] for x in svc["items"]]
ok(not svc["stale"] and not svc["truncated"], "fresh, every page read")
ok(nums[:4] == [8, 11, 7, 1000], "sev1, sev2, release-blocker, then the oldest bug: %s" % nums[:6])
ok(len(nums) == 113 and 9 not in nums and 10 not in nums and 12 not in nums,
   "the second page read; the question, the pull request and the closed one left out (%d)" % len(nums))
top = svc["items"][0]
ok(top["labels"][0] == {"name": "sev1", "color": "b60205"} and top["comments"] == 12
   and top["title"] == "Payments down in eu-west", "labels with colours, comments, title")
ok(svc["items"][1]["labels"] == [{"name": "sev2", "color": None}], "a label as a string: no colour")
ok(svc["items"][1]["title"].startswith("\x1b]52;c;"), "a hostile title kept exact in JSON (escaped by it)")
ok(svc["items"][2]["assignees"] == ["alice", "bob"], "assignees")
ok(svc["items"][0]["url"] == "https://github.com/octo/svc/issues/8", "the issue's page")
paths = [x["path"] + "?" + x["query"] for x in r1 if "/issues" in x["path"]]
ok(any("state=open" in x and "per_page=100" in x for x in paths), "open issues, 100 a page")
ok(all(x["method"] == "GET" for x in r1), "nothing but GETs")
new = [x for x in r2[len(r1):] if x["path"].endswith("/issues") and "labels=" not in x["query"]]
ok(len(new) == 3 and all(x["status"] in (304, 410) for x in new),
   "the second poll conditional: 304s (and the 410): %s" % [x["status"] for x in new])
ok([x["number"] for x in {y["repo"]: y for y in b["issues"]}["octo/svc"]["items"]] == nums,
   "the same issues from the cache after 304s")
PY
t_checks_from "$T_TMP/checks"
! grep -q "ghp_FAKE" "$T_TMP/a.json" "$T_TMP/err"
t_ok $? "the token is not printed"

"$OPSDECK" --config "$T_TMP/config" --once >"$T_TMP/plain.txt" 2>&1
grep -q '#11 .*\^\[\]52;c;aGk=\^G\^\[\[2J<U+202E>evil title' "$T_TMP/plain.txt" &&
    ! grep -q "$(printf '\033')" "$T_TMP/plain.txt"
t_ok $? "text: a hostile title inert, no escape byte on stdout"
grep -q '^issues octo/off  disabled$' "$T_TMP/plain.txt"
t_ok $? "text: issues disabled said so"

printf '[issues]\n\tlabels = question\n' >>"$T_TMP/config"
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/q.json" 2>>"$T_TMP/err"
python3 -c 'import json,sys
d = {x["repo"]: x for x in json.load(open(sys.argv[1]))["issues"]}
sys.exit(0 if [x["number"] for x in d["octo/svc"]["items"]] == [9] else 1)' "$T_TMP/q.json"
t_ok $? "[issues] labels = question: only the question"

# Local issue files in a temp git repository (the clone of octo/svc):
# linked and open, linked but closed, not on GitHub yet, malformed.
command -v git >/dev/null 2>&1 || t_skip_all "git missing"
C="$T_TMP/clone"
mkdir -p "$C/issues"
git init -q "$C"
printf '# Checkout fails on Safari\ngithub: #7\nlabels: release-blocker\n' >"$C/issues/checkout.md"
printf '# Old outage\n\ngithub: octo/svc#12\n' >"$C/issues/old.md"
printf '# Add a status page\nlabels: incident\n' >"$C/issues/status-page.md"
printf 'no heading here\ngithub: #x\n' >"$C/issues/broken.md"
printf '# Escape\033[2J\n' >"$C/issues/zz-hostile.md"
fakehub_config "$T_TMP/local" octo/svc
printf '\tpath = %s\n' "$C" >>"$T_TMP/local"
"$OPSDECK" --config "$T_TMP/local" --once --json >"$T_TMP/l.json" 2>>"$T_TMP/err"
python3 - "$T_TMP/l.json" >"$T_TMP/checks" <<"PY"
import json, sys
d = {x["repo"]: x for x in json.load(open(sys.argv[1]))["issues"]}
def ok(cond, what):
    print(0 if cond else 1, what)
f = {x["file"]: x for x in d["octo/svc"]["files"]}
ok(sorted(f) == ["issues/broken.md", "issues/checkout.md", "issues/old.md",
   "issues/status-page.md", "issues/zz-hostile.md"], "every issues/*.md: %s" % sorted(f))
c = f["issues/checkout.md"]
ok(c["state"] == "open" and c["link_number"] == 7 and c["title"] == "Checkout fails on Safari"
   and c["labels"] == "release-blocker", "linked and open, title and labels from the file")
ok(f["issues/old.md"]["state"] == "closed on GitHub" and f["issues/old.md"]["link_repo"] == "octo/svc",
   "owner/repo#12 is closed on GitHub: out of date")
ok(f["issues/status-page.md"]["state"] == "not on GitHub" and f["issues/status-page.md"]["link_number"] is None,
   "no link: not on GitHub yet")
b = f["issues/broken.md"]
ok(b["state"] == "malformed" and "github:" in b["reason"], "malformed, with the reason: %s" % b["reason"])
ok(f["issues/zz-hostile.md"]["title"] == "Escape\x1b[2J", "a hostile title kept exact in JSON")
PY
t_checks_from "$T_TMP/checks"
"$OPSDECK" --config "$T_TMP/local" --once >"$T_TMP/l.txt" 2>&1
grep -q '^  issues/old.md closed on GitHub$' "$T_TMP/l.txt" &&
    grep -q '^  issues/broken.md malformed: bad or second github: line' "$T_TMP/l.txt" &&
    ! grep -q "$(printf '\033')" "$T_TMP/l.txt"
t_ok $? "text: the files' states, no escape byte"

fakehub_fault '{"path": "/repos/octo/svc/issues$", "kind": "500", "count": 5}'
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/s.json" 2>>"$T_TMP/err"
rc=$?
python3 -c 'import json,sys
d = {x["repo"]: x for x in json.load(open(sys.argv[1]))["issues"]}
s = d["octo/svc"]
sys.exit(0 if s["stale"] and "500" in s["error"] else 1)' "$T_TMP/s.json"
t_ok $? "a 500: stale, saying why"
t_ok $([ $rc -eq 0 ] && echo 0 || echo 1) "  which, as for quality, leaves the exit status alone (rc $rc)"
t_done
