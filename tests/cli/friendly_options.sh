# Options as a new user types them: policy lists with spaces after commas, names in
# any case, durations with units (a bare number is in milliseconds), --out none for no
# figure, a missing folder made for --out as for the default out/, "1 task on 1 engine".
"$LBSIM" --virtual -p direct,lb --workload bimodal --out none >a.txt || exit $?
"$LBSIM" --virtual -p "direct, LB" --workload BIMODAL --theme Dark --out none >b.txt || exit $?
cmp a.txt b.txt && echo "spaces and case: the same run"
"$LBSIM" --virtual --workload bimodal --heavy-ms 1000 --light-ms 200 --dispatch-ms 0.5 \
    --out none >a.txt || exit $?
"$LBSIM" --virtual --workload bimodal --heavy-ms 1s --light-ms 200ms --dispatch-ms 500us \
    --out none >b.txt || exit $?
cmp a.txt b.txt && echo "units: the same run"
cat b.txt
ls
"$LBSIM" --virtual --out newdir/x.png --csv other/x.csv >/dev/null || exit $?
"$LBSIM" --virtual >/dev/null || exit $?
ls newdir other out
"$LBSIM" --virtual --engines 1 --workload constant --tasks 1 --out none
"$LBSIM" Render other/x.csv --out NONE
echo "exit $?"
