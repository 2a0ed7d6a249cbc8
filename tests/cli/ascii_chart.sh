# The terminal chart: --out - writes no file, fits COLUMNS, no ANSI colours into a
# pipe, and stdout still ends with the speedup line.
COLUMNS=80 "$LBSIM" --virtual --workload bimodal --policy direct,lb --out - >chart.txt || exit $?
# Width in characters, not bytes: count the UTF-8 lead bytes of each line.
LC_ALL=C sed 's/[\x80-\xbf]//g' chart.txt | LC_ALL=C awk '{ if (length($0) > 80) bad++ }
    END { if (bad) print bad " lines wider than 80" }'
LC_ALL=C grep -q "$(printf '\033')" chart.txt && echo "ANSI escapes in a pipe"
grep -c "│" chart.txt
tail -n 1 chart.txt
find . -type f ! -name chart.txt ! -name .stdout ! -name .stderr
exit 0
