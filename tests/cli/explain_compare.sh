# The README's example: the seed's bimodal workload under direct and lb, each report
# followed by its explanation (where the idle time went, the critical engine, what
# would have helped), then the joint speedup line.
"$LBSIM" --virtual --workload bimodal --policy direct,lb --explain --out fig.svg || exit $?
test -s fig.svg || echo "missing fig.svg"
