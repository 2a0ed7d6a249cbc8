# --explain on imported timetables that are hard to explain still says only true
# things: one task on one engine; tasks of no length; an engine numbered but never
# used (engines are the labels that ran tasks). Two tasks overlapping on an engine are
# refused before anything is explained: an engine runs one task at a time.
printf 'engine,start,end\n0,5,6.5\n' >one.csv
printf 'engine,start,end\n0,1,1\n1,1,1\n0,1,1\n' >zero.csv
printf 'engine,start,end\n0,0,2\n0,1.5,3\n1,0,3\n' >overlap.csv
printf 'engine,start,end\n0,0,1\n0,1.5,2\n2,0,1.2\n' >unused.csv
for f in one zero unused; do
    "$LBSIM" render $f.csv --explain --out $f.svg || exit $?
done
"$LBSIM" render overlap.csv --explain --out overlap.svg 2>&1
echo "overlap.csv: exit $?"
