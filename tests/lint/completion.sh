#!/bin/sh
# Shell completion (issue 15): every option "opsdeck --help" prints is in
# the bash and the zsh completion, and they offer none it does not print;
# the bash one loads and registers itself; "make install DESTDIR=..."
# puts both where bash-completion and zsh look.
. "${top_srcdir:-.}/tests/lib.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
BASH_C="$top_srcdir/completion/bash/opsdeck"
ZSH_C="$top_srcdir/completion/zsh/_opsdeck"

# The options of --help: its lines that start with an option.
"$OPSDECK" --help | grep -E '^ +-' | grep -o -E '(^|[ ,])--?[A-Za-z][A-Za-z-]*' |
    sed 's/^[ ,]*//' | sort -u >"$T_TMP/help"
[ -s "$T_TMP/help" ]
t_ok $? "--help lists options ($(wc -l <"$T_TMP/help" | tr -d ' '))"

# The bash list: the words of opts='...'.
sed -n "/opts='/,/'/p" "$BASH_C" | tr -d "'" | sed 's/opts=//' |
    tr ' \t' '\n\n' | grep -E '^-' | sort -u >"$T_TMP/bash"
diff "$T_TMP/help" "$T_TMP/bash" >"$T_TMP/d1"
t_ok $? "bash: the same options as --help"
[ -s "$T_TMP/d1" ] && t_diag "$(cat "$T_TMP/d1")"

# The zsh list: the option names in the _arguments specs, their
# [descriptions] (which name other options) taken out.
sed -n '/^_arguments/,$p' "$ZSH_C" | sed '1d; s/\[[^]]*\]//g' |
    grep -o -E -- '--?[A-Za-z][A-Za-z-]*' | sort -u >"$T_TMP/zsh"
diff "$T_TMP/help" "$T_TMP/zsh" >"$T_TMP/d2"
t_ok $? "zsh: the same options as --help"
[ -s "$T_TMP/d2" ] && t_diag "$(cat "$T_TMP/d2")"

if command -v bash >/dev/null 2>&1; then
	bash -c ". '$BASH_C'; complete -p opsdeck" >"$T_TMP/cp" 2>&1
	grep -q -e '-F _opsdeck opsdeck' "$T_TMP/cp"
	t_ok $? "bash: sourcing it registers the completion ($(cat "$T_TMP/cp"))"
	got=$(bash -c ". '$BASH_C'; COMP_WORDS=(opsdeck --the); COMP_CWORD=1;
	    _opsdeck; echo \"\${COMPREPLY[*]}\"")
	[ "$got" = "--theme" ]
	t_ok $? "bash: --the completes to --theme ($got)"
	got=$(HOME="$T_TMP" XDG_CONFIG_HOME="$T_TMP/none" bash -c ". '$BASH_C';
	    COMP_WORDS=(opsdeck --theme solar); COMP_CWORD=2; _opsdeck;
	    echo \"\${COMPREPLY[*]}\"")
	[ "$got" = "solarized-dark" ]
	t_ok $? "bash: a theme name after --theme ($got)"
else
	t_ok 0 "# SKIP no bash"
fi
if command -v zsh >/dev/null 2>&1; then
	zsh -n "$ZSH_C"
	t_ok $? "zsh: the completion parses"
fi

# make install DESTDIR: both in the standard directories.
if [ -f "$top_builddir/Makefile" ]; then
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$top_builddir" install DESTDIR="$T_TMP/dest" \
	    >"$T_TMP/install.log" 2>&1
	t_ok $? "make install DESTDIR=..."
	b=$(find "$T_TMP/dest" -path '*/share/bash-completion/completions/opsdeck')
	z=$(find "$T_TMP/dest" -path '*/share/zsh/site-functions/_opsdeck')
	[ -n "$b" ] && cmp -s "$b" "$BASH_C" && [ -n "$z" ] &&
	    cmp -s "$z" "$ZSH_C"
	t_ok $? "installed: $b and $z"
	[ -n "$b" ] && bash -c ". '$b'; complete -p opsdeck" >/dev/null 2>&1
	t_ok $? "the installed bash completion loads"
fi
t_done
