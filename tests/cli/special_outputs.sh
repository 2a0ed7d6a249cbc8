# Outputs that are not regular files are written through and never replaced: "-" is
# standard output (no file named "-"; the report then goes to stderr), /dev/null
# discards, a FIFO is written to its reader, and a link to /proc/self/fd/1 (what
# /dev/stdout is) writes standard output even when that is a regular file.
"$LBSIM" --virtual -q --out none --csv - >csv.txt 2>report.txt
echo "-: exit $?"
head -n 2 csv.txt
ls -A | grep -e '^-$' && echo "a file named - was created"
cat report.txt
"$LBSIM" --virtual -q --out none --csv /dev/null --json /dev/null >/dev/null
echo "/dev/null: exit $?"
test -c /dev/null && echo "/dev/null is still a device"
mkfifo pipe.csv
timeout 20 cat pipe.csv >got.csv & # never waits long, should lbsim not write
reader=$!
"$LBSIM" --virtual -q --out none --csv pipe.csv >/dev/null
echo "FIFO: exit $?"
wait $reader
test -p pipe.csv && echo "pipe.csv is still a FIFO"
head -n 1 got.csv
ln -s /proc/self/fd/1 so
"$LBSIM" --virtual -q --out none --csv so >o.txt 2>/dev/null
echo "link to stdout: exit $?"
test -L so && echo "so is still a link"
head -n 1 o.txt
ls -A | grep '^\.' || echo "no temporary file"
# A device that cannot be opened (/dev/tty without a controlling terminal) is found
# before the run.
setsid "$LBSIM" --virtual -q --out none --csv /dev/tty </dev/null 2>&1
echo "/dev/tty without a terminal: exit $?"
