# lbsim render --explain of the real ipyparallel run (tests/data/reference): the run
# against its ideal replay, its gaps, and virtual reruns of its measured durations.
data="$(dirname "$0")/../data/reference/ipyparallel_troll_lb_meta.json"
cp "$data" meta.json || exit 99
"$LBSIM" render meta.json --explain --out fig.svg || exit $?
test -s fig.svg || echo "missing fig.svg"
