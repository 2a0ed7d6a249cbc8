# In virtual time the same options give byte-identical report, figure and exports.
for i in 1 2; do
    "$LBSIM" --virtual --policy direct,steal,hwm:2 --workload lognormal --out f$i.svg \
        --csv c$i.csv --json j$i.json --trace t$i.json > w$i.txt || exit $?
    grep -v '^Wrote ' w$i.txt > r$i.txt # the list of files written names them
    "$LBSIM" --virtual --policy steal --out p$i.png > /dev/null || exit $?
done
for f in f.svg c-direct.csv c-steal.csv c-hwm-2.csv j-steal.json t-hwm-2.json r.txt p.png; do
    cmp "${f%%[.-]*}1${f#${f%%[.-]*}}" "${f%%[.-]*}2${f#${f%%[.-]*}}" || echo "$f differs"
done
echo done
