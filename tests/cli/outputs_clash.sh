# Two outputs on one file, an output on an input, an output on the file standard
# output goes to, and two outputs on standard output are usage errors found before
# anything runs: exit 2, one line, nothing written, inputs untouched.
"$LBSIM" --virtual --workload bimodal -q --out none --csv a.csv >/dev/null || exit $?
printf '0.5\n0.25\n' >d.txt
cp a.csv keep.csv
clash() {
    "$LBSIM" "$@" >out.txt
    echo "exit $?"
}
clash --virtual --out a.svg --csv a.svg
clash --virtual --csv x --json x
clash --virtual --csv ./x --json x
clash --virtual --hist c.svg --out c.svg
clash --virtual --dump-workload e.svg --out e.svg
clash --virtual -p lpt,lpt --csv d.csv
clash --virtual -p LPT,lpt --json e.json
clash --virtual -p direct,lb --out t-lb.svg --trace t.svg
clash render a.csv --csv a.csv
mkdir sub
cp a.csv sub/b.csv
clash render sub/b.csv --json sub/../sub/./b.csv
clash render - --json a.csv <a.csv
clash --virtual --durations d.txt --dump-workload d.txt
clash --virtual --csv - --json -
clash --virtual --out - --csv -
clash --virtual --ascii --trace /dev/stdout
clash --virtual --csv /dev/stdout --json -
"$LBSIM" --virtual --out a.svg --csv r.txt >r.txt
echo "exit $?"
cmp a.csv keep.csv && cmp sub/b.csv keep.csv && echo "inputs kept"
ls
