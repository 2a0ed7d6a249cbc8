# Every workload's parameters, the generator and the order are written by --json and
# come back through lbsim render, which writes them again.
for w in "uniform --rng numpy --order desc" "gamma --shape 2 --scale 0.25 --order shuffle" \
    "bimodal --heavy-count 3 --heavy-at random" "bimodal --heavy-frac 0.25 --light-ms 50" \
    "exponential --mean-ms 100 --rng numpy" "lognormal --mean-ms 200 --cv 0.5" \
    "lognormal --mu 5 --sigma 0.5" "pareto --alpha 2 --order asc" "weibull --weibull-k 0.5" \
    "constant --unit-ms 20"; do
    "$LBSIM" --virtual --engines 4 --workload $w --json a.json --out a.svg >/dev/null || exit $?
    "$LBSIM" render a.json --json b.json --out b.svg >/dev/null || exit $?
    grep '"workload"' a.json >wa
    grep '"workload"' b.json >wb
    cat wa
    cmp -s wa wb || echo "render wrote: $(cat wb)"
done
# A run from a durations file has no generated workload to record.
printf '0.5\n0.25\n' >d.txt
"$LBSIM" --virtual --durations d.txt --json d.json --out d.svg >/dev/null || exit $?
if grep -q '"workload"' d.json; then echo "d.json records a workload"; fi
