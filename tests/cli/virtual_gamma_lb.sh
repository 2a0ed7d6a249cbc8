# The seed's gamma workload under lb in virtual time: exact report, CSV, figure.
"$LBSIM" --virtual --seed 9527 --out lb.svg --csv lb.csv || exit $?
test -s lb.svg || echo "no figure"
head -c 5 lb.svg | grep -q '<?xml' || echo "figure is not SVG"
test "$(wc -l < lb.csv)" -eq 181 || echo "CSV should have 180 rows and a header"
head -1 lb.csv
