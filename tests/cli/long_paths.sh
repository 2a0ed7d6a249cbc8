# Paths are used whole: exports of several policies under a 600-byte path land in one
# file each (names used to be cut at 511 bytes, both exports into one cut-off file); a
# 255-byte file name works; a path of PATH_MAX bytes or more is refused before the run.
d=$(printf 'd%.0s' $(seq 1 120))
long="$d/$d/$d/$d/$d"
mkdir -p "$long" || exit 99
"$LBSIM" --virtual -q -p direct,lb --out f.svg --csv "$long/t.csv" --json "$long/t.json" \
    >/dev/null
echo "exit $?"
ls "$long"
name="$(printf 'n%.0s' $(seq 1 251)).csv"
"$LBSIM" --virtual -q --out g.svg --csv "$name" >/dev/null
echo "255-byte name: exit $?"
ls | grep -c '^nnnn' 
huge=$(printf 'a%.0s' $(seq 1 5000))
"$LBSIM" --virtual -q --csv "$huge.csv"
echo "5004-byte path: exit $?"
# A name that the policy's suffix makes longer than 255 bytes is refused before the run
# (a temporary file with a short name would be written, then not renamed).
name="$(printf 'm%.0s' $(seq 1 248)).csv"
"$LBSIM" --virtual -q -p direct,lb --out g2.svg --csv "$name" >/dev/null
echo "259-byte name: exit $?"
ls | grep -c -e '^mmmm' -e '^g2.svg$' || true
