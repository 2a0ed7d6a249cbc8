# Figure text must be UTF-8: a --title that is not (Latin-1, or cut in the middle of a
# character) is refused before the run, at once, with nothing written; a Latin-1 file
# name given to render still draws, its bad bytes shown as U+FFFD in the title.
"$LBSIM" --engines 2 --workload constant --unit-ms 5000 --tasks 4 --out a.svg \
    --csv a.csv --title "$(printf 'caf\351')"
echo "Latin-1 title: exit $?"
"$LBSIM" --virtual --out a.svg --title "$(printf 'x\342\200')"
echo "cut title: exit $?"
"$LBSIM" --virtual -q --out none --csv run.csv >/dev/null || exit $?
"$LBSIM" render run.csv run.csv --out b.svg --title ok --title "$(printf '\377')"
echo "render title: exit $?"
ls
cp run.csv "$(printf 'caf\351.csv')"
"$LBSIM" render "$(printf 'caf\351.csv')" --out latin.svg --quiet
echo "Latin-1 file name: exit $?"
test -s latin.svg && echo "figure written"
"$LBSIM" render "$(printf 'caf\351.csv')" --out - | head -n 1
