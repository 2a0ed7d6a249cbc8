# lbsim render - reads a timetable from standard input, named "stdin".
"$LBSIM" --virtual --workload bimodal --policy direct --out a.svg --json run.json > /dev/null || exit $?
"$LBSIM" render - < run.json || exit $?
ls out
echo "engine,start,end" | "$LBSIM" render -
echo "exit $?"
