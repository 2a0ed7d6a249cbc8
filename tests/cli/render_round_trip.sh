# A virtual run exported as CSV, JSON and trace renders back to the same report.
"$LBSIM" --virtual --workload bimodal --policy direct -q --out run.svg \
    --csv run.csv --json run.json --trace run.trace >run.txt || exit $?
head -2 run.txt
for f in run.json run.trace run.csv; do
    "$LBSIM" render "$f" --out "$f.png" >"$f.txt" || exit $?
done
# JSON keeps the executor and policy: the same two lines (the third says where the
# outputs went).
head -2 run.txt >a.txt
head -2 run.json.txt >b.txt
cmp a.txt b.txt && echo "json: same report"
cat run.trace.txt run.csv.txt
# Several files: one figure, a panel each.
"$LBSIM" render run.json run.trace --out both.pdf --title "first" --title "second" >/dev/null &&
    test -s both.pdf && echo "two panels: ok"
