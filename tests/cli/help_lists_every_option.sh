# --help documents every option the parser accepts, with its default.
"$LBSIM" --help > help.txt || exit $?
for opt in engines tasks seed workload shape scale unit-ms heavy-ms light-ms heavy-count \
    heavy-at policy virtual time-scale dispatch-ms out csv title width height font-size \
    quiet list-policies help version yes; do
    grep -q -- "--$opt" help.txt || echo "missing --$opt"
done
grep -q '\[9527\]' help.txt || echo "no seed default"
"$LBSIM" --version
