# A real run estimated at over 10 minutes is refused without --yes (exit 2, nothing
# written; bad_inputs.tsv has the exact line); with --yes it starts. Here one engine
# takes the 1-hour task while the other runs the light ones, so tasks finish at once;
# SIGINT then stops the run (exit 130) with the finished tasks reported and drawn.
"$LBSIM" --engines 2 --workload bimodal --tasks 40 --heavy-count 1 --heavy-ms 3600000 \
    --light-ms 50 --out long.svg >no.txt 2>no.err
echo "without --yes: exit $?"
cat no.err
ls
"$LBSIM" --engines 2 --workload bimodal --tasks 40 --heavy-count 1 --heavy-ms 3600000 \
    --light-ms 50 --out long.svg --yes >yes.txt 2>yes.err &
pid=$!
sleep 1
kill -INT $pid
wait $pid
echo "with --yes: exit $?"
grep -Eq '^interrupted after [0-9]+/40 tasks$' yes.txt && echo "reported"
[ "$(grep -Eo 'after [0-9]+' yes.txt | grep -Eo '[0-9]+')" -gt 0 ] && echo "tasks finished"
head -c 5 long.svg | grep -q "<?xml" && echo "figure written"
cat yes.err
