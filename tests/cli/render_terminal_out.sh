# lbsim render --out - draws the terminal chart (it used to write out/<file>.svg), and
# --out none draws nothing: neither writes a file.
"$LBSIM" --virtual --workload bimodal -p direct -q --out none --csv d.csv >/dev/null || exit $?
COLUMNS=80 "$LBSIM" render d.csv --out - >chart.txt
echo "exit $?"
grep -c "│" chart.txt
tail -n 2 chart.txt
"$LBSIM" render d.csv --out none
echo "exit $?"
ls
