# --dump-workload writes the workload in the format --durations reads: feeding the
# dump back (file: and stdin) gives the same durations and the same virtual run.
set -e
"$LBSIM" --virtual --rng numpy -p direct --dump-workload w.txt --out a.svg --csv a.csv
"$LBSIM" --virtual -p direct --workload file:w.txt --dump-workload w2.txt --out b.svg --csv b.csv
"$LBSIM" --virtual -p direct --durations - --dump-workload w3.txt --out c.svg <w.txt >/dev/null
cmp w.txt w2.txt
cmp w.txt w3.txt
cmp a.csv b.csv
wc -l <w.txt
head -n 2 w.txt
# asc order of the file, then the same order from the generator
"$LBSIM" --virtual --rng numpy --order asc --dump-workload s1.txt --out d.svg >/dev/null
"$LBSIM" --virtual --durations w.txt --order asc --dump-workload s2.txt --out e.svg >/dev/null
cmp s1.txt s2.txt
sort -g w.txt | cmp - s1.txt
