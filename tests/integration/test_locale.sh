#!/bin/sh
# Output in a locale whose charset is not UTF-8: there UTF-8's bytes are
# shown as Latin-1 characters and 0x80-0x9F are C1 controls (0x9B is CSI),
# so --once text and stderr must be ASCII, non-ASCII shown as \u00e9
# escapes (invalid bytes as ?). Remote text (é, U+009B, U+2603 from the
# API) and local text (a branch named with é and a raw 0x9B byte, a config
# path with them) are both checked; in a UTF-8 locale é stays é.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
command -v git >/dev/null 2>&1 || t_skip_all "git missing"
fakehub_begin locale

# A local clone on a branch whose name holds é and a raw 0x9B byte.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.com
export GIT_COMMITTER_NAME=T GIT_COMMITTER_EMAIL=t@example.com
branch=$(printf 'caf\303\251\233x')
git init -q -b main "$T_TMP/clone" && (cd "$T_TMP/clone" &&
    echo a >a && git add a && git commit -q -m one &&
    git checkout -q -b "$branch") >/dev/null 2>&1
printf '\tpath = %s\n' "$T_TMP/clone" >>"$T_TMP/config"

# all_ascii FILE: no byte above 0x7F; non_ascii FILE: some.
all_ascii() { ! LC_ALL=C grep -q -P '[\x80-\xff]' "$1"; }

for loc in "LANG=C" "LC_ALL=POSIX" "LANG=C.UTF-8 LC_ALL=C"; do
	env -u LC_ALL -u LANG -u LC_CTYPE $loc "$OPSDECK" --config "$T_TMP/config" \
	    --once >"$T_TMP/out" 2>"$T_TMP/err"
	all_ascii "$T_TMP/out"
	t_ok $? "$loc: --once text is all ASCII"
	grep -q 'D\\u00e9ploi CI' "$T_TMP/out"
	t_ok $? "$loc: é shown as \\u00e9 (workflow)"
	grep -q 'zo\\u00eb\\u2603' "$T_TMP/out"
	t_ok $? "$loc: ë and a snowman as escapes (actor)"
	grep -q 'b\\u00e9<U+009B>x' "$T_TMP/out"
	t_ok $? "$loc: a C1 CSI from the API shown as <U+009B> (branch)"
	grep -q 'git caf\\u00e9?x' "$T_TMP/out"
	t_ok $? "$loc: the local branch: é escaped, the raw 0x9B byte as ?"
done

# stderr too: a config path with é and a raw 0x9B byte.
bad=$(printf '%s/caf\303\251\233.conf' "$T_TMP")
env -u LC_ALL LANG=C "$OPSDECK" --config "$bad" --once >"$T_TMP/out" 2>"$T_TMP/err"
t_ok $([ -s "$T_TMP/err" ] && all_ascii "$T_TMP/err" && echo 0 || echo 1) \
    "LANG=C: an error naming a hostile path is all ASCII on stderr"
grep -q 'caf\\u00e9?' "$T_TMP/err"
t_ok $? "LANG=C: and shows the path escaped ($(cat "$T_TMP/err"))"

# A UTF-8 locale keeps UTF-8 (and C1 still inert).
env -u LC_ALL LANG=C.UTF-8 "$OPSDECK" --config "$T_TMP/config" --once \
    >"$T_TMP/out" 2>"$T_TMP/err"
grep -q "$(printf 'D\303\251ploi')" "$T_TMP/out"
t_ok $? "C.UTF-8: é stays é"
! LC_ALL=C grep -q -P '\xc2[\x80-\x9f]|\x9b' "$T_TMP/out"
t_ok $? "C.UTF-8: no raw C1 byte either"
t_done
