#!/bin/sh
# Only src/actions/ may send a mutating request (DESIGN.md): outside it and
# the implementing files, no source includes ghclient_write.h or the
# transport's internal header, calls ghclient_write or transport_send, or
# sets a mutating method on a curl handle. Each rule is also run against a
# planted violation, so a rule that matches nothing fails here.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

# violations ROOT: one line per file breaking a rule, nothing when clean.
violations() {
	_root=$1
	# Includers and callers of the write call.
	grep -rlE '#[[:space:]]*include[[:space:]]*"opsdeck/ghclient_write\.h"|(^|[^_[:alnum:]])ghclient_write[[:space:]]*\(' \
	    "$_root/src" "$_root/include" "$_root/tests" \
	    --include='*.c' --include='*.h' 2>/dev/null |
	    sed "s|^$_root/||" |
	    grep -vE '^src/actions/|^src/sources/ghclient_write\.c$|^include/opsdeck/ghclient_write\.h$|^tests/unit/test_ghclient_write\.c$' |
	    sed 's/$/: ghclient_write outside src\/actions\//'
	# The transport's mutating entry point.
	grep -rlE '#[[:space:]]*include[[:space:]]*"transport_int\.h"|(^|[^_[:alnum:]])transport_send[[:space:]]*\(' \
	    "$_root/src" "$_root/include" "$_root/tests" \
	    --include='*.c' --include='*.h' 2>/dev/null |
	    sed "s|^$_root/||" |
	    grep -vE '^src/sources/(transport|transport_file|ghclient_write)\.c$|^src/sources/transport_int\.h$' |
	    sed 's/$/: transport_send outside the transport/'
	# A mutating method on curl, anywhere in the program's sources.
	grep -rlE 'CURLOPT_(CUSTOMREQUEST|POST[A-Z_]*|COPYPOSTFIELDS|MIMEPOST|UPLOAD|PUT)\b' \
	    "$_root/src" "$_root/include" \
	    --include='*.c' --include='*.h' 2>/dev/null |
	    sed "s|^$_root/||" |
	    grep -vE '^src/sources/transport\.c$' |
	    sed 's/$/: a mutating curl option outside src\/sources\/transport.c/'
}

hits=$(violations .)
[ -z "$hits" ]
t_ok $? "no mutating request outside src/actions/ and the transport"
[ -n "$hits" ] && t_diag "$hits"

plant() {	# plant PATH LINE: a tree holding only that file
	rm -rf "$T_TMP/tree"
	mkdir -p "$T_TMP/tree/src" "$T_TMP/tree/include" "$T_TMP/tree/tests" \
	    "$T_TMP/tree/$(dirname "$1")"
	printf '%s\n' "$2" >"$T_TMP/tree/$1"
}
# Each rule catches a planted file, and lets the allowed places be.
while IFS='|' read -r want path line; do
	plant "$path" "$line"
	got=$([ -n "$(violations "$T_TMP/tree")" ] && echo caught || echo allowed)
	[ "$got" = "$want" ]
	t_ok $? "$want: $path: $line"
done <<'EOF2'
caught|src/ui/pane_x.c|#include "opsdeck/ghclient_write.h"
caught|src/sources/prom.c|	rc = ghclient_write(gc, tp, "POST", p, j, &r);
caught|tests/unit/test_x.c|#include "opsdeck/ghclient_write.h"
caught|src/sources/health.c|#include "transport_int.h"
caught|src/sources/prom.c|	transport_send(tp, &req, "PUT", b, n, &r);
caught|src/sources/health.c|	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "DELETE");
caught|src/sources/prom.c|	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
caught|include/opsdeck/x.h|	curl_easy_setopt(c, CURLOPT_POST, 1L);
caught|src/app/main.c|	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
allowed|src/actions/rerun.c|#include "opsdeck/ghclient_write.h"
allowed|src/sources/ghclient_write.c|	rc = transport_send(tp, &req, method, json, n, r);
allowed|src/sources/transport.c|	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
allowed|tests/unit/test_ghclient_write.c|#include "opsdeck/ghclient_write.h"
EOF2
t_done
