#!/usr/bin/python3
"""Write <file>.expected.json for every timetable file in this folder.

Independent of the producers: it uses only the standard library (json, csv,
ast, datetime, math) and reads nothing but the raw data file; the
producer's own numbers (ipyparallel's ar.wall_time / ar.serial_time) are
read from the <file>.run.json sidecar only for the separate "cross_check"
entry, never to compute the expected values.

Usage:  python3 compute_expected.py            (any Python >= 3.7)
"""
import ast
import csv
import datetime
import glob
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
UTC = datetime.timezone.utc


def iso(ts):
    return datetime.datetime.fromtimestamp(ts, UTC).isoformat()


def overlaps(by_engine):
    """Pairs of tasks, consecutive by start on the same engine, where the
    later one starts before the earlier one ends (real data can have this)."""
    n, worst = 0, 0.0
    for spans in by_engine.values():
        spans = sorted(spans)
        for (s0, e0), (s1, e1) in zip(spans, spans[1:]):
            if s1 < e0:
                n += 1
                worst = max(worst, e0 - s1)
    return n, worst


def end_to_end(by_engine, fix=1.0, rounding=1e-6):
    """lbsim's rule for Dask's clock-offset overlaps, done here on floats: on each
    engine, in order of start, a task that starts before the latest end so far (and
    lasts past that point) is moved to start at that end, keeping its duration, when
    the overlap is at most `fix` seconds; overlaps up to `rounding` only move its
    start. Returns (tasks moved, largest overlap, earliest start, latest end)."""
    moved, worst = 0, 0.0
    first, last = math.inf, -math.inf
    for spans in by_engine.values():
        spans = sorted(spans)
        latest = None
        for s, e in spans:
            first = min(first, s)
            if latest is not None and s < min(latest, e):
                by = latest - s
                assert by <= fix, by
                if by <= rounding:
                    s = min(latest, e)
                else:
                    s, e = latest, latest + (e - s)
                    moved += 1
                    worst = max(worst, by)
            last = max(last, e)
            latest = e if latest is None else max(latest, e)
    return moved, worst, first, last


# ------------------------------------------------------------ ipyparallel
def parse_dt(s):
    d = datetime.datetime.fromisoformat(s)
    assert d.utcoffset() == datetime.timedelta(0), s
    return d


def us(td):
    """timedelta -> exact integer microseconds"""
    return (td.days * 86400 + td.seconds) * 1000000 + td.microseconds


def expected_ipp(path):
    recs = json.load(open(path))
    assert isinstance(recs, list) and recs
    rows = []
    for r in recs:
        assert set(r) == {"engine_id", "submitted", "started", "completed", "received"}, r
        rows.append({k: (v if k == "engine_id" else parse_dt(v)) for k, v in r.items()})
    engines = sorted({r["engine_id"] for r in rows})
    per = {}
    by_engine = {}
    for r in rows:
        per[r["engine_id"]] = per.get(r["engine_id"], 0) + 1
        by_engine.setdefault(r["engine_id"], []).append(
            (us(r["started"] - rows[0]["started"]), us(r["completed"] - rows[0]["started"])))
    i_first = min(range(len(rows)), key=lambda i: rows[i]["started"])
    i_last = max(range(len(rows)), key=lambda i: rows[i]["completed"])
    start = rows[i_first]["started"]
    end = rows[i_last]["completed"]
    serial_us = sum(us(r["completed"] - r["started"]) for r in rows)
    first_sub = min(r["submitted"] for r in rows)
    last_recv = max(r["received"] for r in rows)
    n_ov, worst_ov = overlaps(by_engine)
    exp = {
        "file": os.path.basename(path),
        "producer": "ipyparallel",
        "fields_used": {
            "engine": "engine_id",
            "task start": "started",
            "task end": "completed",
            "wall_time": "max(received) - min(submitted)",
            "task order": "list order = submission order",
        },
        "timestamp_format": "ISO-8601 strings with +00:00 (datetime.isoformat() "
        "of tz-aware UTC datetimes), microsecond resolution",
        "n_tasks": len(rows),
        "engines": engines,
        "n_engines": len(engines),
        "tasks_per_engine": {str(k): per[k] for k in engines},
        "earliest_start": recs[i_first]["started"],
        "latest_end": recs[i_last]["completed"],
        "wall_s": us(end - start) / 1e6,
        "wall_us": us(end - start),
        "serial_s": serial_us / 1e6,
        "serial_us": serial_us,
        "first_submitted": first_sub.isoformat(),
        "last_received": last_recv.isoformat(),
        "wall_time_s": us(last_recv - first_sub) / 1e6,
        "wall_time_us": us(last_recv - first_sub),
        "same_engine_overlapping_pairs": n_ov,
        "same_engine_max_overlap_s": worst_ov / 1e6,
        "notes": "wall = latest completed - earliest started; serial = sum over "
        "tasks of (completed - started), summed exactly in integer "
        "microseconds; *_s = *_us / 1e6",
    }
    run = path + ".run.json"
    if os.path.exists(run):
        r = json.load(open(run))
        exp["cross_check"] = {
            "source": os.path.basename(run),
            "ar_wall_time": r.get("ar_wall_time"),
            "ar_serial_time": r.get("ar_serial_time"),
            "ar_wall_time_equals_wall_time_s": abs(r.get("ar_wall_time") - exp["wall_time_s"]) < 1e-9,
            "ar_serial_time_equals_serial_s_within_1e-9": abs(r.get("ar_serial_time") - exp["serial_s"]) < 1e-9,
            "n_engines_in_cluster": r.get("n_engines_in_cluster"),
        }
    return exp


# ------------------------------------------------------------------- dask
def expected_dask(path, recs, how):
    has_thread = [("thread" in r and r["thread"] is not None) for r in recs]
    thread_all = all(has_thread)
    tasks = []
    actions = set()
    for r in recs:
        ss = r["startstops"]
        actions.update(s["action"] for s in ss)
        comp = [s for s in ss if s["action"] == "compute"]
        assert len(comp) == 1, r
        eng = (r["worker"], r["thread"]) if thread_all else (r["worker"],)
        tasks.append((eng, float(comp[0]["start"]), float(comp[0]["stop"]), r["key"]))
    engines = sorted({t[0] for t in tasks})
    workers = sorted({t[0][0] for t in tasks})
    per = {}
    by_engine = {}
    for eng, s, e, _ in tasks:
        per[eng] = per.get(eng, 0) + 1
        by_engine.setdefault(eng, []).append((s, e))
    start = min(t[1] for t in tasks)
    end = max(t[2] for t in tasks)
    n_ov, worst_ov = overlaps(by_engine)
    moved, worst_moved, e2e_first, e2e_last = end_to_end(by_engine)
    serial_plain = 0.0
    for t in tasks:
        serial_plain += t[2] - t[1]
    return {
        "file": os.path.basename(path),
        "producer": "dask.distributed (distributed.get_task_stream -> ts.data)",
        "read_as": how,
        "fields_used": {
            "engine": "(worker, thread)" if thread_all else "worker",
            "task start": "startstops[action == 'compute'].start",
            "task end": "startstops[action == 'compute'].stop",
            "task id": "key (client.map keys end in -<submission index>)",
            "task order": "records are in the order the scheduler saw them "
            "finish, NOT submission order",
        },
        "thread_in_records": thread_all,
        "thread_in_n_records": sum(has_thread),
        "startstop_actions_seen": sorted(actions),
        "timestamp_format": "float seconds since the Unix epoch (UTC)",
        "n_tasks": len(tasks),
        "engines": [list(e) for e in engines],
        "n_engines": len(engines),
        "workers": workers,
        "n_workers": len(workers),
        "tasks_per_engine": [[list(e), per[e]] for e in engines],
        "earliest_start": start,
        "latest_end": end,
        "earliest_start_iso": iso(start),
        "latest_end_iso": iso(end),
        "wall_s": end - start,
        "serial_s": math.fsum(t[2] - t[1] for t in tasks),
        "serial_s_plain_sum_in_record_order": serial_plain,
        "same_engine_overlapping_pairs": n_ov,
        "same_engine_max_overlap_s": worst_ov,
        "end_to_end": {
            "rule": "lbsim's: on each engine, in order of start, a task that starts "
            "before the latest end so far is moved to start there, keeping its "
            "duration, when the overlap is at most 1 s (up to 1e-6 s only its start "
            "moves); the serial time does not change",
            "tasks_moved": moved,
            "max_overlap_s": worst_moved,
            "wall_s": e2e_last - e2e_first,
        },
        "notes": "wall = max(compute stop) - min(compute start) as a float "
        "subtraction; serial = math.fsum over tasks of (compute stop - compute "
        "start), each difference a float subtraction. Same-engine overlaps "
        "come from Dask itself: each worker adds its current "
        "Worker.scheduler_delay estimate (re-estimated at every heartbeat) to "
        "the start/stop it reports.",
    }


def expected_dask_json(path):
    recs = json.load(open(path))
    return expected_dask(path, recs, "json.load")


def expected_dask_csv(path):
    recs = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            rec = dict(row)
            rec["startstops"] = ast.literal_eval(row["startstops"])
            if row.get("thread", "") != "":
                rec["thread"] = int(row["thread"])
            else:
                rec.pop("thread", None)
            recs.append(rec)
    return expected_dask(path, recs, "csv.DictReader; startstops via "
                         "ast.literal_eval; thread via int()")


def main():
    made = []
    for path in sorted(glob.glob(os.path.join(HERE, "*"))):
        name = os.path.basename(path)
        if name.endswith((".expected.json", ".run.json")):
            continue
        if name.startswith("ipp_") and name.endswith(".json"):
            exp = expected_ipp(path)
        elif name.startswith("dask_") and name.endswith(".json"):
            exp = expected_dask_json(path)
        elif name.startswith("dask_") and name.endswith(".csv"):
            exp = expected_dask_csv(path)
        else:
            continue
        with open(path + ".expected.json", "w") as f:
            json.dump(exp, f, indent=1)
            f.write("\n")
        made.append(exp)
        print("%-46s tasks=%-4d engines=%-3d wall=%.6f serial=%.6f overlaps=%d"
              % (name, exp["n_tasks"], exp["n_engines"], exp["wall_s"],
                 exp["serial_s"], exp["same_engine_overlapping_pairs"])
              + ("  wall_time=%.6f" % exp["wall_time_s"] if "wall_time_s" in exp else ""))
    # the CSV must give exactly what its JSON twin gives
    by = {e["file"]: e for e in made}
    for name, e in by.items():
        if name.endswith(".csv"):
            twin = by.get(name[:-4] + ".json")
            if twin:
                for k in ("n_tasks", "engines", "earliest_start", "latest_end",
                          "wall_s", "serial_s", "thread_in_records"):
                    assert e[k] == twin[k], (name, k, e[k], twin[k])
                print(name, "agrees exactly with", twin["file"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
