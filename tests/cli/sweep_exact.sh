# A sweep worked by hand: four 1 s tasks (constant workload) under direct and lb on 1
# to 4 engines: makespans 4, 2, 2, 1 (direct) and 4, 2, 2, 1 (lb), so speedups 1, 2,
# 2, 4; the lower bound max(4 / N, 1) gives 1, 2, 3, 4. The same table, CSV and JSON
# come out with any --jobs; the chart is written, nothing else.
"$LBSIM" sweep --workload constant --unit-ms 1000 --tasks 4 --engines 1..4 \
    --policy direct,lb --seeds 2 --jobs 1 --csv one.csv --json one.json --out one.svg || exit $?
"$LBSIM" sweep --workload constant --unit-ms 1000 --tasks 4 --engines 1..4 \
    --policy direct,lb --seeds 2 --jobs 3 --csv three.csv --json three.json --out three.svg \
    >three.txt || exit $?
cmp -s one.csv three.csv || echo "the CSV depends on --jobs"
cmp -s one.json three.json || echo "the JSON depends on --jobs"
head -n 3 one.csv
grep -c . one.csv
grep -q '<svg' one.svg || echo "one.svg is not an SVG"
find . -type f ! -name '*.csv' ! -name '*.json' ! -name '*.svg' ! -name three.txt \
    ! -name .stdout ! -name .stderr
exit 0
