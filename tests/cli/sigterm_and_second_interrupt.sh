# Stop signals end lbsim by the signal itself, so the shell reports 128 + its number:
# 130 for SIGINT (Ctrl-C), 143 for SIGTERM, 129 for SIGHUP. During a real run the
# first one stops the engines and the finished tasks are still reported and written;
# a second one, or any while outputs are being written, removes every temporary file
# (and a folder made for the outputs) and ends at once, leaving the old files as they
# were.
"$LBSIM" --engines 2 --workload constant --unit-ms 50 --tasks 400 --out t.svg >t.txt 2>&1 &
pid=$!
sleep 1
kill -TERM $pid
wait $pid
echo "SIGTERM during a real run: exit $?"
grep -Eq '^interrupted after [0-9]+/400 tasks$' t.txt && echo "reported"
test -s t.svg && echo "figure written"
# A 10 s task: the first SIGINT wakes the engines; the second, sent at once, exits.
"$LBSIM" --engines 1 --workload constant --unit-ms 10000 --tasks 3 --out u.svg >u.txt 2>&1 &
pid=$!
sleep 1
start=$(date +%s)
kill -INT $pid
kill -INT $pid
wait $pid
echo "second SIGINT: exit $?"
[ $(( $(date +%s) - start )) -le 3 ] && echo "prompt"

# The write phase, held still: the JSON is complete in its temporary file and the CSV
# waits for a reader on its FIFO; out/, made for the default figure, is new.
mkfifo pipe.csv
printf 'old\n' >j.json
wait_for_temp() { # until .j.json.XXXXXX exists (at most 10 s)
    n=0
    while ! ls -A | grep -q '^\.j\.json\.' && [ $n -lt 100 ]; do
        sleep 0.1
        n=$((n + 1))
    done
}
after() { # after SIGNAL: the exit, the old JSON, no temporary file and no out/
    (sleep 20 && kill -KILL $pid) 2>/dev/null & # should lbsim not stop, it is killed
    watchdog=$!
    wait $pid
    echo "$1: exit $?"
    kill $watchdog 2>/dev/null
    cat j.json
    ls -A | grep -e '^\.' -e '^out$' || echo "nothing left"
}
# stop_while_writing SIGNAL WHAT ARGS...: lbsim ARGS writing j.json and pipe.csv gets
# SIGNAL once the JSON's temporary file is there ($first, when set, is sent a second
# after the start: a real run stopped, which goes on to write).
stop_while_writing() {
    sig=$1
    what=$2
    shift 2
    "$LBSIM" "$@" --json j.json --csv pipe.csv >/dev/null 2>&1 &
    pid=$!
    if [ -n "$first" ]; then
        sleep 1
        kill -"$first" $pid
    fi
    wait_for_temp
    kill -"$sig" $pid
    after "$what"
}
first=
for sig in INT TERM HUP; do
    stop_while_writing $sig "SIG$sig while a virtual run writes" --virtual
done
printf 'engine,start,end\n0,0,1\n' >in.csv
stop_while_writing TERM "SIGTERM while render writes" render in.csv
# A real run that finished, then SIGINT while it writes.
stop_while_writing INT "SIGINT while a real run writes" --engines 2 --workload constant \
    --unit-ms 20 --tasks 4
# Ctrl-C stops a real run, which goes on to write; a second Ctrl-C then.
first=INT
stop_while_writing INT "second SIGINT while a real run writes" --engines 2 --workload constant \
    --unit-ms 50 --tasks 400
