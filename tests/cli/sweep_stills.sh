# A sweep's chart as a still GIF and as a page: the GIF's header, and on the page the
# chart's lines (the two policies', the two references' and their legend samples),
# markers (points and legend) and min-max bands as SVG shapes, no clock; nothing else
# is written.
"$LBSIM" sweep --engines 1..4 --policy direct,lb --seeds 3 --out s.gif >/dev/null || exit $?
"$LBSIM" sweep --engines 1..4 --policy direct,lb --seeds 3 --out s.html >/dev/null || exit $?
head -c 6 s.gif
echo
echo "polylines $(grep -c '<polyline' s.html)"
echo "circles $(grep -c '<circle' s.html)"
echo "polygons $(grep -c '<polygon' s.html)"
grep -q "^<g class=\"clock\"" s.html && echo "a clock on a still page"
find . -type f ! -name s.gif ! -name s.html ! -name .stdout ! -name .stderr
exit 0
