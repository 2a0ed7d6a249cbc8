# SIGINT during a real run: engines stop promptly, the finished tasks are reported
# and drawn, the title says so, exit 130.
"$LBSIM" --engines 2 --workload bimodal --tasks 200 --heavy-count 0 --light-ms 100 \
    --out i.svg --csv i.csv >out.txt 2>err.txt &
pid=$!
sleep 1
kill -INT $pid
start=$(date +%s)
wait $pid
code=$?
took=$(( $(date +%s) - start ))
echo "exit $code"
[ "$took" -le 3 ] || echo "took ${took}s to stop"
grep -Eq '^interrupted after [0-9]+/200 tasks$' out.txt && echo "reported"
n=$(grep -Eo 'after [0-9]+' out.txt | grep -Eo '[0-9]+')
[ "$(( $(wc -l < i.csv) - 1 ))" = "$n" ] && echo "CSV has the finished tasks"
head -c 5 i.svg | grep -q "<?xml" && echo "figure written"
