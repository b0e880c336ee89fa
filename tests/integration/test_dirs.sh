#!/bin/sh
# A cache or state directory that another user owns, or that others may
# write, is refused before anything is read from it or sent: opsdeck says
# which directory and why. No server is needed: nothing may be sent.
. "${top_srcdir:-.}/tests/lib.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
export HOME="$T_TMP" XDG_CONFIG_HOME="$T_TMP/cfg" XDG_STATE_HOME="$T_TMP/state"
cat >"$T_TMP/config" <<EOC
[github]
	api-url = http://127.0.0.1:9
	connect-timeout = 1s
[core]
	cache-dir = $T_TMP/cache
[repo "octo/hello"]
EOC
once() { timeout 20 "$OPSDECK" --config "$T_TMP/config" --once "$@" \
    >"$T_TMP/out" 2>"$T_TMP/err"; }

mkdir -m 700 "$T_TMP/cache"
chmod 0777 "$T_TMP/cache"
once
grep -q "cache directory $T_TMP/cache: world-writable (mode 0777): refused" "$T_TMP/err"
t_ok $? "cache dir 0777: refused, naming it ($(cat "$T_TMP/err"))"
t_ok $([ ! -e "$T_TMP/cache/logs" ] && echo 0 || echo 1) "cache dir 0777: nothing made inside it"

chmod 0770 "$T_TMP/cache"
once
grep -q "cache directory $T_TMP/cache: group-writable" "$T_TMP/err"
t_ok $? "cache dir 0770: refused as group-writable"

chmod 0700 "$T_TMP/cache"
mkdir -m 700 "$T_TMP/cache/logs"
chmod 0777 "$T_TMP/cache/logs"
once
grep -q "logs cache directory $T_TMP/cache/logs: world-writable" "$T_TMP/err"
t_ok $? "logs dir 0777: refused, naming it"
chmod 0700 "$T_TMP/cache/logs"

mkdir -p -m 700 "$T_TMP/state/opsdeck"
chmod 0777 "$T_TMP/state/opsdeck"
once -v
grep -q "log $T_TMP/state/opsdeck: world-writable" "$T_TMP/err"
t_ok $? "state dir 0777 with -v: refused, naming it"
chmod 0700 "$T_TMP/state/opsdeck"

# All private again: opsdeck gets as far as the (absent) server.
once
grep -q "refused" "$T_TMP/err"
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "private dirs: accepted"

if [ "$(id -u)" = 0 ]; then
	chown 4242:4242 "$T_TMP/cache"
	once
	grep -q "cache directory $T_TMP/cache: owned by uid 4242" "$T_TMP/err"
	t_ok $? "as root, a cache dir chowned to uid 4242: refused"
	chown 0:0 "$T_TMP/cache"
else
	echo "ok $((T_N = T_N + 1)) # SKIP chown needs root"
fi
t_done
