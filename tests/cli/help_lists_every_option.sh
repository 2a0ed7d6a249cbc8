# Every way of asking for a command's help gives the same text (generated from the
# option table: tests/test_cli.c checks that each row is listed and fits 80 columns).
"$LBSIM" --help > a.txt || exit $?
for args in "help" "help run" "run --help" "-h"; do
    "$LBSIM" $args > b.txt || exit $?
    cmp -s a.txt b.txt || echo "lbsim $args differs from lbsim --help"
done
"$LBSIM" render --help > a.txt || exit $?
for args in "help render" "render -h" "help render --help"; do
    "$LBSIM" $args > b.txt || exit $?
    cmp -s a.txt b.txt || echo "lbsim $args differs from lbsim render --help"
done
grep -q -- '--engines' a.txt && echo "render's help lists --engines"
"$LBSIM" --help | grep -q '\[9527\]' || echo "no seed default"
"$LBSIM" --version
