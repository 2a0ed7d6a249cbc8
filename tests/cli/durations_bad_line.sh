# A durations file with a bad line: the error names the file and the line, no
# --help hint (the input is wrong, not the usage), exit 2 and no outputs left.
printf '# three tasks\n0.2\n200ms\nabc\n1.5s\n' >durations.txt
"$LBSIM" --virtual --durations durations.txt --out run.svg
code=$?
rm durations.txt
ls
exit $code
