# The decision log of a virtual run: 14 tasks on 3 engines under steal and hwm:2, one
# file with a line per decision (the steal victim, hwm's outstanding counts); then lb
# with --log -, the log on stdout after the report.
"$LBSIM" --virtual --workload bimodal --engines 3 --tasks 14 --policy steal,hwm:2 \
    --log log.tsv --out fig.svg >report.txt || exit $?
cat log.tsv
"$LBSIM" --virtual --workload bimodal --engines 3 --tasks 14 --policy lb --dispatch-ms 50 \
    --log - --out fig.svg || exit $?
