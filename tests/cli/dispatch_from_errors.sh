# --dispatch-from files that cannot give an estimate: DirectView's own map records one
# chunk per engine (no engine ran two tasks, so there is no gap to measure). Exit 2,
# one line on stderr, nothing written.
data="$(dirname "$0")/../data/real/ipp_bimodal_direct_chunks_meta.json"
cp "$data" chunks.json || exit 99
"$LBSIM" --virtual --dispatch-ms auto --dispatch-from chunks.json --out fig.svg --log l.tsv
code=$?
rm chunks.json
ls
exit $code
