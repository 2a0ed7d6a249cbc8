# A short real run with --log and --explain: the log, written after the run from what
# each engine recorded, has one line per decision (14 tasks and each engine's last
# ask), each task in exactly one grab; the explanation adds the real-run paragraph.
"$LBSIM" --workload bimodal --engines 3 --tasks 14 --time-scale 0.02 --dispatch-ms 10 \
    --policy lb --log log.tsv --explain --out fig.svg >out.txt || exit $?
head -1 log.tsv
tail -n +2 log.tsv | wc -l
tail -n +2 log.tsv | cut -f4 | grep -c '^task '
tail -n +2 log.tsv | cut -f4 | grep -c '^none: done$'
tail -n +2 log.tsv | cut -f4 | grep '^task ' | sort | uniq -d
grep -c '^Ideal replay (the same engines' out.txt
grep -Eo 'dispatch [0-9.]+ s \([0-9.]+% of engine time\)' out.txt | sed 's/[0-9.]\+/N/g'
