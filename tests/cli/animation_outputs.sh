# The animated GIF and the interactive page of the seed's comparison, and the page read
# back: the same report and the same records as the run's own exports.
"$LBSIM" --virtual --workload bimodal --policy direct,lb -q --out cmp.gif --fps 10 \
    --anim-s 1 --frames frames >/dev/null || exit $?
head -c 6 cmp.gif && echo
ls frames | sed -n '1p;$p'
ls frames | wc -l | tr -d ' '
"$LBSIM" --virtual --workload bimodal --policy lb -q --out run.html --csv run.csv \
    --json run.json >run.txt || exit $?
"$LBSIM" render run.html --out again.svg --csv again.csv --json again.json >again.txt || exit $?
cmp run.csv again.csv && echo "page: same records"
# (the last line of each says which files it wrote)
grep -v '^Wrote ' run.txt >a.txt
grep -v '^Wrote ' again.txt >b.txt
cmp a.txt b.txt && echo "page: same report"
# The page embeds the --json export itself.
sed -n '/class="lbsim-run" data-panel="0">/,/^<\/script>$/p' run.html |
    sed '1s/^.*data-panel="0">//;$d' | cmp - run.json && echo "page: the --json document"
# A comparison's page carries both runs and their report; render reads its first.
"$LBSIM" --virtual --workload bimodal --policy direct,lb -q --out cmp.html >/dev/null
grep -c 'class="lbsim-run"' cmp.html
grep -c 'Speedup for direct and lb (ideal: 12x): 3.18 and 11.41' cmp.html
"$LBSIM" render cmp.html --out first.svg | head -1
