# Figures that fit, whatever is asked of them: the eleven policies grow taller
# and say so on stderr, or fit 1280x720 in a grid; the SVG is sized in pixels with a
# viewBox and its texts are <text> elements; --title once titles the figure above its
# panels (of a run or of lbsim render), once per policy titles each panel in order; a
# font too large for the canvas is refused before anything is written.
png_size() {
    od -An -tu1 -j16 -N8 "$1" |
        awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 "x" $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
}
eleven=direct,lb,cyclic,static:4,dynamic:4,guided,tss,fac2,steal,lpt,hwm:0
"$LBSIM" --virtual -w bimodal -p $eleven --out p11.png -q >/dev/null || exit $?
"$LBSIM" --virtual -w bimodal -p $eleven --layout grid --out g11.png -q >/dev/null || exit $?
echo "p11.png $(png_size p11.png), g11.png $(png_size g11.png)"
"$LBSIM" --virtual -w bimodal -p direct,lb --title "Fixed chunks" --title "Shared queue" \
    --out panels.svg -q >/dev/null || exit $?
head -n 2 panels.svg | grep -o 'width="[0-9]*" height="[0-9]*" viewBox="[^"]*"'
echo "panels.svg: $(grep -c '<text ' panels.svg) texts;" $(grep -o '>[A-Z][a-z]* [a-z]*<' panels.svg | head -n 2)
"$LBSIM" --virtual -w bimodal -p direct,lb --title "Fixed chunks against a shared queue" \
    --out figure.svg -q >/dev/null || exit $?
echo "figure.svg:" $(grep -o '>[^<]*\(queue\|job timetable\)<' figure.svg)
"$LBSIM" --virtual -w bimodal -p direct,lb --csv run.csv -q --out - >/dev/null || exit $?
"$LBSIM" render run-direct.csv run-lb.csv --title "Two runs" --out render.svg -q >/dev/null ||
    exit $?
echo "render.svg:" $(grep -o '>[^<]*\(runs\|job timetable\)<' render.svg)
rm run-direct.csv run-lb.csv
"$LBSIM" --virtual --font-size 200 --width 200 --height 200 --out big.png -q
echo "exit $?"
ls
exit 0
