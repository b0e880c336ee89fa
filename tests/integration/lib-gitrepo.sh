# Sourced after tests/lib.sh: gitrepo_make makes $T_TMP/git/up.git (the
# "remote") and its clone $T_TMP/git/c with branches main, done (merged)
# and old (90 days, merged), tags v1.0 (annotated, 90 days) and v1.1 (10
# days), one commit to push that adds a migration, one changed and one
# untracked file. Sets G and GITREPO_HEAD. Dates are relative to now.
gitrepo_make() {
	command -v git >/dev/null 2>&1 || t_skip_all "git missing"
	G="$T_TMP/git"
	mkdir -p "$G"
	export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
	export GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.com
	export GIT_COMMITTER_NAME=Ann GIT_COMMITTER_EMAIL=ann@example.com
	at() {	# at DAYS-AGO: commit dates that many days back
		_t=$(( $(date +%s) - $1 * 86400 ))
		export GIT_AUTHOR_DATE="@$_t +0000" GIT_COMMITTER_DATE="@$_t +0000"
	}
	(
		cd "$G" && git init -q --bare -b main up.git && git clone -q up.git c 2>/dev/null &&
		cd c && at 90 && echo a >a && git add a && git commit -q -m first &&
		git tag -a v1.0 -m "release 1.0" && git branch old &&
		at 10 && echo b >b && git add b && git commit -q -m second &&
		git tag v1.1 && git push -q origin main 2>/dev/null &&
		git checkout -q -b done && echo d >d && git add d &&
		git commit -q -m merged-work && git checkout -q main &&
		git merge -q --ff-only done &&
		git push -q origin main 2>/dev/null &&
		at 1 && mkdir -p db/migrations && echo m >db/migrations/002.sql &&
		git add db && git commit -q -m "add migration" &&
		echo dirty >>a && echo new >untracked.txt
	) || { t_ok 1 "make the test repositories"; t_done; exit 1; }
	GITREPO_HEAD=$(git -C "$G/c" rev-parse HEAD)
}
