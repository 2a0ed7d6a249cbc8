# Limits on memory fail cleanly: exit 1, one line naming what could not be had, no
# crash and nothing written. ulimit -v caps the address space (root too), so engines
# whose thread stacks do not fit cannot start, and tasks whose records do not fit
# cannot be allocated. Sanitizer runtimes reserve terabytes of address space and do
# not start under ulimit -v: then the case is skipped.
if ! (ulimit -v 300000 && "$LBSIM" --version) >/dev/null 2>&1; then
    echo "this lbsim build does not start under ulimit -v 300000 (a sanitizer build?)"
    exit 77
fi
run() { # run LIMIT_KB ARGS...: lbsim under the limit; prints its exit and stderr
    limit=$1
    shift
    (ulimit -v "$limit" && exec "$LBSIM" "$@") >out.txt 2>err.txt
    echo "exit $?"
    sed -E 's/engine [0-9]+ could not start/engine N could not start/' err.txt
    cat out.txt
    ls | grep -v -e '^out.txt$' -e '^err.txt$' || true
}
# 4000 engines with 256 KiB stacks need about 1 GB: some start, then one cannot.
run 300000 --engines 4000 --tasks 4000 --unit-ms 1 --out e.svg --csv e.csv
# 10^8 durations need 800 MB.
run 500000 --tasks 100000000 --virtual --out w.svg
# The durations fit; the timetable's records (3.2 GB) do not.
run 1000000 --workload constant --tasks 100000000 --virtual --out r.svg --json r.json
