# With no font installed (an empty fontconfig configuration), × and · would be drawn
# as empty boxes: a PNG or PDF figure writes x and - instead and says so on stderr;
# an SVG keeps them (its <text> is drawn by the viewer's fonts), so it says nothing.
cat >fonts.conf <<'CONF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/nonexistent-fonts</dir><cachedir>fc-cache</cachedir></fontconfig>
CONF
export FONTCONFIG_FILE="$PWD/fonts.conf"
"$LBSIM" --virtual --out x.png -q >/dev/null || exit $?
"$LBSIM" --virtual --out x.pdf -q >/dev/null || exit $?
"$LBSIM" --virtual --out x.svg -q >/dev/null || exit $?
grep -c "speedup 11.26$(printf '\303\227')" x.svg
exit 0
