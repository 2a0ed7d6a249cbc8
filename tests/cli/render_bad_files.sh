# Bad timetable files: one error line naming the file and line (or JSON path), exit 2,
# and nothing written.
dir="$(dirname "$0")/../data/import"
for f in bad_start.csv missing_end.csv end_before_start.csv empty.csv truncated.json \
    bad_time_ipp.json; do
    cp "$dir/$f" "$f" || exit 99
    "$LBSIM" render "$f" --out fig.svg --json out.json
    echo "$f: exit $?"
    ls | grep -v "^$f\$"
    rm -f "$f"
done
exit 2
