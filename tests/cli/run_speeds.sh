# Heterogeneous engines in a run: the report's ideal is the capacity (1 + 0.5 + 1 +
# 0.5 = 3), lpt plans for the speeds, and the exports carry them (a speed column, a
# speeds list) so that lbsim render reads the same run back.
"$LBSIM" --virtual --engines 4 --speeds 1,0.5 --policy direct,lpt --csv t.csv --json t.json \
    --out t.svg || exit $?
head -n 3 t-lpt.csv
grep '"speeds"' t-lpt.json
"$LBSIM" render t-lpt.json --out back.svg | head -n 2
exit 0
