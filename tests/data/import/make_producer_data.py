#!/usr/bin/python3
"""Writes the files of tests/data/import/ that real producers make (pandas, clang,
cmake, Node), so the importer is tested on their own output, not on a copy by hand.

    /usr/bin/python3 make_producer_data.py      # in tests/data/import/

Needs Debian's python3-pandas (1.5.3 made the committed files), clang, cmake and
node. The runs happen in a temporary folder; its path is replaced by "." in the
outputs, which would otherwise name it. Re-running gives the same pandas files byte
for byte; the clang, cmake and Node traces get new timestamps and ids.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))


def out(name):
    return os.path.join(HERE, name)


def pandas_files():
    """One small run (4 tasks on workers w1, w2 and w10) in every to_json orientation
    that keeps the column names, and as to_csv with pandas' unnamed index column."""
    t0 = pd.Timestamp("2026-12-02 02:00:00")
    s = pd.to_timedelta
    df = pd.DataFrame({
        "worker": ["w1", "w2", "w1", "w10"],
        "task": ["t0", "t1", "t2", "t3"],
        "start": [t0, t0 + s(0.25, "s"), t0 + s(1.5, "s"), t0 + s(0.125, "s")],
        "end": [t0 + s(1.5, "s"), t0 + s(1.0, "s"), t0 + s(2.0, "s"), t0 + s(0.75, "s")],
    })
    # The default orientation (columns): dates become epoch milliseconds.
    df.to_json(out("pandas_columns.json"))
    for orient in ("records", "index", "split", "table"):
        df.to_json(out("pandas_%s.json" % orient), orient=orient)
    # host,began,finished with the index column pandas writes without a name.
    df.rename(columns={"worker": "host", "start": "began", "end": "finished"}).drop(
        columns="task").to_csv(out("pandas_unnamed_index.csv"))
    # Times relative to the run's start, as Timedeltas ("0 days 00:00:00.000435712").
    rel = pd.DataFrame({
        "worker": ["w1", "w2", "w1"],
        "start": s([0.0, 0.000435712, 0.5], "s"),
        "end": s([0.5, 0.75, 1.25], "s"),
    })
    rel.to_csv(out("pandas_timedelta.csv"), index=False)
    # The same as JSON: pandas writes Timedeltas as whole milliseconds.
    rel.to_json(out("pandas_timedelta.json"), orient="records")


def run(cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def scrub(src, dst, tmp):
    with open(src, encoding="utf-8") as f:
        text = f.read()
    with open(dst, "w", encoding="utf-8") as f:
        f.write(text.replace(tmp, "."))


def trace_files():
    tmp = tempfile.mkdtemp(prefix="lbsim-producers-")
    try:
        with open(os.path.join(tmp, "a.c"), "w") as f:
            f.write("#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n")
        # clang: one thread of nested phases, and "Total ..." summary tracks.
        run(["clang", "-ftime-trace", "-c", "a.c", "-o", "a.o"], tmp)
        scrub(os.path.join(tmp, "a.json"), out("clang_time_trace.json"), tmp)
        # cmake: B/E events of every command, nested, on one thread.
        os.mkdir(os.path.join(tmp, "proj"))
        with open(os.path.join(tmp, "proj", "CMakeLists.txt"), "w") as f:
            f.write("cmake_minimum_required(VERSION 3.20)\nproject(t NONE)\n"
                    "foreach(i RANGE 3)\n  message(STATUS \"step ${i}\")\nendforeach()\n")
        run(["cmake", "-S", "proj", "-B", "proj/build", "--profiling-format=google-trace",
             "--profiling-output=cmake_trace.json"], tmp)
        scrub(os.path.join(tmp, "cmake_trace.json"), out("cmake_trace.json"), tmp)
        # Node: X, B/E and async b/e events, several threads.
        with open(os.path.join(tmp, "n.js"), "w") as f:
            f.write("let s = 0; for (let i = 0; i < 3e6; i++) s += i;\n"
                    "setTimeout(() => { require('fs').writeFileSync('s.txt', String(s)); }, 20);\n")
        run(["node", "--trace-event-categories", "v8,node,node.async_hooks",
             "--trace-events-enabled", "n.js"], tmp)
        scrub(os.path.join(tmp, "node_trace.1.log"), out("node_trace.json"), tmp)
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    pandas_files()
    trace_files()
    print("pandas", pd.__version__, file=sys.stderr)
