#!/bin/sh
# The local clone on screen: the git line under the repository (branch,
# HEAD, tree, ahead/behind, whether HEAD's commit is green) and the
# repository view that Enter opens (commits both ways, files a push ships,
# branches with stale and merged marked, tags); Esc comes back.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
. "$top_srcdir/tests/integration/lib-gitrepo.sh"
fakehub_begin green
gitrepo_make
head7=$(echo "$GITREPO_HEAD" | cut -c1-7)
printf '[repo "octo/hello"]\n\tpath = %s\n' "$G/c" >>"$T_TMP/config"
_fakehub_post /__control/scenario "{\"repos\": [{\"name\": \"octo/hello\", \"runs\": [
 {\"id\": 1, \"name\": \"CI\", \"workflow_id\": 1, \"branch\": \"main\", \"event\": \"push\",
  \"actor\": \"ann\", \"created\": -600, \"duration\": 60, \"sha\": \"$GITREPO_HEAD\",
  \"states\": [{\"at\": 0, \"status\": \"completed\", \"conclusion\": \"success\"}]}]}]}"

tmux_start 120 40 "TERM=screen-256color $OPSDECK --config $T_TMP/config; echo opsdeck-exited-\$?"
tmux_wait_for 15 "git main @$head7"
t_ok $? "the git line under the repository"
tmux_screen >"$T_TMP/s1"
grep -q -E "^  git main @$head7  1 changed 1 untracked  \+1 -0 origin/main  HEAD CI succeeded" "$T_TMP/s1"
t_ok $? "branch, HEAD, tree, ahead/behind, and HEAD's commit green"
line_repo=$(grep -n 'octo/hello' "$T_TMP/s1" | head -1 | cut -d: -f1)
line_git=$(grep -n "git main @$head7" "$T_TMP/s1" | cut -d: -f1)
[ -n "$line_repo" ] && [ "$line_git" = $((line_repo + 1)) ]
t_ok $? "right under the repository's line"

tmux_keys Enter
tmux_wait_for 5 'octo/hello > repository'
t_ok $? "Enter opens the repository view"
tmux_screen >"$T_TMP/s2"
for re in "HEAD +main @$head7 add migration" 'CI +succeeded' \
    'Tree +1 changed 1 untracked' 'Upstream +origin/main: 1 ahead, 0 behind' \
    'Outgoing: on HEAD, not upstream \(1\)' "[0-9a-f]{7} +1d +Ann +add migration" \
    'Files a push ships \(1, 1 risky\)' '! db/migrations/002.sql' \
    'Incoming: upstream, not on HEAD \(0\)' 'Branches \(3, 1 stale\) vs main' \
    'old +[0-9a-f]{7} +[0-9]+[dwM] +\+0 -3 +stale merged +Ann' \
    'done +[0-9a-f]{7} +10d +\+0 -1 +merged +Ann' 'main +[0-9a-f]{7} +1d +\+0 -0 +Ann' 'Tags \(2\)' 'v1.1 +[0-9a-f]{7} +10d' \
    'v1.0 +[0-9a-f]{7} +3M|v1.0 +[0-9a-f]{7} +90d|v1.0 +[0-9a-f]{7} +12w'; do
	grep -q -E -- "$re" "$T_TMP/s2"
	t_ok $? "repository view: $re"
done
grep -q -E 'Zoom|Quality' "$T_TMP/s2"
t_ok $? "the other panes are still there"
tmux_keys Escape
tmux_wait_for 5 "git main @$head7"
t_ok $? "Esc comes back to the list"
tmux_screen | grep -q 'octo/hello > repository'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "and the title says so"

# A commit in the clone shows without a key press (the watcher).
git -C "$G/c" -c user.name=Ann -c user.email=ann@example.com commit -q -a -m more
tmux_wait_for 10 "  git main @[0-9a-f]{7}  1 untracked  \+2 -0 origin/main  HEAD CI none"
t_ok $? "a new commit: re-read, and no run of it yet"
tmux_keys q
tmux_wait_exit 5 'opsdeck-exited-0'
t_ok $? "q quits"
t_done
