# Durations files read numbers as the command line does: no hexadecimal, nothing over
# 1000000 s (a real run's deadlines must fit 64-bit nanoseconds; 1e17 used to end a run
# at once with "-100%", 1e300 was exported as 300 digits), and a UTF-8 byte order mark
# is skipped as the timetable importers skip it. Each refusal writes nothing.
printf '0.5\n0x10\n' >hex.txt
printf '1e17\n' >big.txt
printf '1e300 # far too long\n' >huge.txt
printf '\357\273\2770.5\n1\n' >bom.txt
printf '1000000\n' >max.txt
for f in hex.txt big.txt huge.txt; do
    "$LBSIM" --virtual --durations "$f" --out x.svg --yes
    echo "exit $?"
done
"$LBSIM" --virtual --durations bom.txt --out bom.svg --quiet | head -n 1
"$LBSIM" --virtual --durations max.txt --out max.svg --quiet | head -n 1
ls *.svg
