# A short real run: report lines in the documented shape, every task in the CSV, and
# no progress line on stderr (not a terminal).
"$LBSIM" --engines 4 --tasks 40 --unit-ms 1 --out r.png --csv r.csv >out.txt || exit $?
grep -Eq '^lb: 40 tasks on 4 engines, wall [0-9.]+ s, serial [0-9.]+ s$' out.txt || cat out.txt
grep -Eq '^Speedup for lb \(ideal: 4x\): [0-9.]+  \(efficiency [0-9]+%, lower bound [0-9.]+ s\)$' out.txt || cat out.txt
grep -Eq '^Ideal \(virtual\) wall [0-9.]+ s; this run [+-][0-9.]+%$' out.txt || cat out.txt
cut -d, -f1 r.csv | tail -n +2 | sort -n | uniq | wc -l
