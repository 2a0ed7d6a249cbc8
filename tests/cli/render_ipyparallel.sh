# lbsim render of a real ipyparallel run (tests/data/reference): report on
# stdout, a figure with 12 engine rows, and exports that render the same again.
data="$(dirname "$0")/../data/reference/ipyparallel_troll_lb_meta.json"
cp "$data" meta.json || exit 99
"$LBSIM" render meta.json --out fig.svg --json meta-out.json --trace meta.trace --csv meta.csv || exit $?
test -s fig.svg && grep -q '^<svg\|<svg ' fig.svg || { echo "no figure"; exit 98; }
for f in meta-out.json meta.trace meta.csv; do
    "$LBSIM" render "$f" --out "$f.svg" | sed 's/meta[^ :]*/<file>/g'
done
ls
