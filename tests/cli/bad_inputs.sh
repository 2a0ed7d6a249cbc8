#!/bin/sh
# Runs the table of bad inputs: bad_inputs.sh LBSIM TABLE.tsv. Each row is
#   <arguments (shell words)> TAB <exit code> TAB <exact stderr line>
# Every row runs in an empty temporary folder, must exit with the code, print exactly
# that one line on stderr and nothing on stdout, and leave no file behind.
set -u
LBSIM=$1
TABLE=$2
pass=0
failed=0
tab=$(printf '\t')
while IFS="$tab" read -r args code line; do
    case "$args" in ''|'#'*) continue ;; esac
    work=$(mktemp -d)
    out=$(cd "$work" && eval "\"\$LBSIM\" $args" 2>"$work/.err" </dev/null)
    got=$?
    err=$(cat "$work/.err")
    rm -f "$work/.err"
    left=$(cd "$work" && find . -mindepth 1 | head -3)
    if [ "$got" = "$code" ] && [ "$err" = "$line" ] && [ -z "$out" ] && [ -z "$left" ]; then
        pass=$((pass + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: lbsim $args"
        echo "  expected exit $code: $line"
        echo "  got exit $got: $err"
        [ -n "$out" ] && echo "  stdout: $out"
        [ -n "$left" ] && echo "  left files: $left"
    fi
    rm -rf "$work"
done <"$TABLE"
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
