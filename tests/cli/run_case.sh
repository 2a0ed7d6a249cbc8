#!/bin/sh
# Runs one CLI case: run_case.sh LBSIM CASE.sh. The case script runs in a fresh
# temporary folder with $LBSIM set; its stdout, stderr and exit code are compared
# with CASE.stdout, CASE.stderr and CASE.exit (a missing expectation file is not
# checked). Prints a diff and fails on any difference. A case that cannot run here
# (e.g. it needs a limit the environment does not have) prints why on stdout and exits
# 77, which ctest reports as skipped.
#
# With LBS_UPDATE_GOLDEN=1 the expectation files that exist are rewritten from this run
# instead (review the diff): LBS_UPDATE_GOLDEN=1 ctest --test-dir build -R cli_
set -u
LBSIM=$1
CASE=$2
base=${CASE%.sh}
work=$(mktemp -d)
cap=$(mktemp -d)
trap 'rm -rf "$work" "$cap"' EXIT
export LBSIM
(cd "$work" && sh "$CASE") >"$cap/.stdout" 2>"$cap/.stderr"
code=$?
if [ "$code" = 77 ]; then
    echo "skipped: $(cat "$cap/.stdout")"
    exit 77
fi
if [ "${LBS_UPDATE_GOLDEN:-}" = 1 ]; then
    [ -f "$base.exit" ] && echo "$code" >"$base.exit"
    for stream in stdout stderr; do
        [ -f "$base.$stream" ] && cp "$cap/.$stream" "$base.$stream"
    done
    exit 0
fi
fail=0
if [ -f "$base.exit" ] && [ "$code" != "$(cat "$base.exit")" ]; then
    echo "exit code: expected $(cat "$base.exit"), got $code"
    fail=1
fi
for stream in stdout stderr; do
    if [ -f "$base.$stream" ] && ! diff -u "$base.$stream" "$cap/.$stream"; then
        echo "$stream differs"
        fail=1
    fi
done
if [ $fail -ne 0 ]; then
    echo "--- stderr was:"; cat "$cap/.stderr"
fi
exit $fail
