# A report, chart, help or listing that cannot be written to standard output (a full
# device) is a failure: exit 1 with one line, not a silent success.
"$LBSIM" --virtual --out a.svg >/dev/full
echo "report: exit $?"
"$LBSIM" --virtual --out - >/dev/full
echo "chart: exit $?"
"$LBSIM" --help >/dev/full
echo "help: exit $?"
"$LBSIM" --list-policies >/dev/full
echo "list: exit $?"
"$LBSIM" render - --out none </dev/null >/dev/full
echo "render of nothing: exit $?"
# A closed standard output is no file to write: an error, and the chart never lands in
# the CSV that took its descriptor.
"$LBSIM" --virtual --out - --csv c.csv >&-
echo "closed stdout: exit $?"
wc -l <c.csv
grep -c "│" c.csv || true
