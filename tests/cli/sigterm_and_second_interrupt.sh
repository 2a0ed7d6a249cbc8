# SIGTERM stops a real run like Ctrl-C (finished tasks kept, exit 130); a second
# Ctrl-C while the first is being handled exits at once without writing.
"$LBSIM" --engines 2 --workload constant --unit-ms 50 --tasks 400 --out t.svg >t.txt 2>&1 &
pid=$!
sleep 1
kill -TERM $pid
wait $pid
echo "SIGTERM: exit $?"
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
