# Whole or nothing: old f.png, f.csv and f.json, then a run whose CSV hits the
# file-size limit (as on a full disk). Every output goes to a temporary file first and
# is renamed only when all are complete, so every old file survives (the JSON that was
# never written too), nothing new is renamed in, and no temporary file is left. The
# same for render, and for an export on standard output that cannot be written.
old() { for f in f.png f.csv f.json; do printf 'old %s\n' "$f" >"$f"; done; }
show() { cat f.png f.csv f.json; ls -A | grep -v -e '^in.json$' -e '^f\.' || true; }
old
(ulimit -f 400; "$LBSIM" --virtual --tasks 20000 --out f.png --csv f.csv --json f.json -q >/dev/null)
echo "run: exit $?"
show
"$LBSIM" --virtual --tasks 20000 --json in.json --out none >/dev/null || exit $?
(ulimit -f 400; "$LBSIM" render in.json --out f.png --csv f.csv --json f.json >/dev/null)
echo "render: exit $?"
show
"$LBSIM" --virtual --out f.png --json f.json --csv - >/dev/full
echo "--csv - to a full device: exit $?"
show
