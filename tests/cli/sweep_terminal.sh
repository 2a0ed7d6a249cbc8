# The sweep's charts in the terminal: a line chart (the first range is the x axis, the
# policies the lines) and a bar chart of every policy (nothing swept); no file, at most
# COLUMNS wide, no ANSI colours into a pipe.
COLUMNS=80 "$LBSIM" sweep --engines 1..16 --policy direct,lb --seeds 3 --ascii || exit $?
COLUMNS=80 "$LBSIM" sweep --workload bimodal --policy all --metric makespan --out - \
    >bars.txt || exit $?
cat bars.txt
LC_ALL=C grep -q "$(printf '\033')" bars.txt && echo "ANSI escapes in a pipe"
find . -type f ! -name bars.txt ! -name .stdout ! -name .stderr
exit 0
