# Two policies on the same workload: each report, then the joint speedup line; one
# figure; one CSV per policy; the histogram.
"$LBSIM" --virtual --workload bimodal --policy direct,lb --out fig.svg --csv t.csv \
    --hist hist.png || exit $?
for f in fig.svg t-direct.csv t-lb.csv hist.png; do
    test -s "$f" || echo "missing $f"
done
test -e t.csv && echo "t.csv should not exist with several policies"
exit 0
