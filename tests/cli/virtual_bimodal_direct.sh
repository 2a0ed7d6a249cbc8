# The seed's bimodal ("troll") workload under direct: engine 0 gets all heavy tasks.
"$LBSIM" --virtual --workload bimodal --policy direct --out d.png --csv d.csv || exit $?
head -c 4 d.png | tail -c 3; echo
awk -F, 'NR > 1 && $1 < 13 && $2 != 0 { bad = 1 } END { print bad ? "heavy chunk split" : "engine 0 runs tasks 0-12" }' d.csv
