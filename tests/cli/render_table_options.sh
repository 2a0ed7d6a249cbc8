# lbsim render of tables whose columns are not found by their names: --engine-col,
# --start-col, --duration-col and --time-unit say which they are; without them the
# error lists the columns found.
printf 'machine,from,took\nm1,0,1500\nm2,250,750\nm1,1500,500\n' > t.csv
"$LBSIM" render t.csv --out a.svg
echo "exit $?"
"$LBSIM" render t.csv --out a.svg --start-col from --duration-col took --time-unit ms
echo "exit $?"
# A Timedelta column in pandas JSON is whole milliseconds: refused without a unit.
printf '[{"worker":"w1","start":0,"end":500},{"worker":"w2","start":250,"end":750}]' > td.json
"$LBSIM" render td.json --out b.svg
echo "exit $?"
"$LBSIM" render td.json --out b.svg --time-unit ms
echo "exit $?"
# A file larger than --max-input-mb is refused before it is read.
head -c 2000000 /dev/zero | tr '\0' ' ' > big.csv
"$LBSIM" render big.csv --out c.svg --max-input-mb 1
echo "exit $?"
ls
