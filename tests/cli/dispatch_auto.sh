# --dispatch-ms auto: the dispatch cost estimated from a real ipyparallel run (the mean
# gap between tasks on an engine), so the virtual lb run predicts that cluster (real
# wall 3.597 s) and the figure draws the dispatch before each grab.
data="$(dirname "$0")/../data/reference/ipyparallel_troll_lb_meta.json"
cp "$data" meta.json || exit 99
"$LBSIM" --virtual --workload bimodal --policy lb,direct --dispatch-ms auto \
    --dispatch-from meta.json --out fig.svg || exit $?
test -s fig.svg || echo "missing fig.svg"
