#!/bin/sh
# Banned functions (STYLE.md) must not appear in src/ or include/.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1
for fn in sprintf vsprintf strcpy strcat atoi atol gets system popen strtok; do
	hits=$(grep -rnE "(^|[^_[:alnum:]])$fn[[:space:]]*\(" src include \
	    --include='*.c' --include='*.h' | grep -vE ':[[:space:]]*(/?\*|//)' )
	[ -z "$hits" ]
	t_ok $? "no $fn() in src/ include/"
	[ -n "$hits" ] && t_diag "$hits"
done
t_done
