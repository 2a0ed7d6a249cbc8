# A limit on the number of threads (ulimit -u, RLIMIT_NPROC) fails cleanly: exit 1,
# one line, no crash, nothing written. Root ignores that limit, so as root the run
# drops to user nobody (setpriv) in a folder nobody can write; without setpriv, or
# when dropping root fails, the case is skipped.
args="--engines 100 --tasks 200 --unit-ms 1 --out t.svg --csv t.csv"
if [ "$(id -u)" = 0 ]; then
    if ! command -v setpriv >/dev/null || ! command -v prlimit >/dev/null; then
        echo "running as root, which ignores ulimit -u, and setpriv or prlimit is missing"
        exit 77
    fi
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
    chmod 777 "$dir"
    cp "$LBSIM" "$dir/lbsim" && chmod 755 "$dir/lbsim"
    drop="setpriv --reuid=65534 --regid=65534 --clear-groups"
    if ! (cd "$dir" && $drop ./lbsim --version) >/dev/null 2>&1; then
        echo "running as root, which ignores ulimit -u, and cannot run lbsim as nobody"
        exit 77
    fi
    # nobody's processes and threads count towards the limit of 20
    (cd "$dir" && $drop prlimit --nproc=20 ./lbsim $args) >out.txt 2>err.txt
    code=$?
    ls -A "$dir" | grep -v '^lbsim$' || true
else
    # the user's other processes count too: a limit of 1 leaves no room for an engine
    prlimit --nproc=1 "$LBSIM" $args >out.txt 2>err.txt
    code=$?
    ls | grep -v -e '^out.txt$' -e '^err.txt$' || true
fi
echo "exit $code"
sed -E 's/engine [0-9]+ could not start/engine N could not start/' err.txt
cat out.txt
