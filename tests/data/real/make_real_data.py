#!/usr/bin/python3
"""Produce real-cluster timetables for lbsim's tests from real Dask and
ipyparallel runs on this machine.

Usage (Debian 12, packages python3-distributed python3-ipyparallel
python3-pandas; use Debian's /usr/bin/python3):

    /usr/bin/python3 make_real_data.py all          # everything below
    /usr/bin/python3 make_real_data.py ipp          # ipp_*.json
    /usr/bin/python3 make_real_data.py dask-local   # dask_local_2x2_*
    /usr/bin/python3 make_real_data.py dask-cli     # dask_scheduler_worker_*

Then run compute_expected.py to (re)write the *.expected.json sidecars.

Everything is written beside this script.  All scratch state (IPython
profile, Jupyter runtime files, dask worker space, scheduler file, logs,
temporary files) goes into ./.scratch, which is deleted at the end.  Every
listening socket is bound to 127.0.0.1; every process started here is
stopped here.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCRATCH = os.path.join(HERE, ".scratch")

# --- keep every side effect inside this folder (set before other imports) ---
os.makedirs(SCRATCH, exist_ok=True)
for var, sub in [
    ("HOME", "home"),
    ("IPYTHONDIR", "ipython"),
    ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"),
    ("JUPYTER_DATA_DIR", "jupyter-data"),
    ("JUPYTER_CONFIG_DIR", "jupyter-config"),
    ("TMPDIR", "tmp"),
    ("DASK_TEMPORARY_DIRECTORY", "dask-tmp"),
    ("XDG_CACHE_HOME", "cache"),
    ("XDG_CONFIG_HOME", "config"),
    ("MPLCONFIGDIR", "mpl"),
]:
    p = os.path.join(SCRATCH, sub)
    os.makedirs(p, exist_ok=True)
    os.environ[var] = p
os.environ["DASK_CONFIG"] = os.path.join(SCRATCH, "dask-config")
os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
sys.dont_write_bytecode = True

import datetime  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

import numpy  # noqa: E402

N_ENGINES = 12


# ----------------------------------------------------------------- workloads
def bimodal(n=146, n_long=12, long_s=1.0, short_s=0.2):
    """task i sleeps long_s when i < n_long, else short_s (submission order)."""
    return [long_s if i < n_long else short_s for i in range(n)]


def gamma(n=60, seed=9527):
    """numpy.random.RandomState(9527).gamma(7.5, 0.5, 60) * 0.1 seconds."""
    return [float(x) for x in numpy.random.RandomState(seed).gamma(7.5, 0.5, n) * 0.1]


def sleep_task(d):
    """The task body: sleep d seconds with time.sleep, return d."""
    import time

    time.sleep(d)
    return d


def versions():
    import dask
    import distributed
    import ipyparallel
    import pandas
    import zmq

    return {
        "python": platform.python_version(),
        "ipyparallel": ipyparallel.__version__,
        "distributed": distributed.__version__,
        "dask": dask.__version__,
        "pandas": pandas.__version__,
        "numpy": numpy.__version__,
        "pyzmq": zmq.__version__,
    }


def machine():
    try:
        deb = open("/etc/debian_version").read().strip()
    except OSError:
        deb = "?"
    return {
        "os": f"Debian {deb}",
        "kernel": platform.release(),
        "cpus": os.cpu_count(),
    }


def out(name):
    return os.path.join(HERE, name)


def write_json(name, obj, **kw):
    with open(out(name), "w") as f:
        json.dump(obj, f, indent=1, **kw)
        f.write("\n")
    print(f"wrote {name} ({os.path.getsize(out(name))} bytes)", flush=True)


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def listening_sockets():
    """`ss -ltnH` lines (for the record: everything should be 127.0.0.1)."""
    try:
        return subprocess.run(
            ["ss", "-ltnH"], capture_output=True, text=True, check=False
        ).stdout.splitlines()
    except OSError:
        return []


BASELINE_LISTENERS = None  # listeners that existed before this script started


def check_loopback_only(where):
    """Warn about non-loopback listeners that were not there at start-up."""
    bad = []
    for line in listening_sockets():
        parts = line.split()
        if len(parts) >= 4 and parts[3] in BASELINE_LISTENERS:
            continue
        if len(parts) < 4:
            continue
        local = parts[3]
        if not (local.startswith("127.") or local.startswith("[::1]")):
            bad.append(line)
    print(f"[{where}] listeners: " + ", ".join(
        ln.split()[3] for ln in listening_sockets() if len(ln.split()) >= 4), flush=True)
    if bad:
        print(f"WARNING [{where}]: non-loopback listeners:\n  " + "\n  ".join(bad))
    return bad


# -------------------------------------------------------------- ipyparallel
def ipp_meta_records(ar):
    """One object per message of ar, in submission order, with the 5 stamps.

    Dates are tz-aware UTC datetimes in ipyparallel 7; dumped with
    datetime.isoformat() (e.g. 2026-12-02T10:11:12.123456+00:00)."""
    recs = []
    for md in ar.metadata:
        rec = {"engine_id": md["engine_id"]}
        for k in ("submitted", "started", "completed", "received"):
            v = md[k]
            assert isinstance(v, datetime.datetime), (k, v)
            assert v.utcoffset() == datetime.timedelta(0), (k, v)
            rec[k] = v.isoformat()
        recs.append(rec)
    return recs


def ipp_run_info(ar, rc, view_desc, durations, extra=None):
    info = {
        "producer": "ipyparallel",
        "view": view_desc,
        "n_tasks": len(ar.metadata),
        "n_engines_in_cluster": len(rc.ids),
        "engine_ids_in_cluster": list(rc.ids),
        "ar_wall_time": ar.wall_time,
        "ar_serial_time": ar.serial_time,
        "durations_s_in_submission_order": durations,
        "msg_ids_in_submission_order": list(ar.msg_ids),
        "timestamp_format": "datetime.isoformat() of tz-aware UTC datetimes",
        "task": "time.sleep(d); return d",
        "versions": versions(),
        "machine": machine(),
        "recorded_at_utc": now_utc(),
    }
    if extra:
        info.update(extra)
    return info


def run_ipp():
    import ipyparallel as ipp
    from ipyparallel.client.map import Map

    cluster = ipp.Cluster(
        n=N_ENGINES,
        controller_ip="127.0.0.1",
        profile_dir=os.path.join(SCRATCH, "ipython", "profile_lbsim"),
        cluster_id="lbsim",
    )
    print("starting ipyparallel cluster (12 engines) ...", flush=True)
    rc = cluster.start_and_connect_sync()
    try:
        rc.wait_for_engines(N_ENGINES, timeout=300)
        ids = sorted(rc.ids)
        print("engines:", ids, flush=True)
        check_loopback_only("ipyparallel")
        # task scheduler settings in force (defaults of ipyparallel 7.1)
        from ipyparallel.controller.task_scheduler import TaskScheduler

        sched = {
            "TaskScheduler.scheme_name(default)": TaskScheduler.scheme_name.default_value,
            "TaskScheduler.hwm(default)": TaskScheduler.hwm.default_value,
            "config_overrides": "none",
        }

        # warm-up: every engine imports time and runs one tiny task
        rc[:].apply_sync(sleep_task, 0.0)
        lv = rc.load_balanced_view()
        lv.map_sync(sleep_task, [0.0] * 24)

        # 1a. LoadBalancedView.map, bimodal, 12 engines
        durs = bimodal()
        ar = lv.map(sleep_task, durs, block=False)  # chunksize=1: one msg per task
        ar.get()
        assert len(ar.metadata) == len(durs)
        write_json("ipp_bimodal_lb_meta.json", ipp_meta_records(ar))
        write_json(
            "ipp_bimodal_lb_meta.json.run.json",
            ipp_run_info(
                ar, rc, "rc.load_balanced_view().map(sleep_task, durations) "
                "(chunksize=1, ordered=True)", durs, {"scheduler": sched},
            ),
        )

        # 1b. DirectView map. rc[:].map sends ONE message per engine (its
        # contiguous chunk), so ar.metadata has 12 entries, not 146.  Record
        # that real run too, then the per-task version: each task of chunk k
        # submitted with rc[target_k].apply_async, in partition order.
        dv = rc[:]
        targets = list(dv.targets) if not isinstance(dv.targets, str) else ids
        ar = dv.map(sleep_task, durs, block=False)
        ar.get()
        chunks = [Map().getPartition(list(range(len(durs))), k, len(targets))
                  for k in range(len(targets))]
        write_json("ipp_bimodal_direct_chunks_meta.json", ipp_meta_records(ar))
        write_json(
            "ipp_bimodal_direct_chunks_meta.json.run.json",
            ipp_run_info(
                ar, rc, "rc[:].map(sleep_task, durations): one message per "
                "engine chunk (NOT per task)", durs,
                {"chunk_task_indices": chunks, "chunk_targets": targets,
                 "note": "each record covers a whole chunk of tasks run "
                 "back to back on one engine"},
            ),
        )

        ars = []
        owner = []
        for k, tgt in enumerate(targets):
            for i in chunks[k]:
                ars.append(rc[tgt].apply_async(sleep_task, durs[i]))
                owner.append(i)
        assert owner == list(range(len(durs))), "partition is not contiguous"
        mar = ipp.AsyncResult(rc, [a.msg_ids[0] for a in ars], owner=False)
        mar.get()
        write_json("ipp_bimodal_direct_meta.json", ipp_meta_records(mar))
        write_json(
            "ipp_bimodal_direct_meta.json.run.json",
            ipp_run_info(
                mar, rc,
                "per-task emulation of rc[:].map: DirectView map gives one "
                "metadata record per engine chunk, so each task i of chunk k "
                "(ipyparallel.client.map.Map().getPartition, contiguous) was "
                "submitted with rc[targets[k]].apply_async(sleep_task, d_i), "
                "chunk 0 first, i.e. in submission order 0..145; engines run "
                "their MUX queue in order",
                durs,
                {"chunk_task_indices": chunks, "chunk_targets": targets,
                 "ar_wall_time_note": "from an AsyncResult built over the "
                 "146 msg_ids"},
            ),
        )

        # 1c. LoadBalancedView on engines [2, 3] only, 20 tasks of 0.1 s
        lv23 = rc.load_balanced_view([2, 3])
        durs_s = [0.1] * 20
        ar = lv23.map(sleep_task, durs_s, block=False)
        ar.get()
        recs = ipp_meta_records(ar)
        assert {r["engine_id"] for r in recs} <= {2, 3}
        write_json("ipp_subset_lb_meta.json", recs)
        write_json(
            "ipp_subset_lb_meta.json.run.json",
            ipp_run_info(ar, rc, "rc.load_balanced_view([2, 3]).map(sleep_task, "
                         "[0.1]*20)", durs_s, {"scheduler": sched,
                         "view_targets": [2, 3]}),
        )

        # extra: gamma workload, LoadBalancedView on all 12 engines
        durs_g = gamma()
        ar = lv.map(sleep_task, durs_g, block=False)
        ar.get()
        write_json("ipp_gamma_lb_meta.json", ipp_meta_records(ar))
        write_json(
            "ipp_gamma_lb_meta.json.run.json",
            ipp_run_info(ar, rc, "rc.load_balanced_view().map(sleep_task, "
                         "durations)", durs_g, {"scheduler": sched,
                         "durations_source": "numpy.random.RandomState(9527)"
                         ".gamma(7.5, 0.5, 60) * 0.1"}),
        )
    finally:
        print("stopping ipyparallel cluster ...", flush=True)
        try:
            rc.close()
        except Exception as e:  # pragma: no cover
            print("rc.close:", e)
        cluster.stop_cluster_sync()


# --------------------------------------------------------------------- dask
def dump_task_stream(name, data, keys, durations, desc, extra=None):
    import pandas

    write_json(name, data, default=str)
    csv = None
    if extra and extra.pop("_csv", False):
        csv = name[: -len(".json")] + ".csv"
        pandas.DataFrame(data).to_csv(out(csv))
        print(f"wrote {csv} ({os.path.getsize(out(csv))} bytes)", flush=True)
    info = {
        "producer": "dask.distributed",
        "how": desc,
        "n_records": len(data),
        "keys_in_submission_order": keys,
        "durations_s_in_submission_order": durations,
        "task": "time.sleep(d); return d",
        "json_dump": "json.dump(ts.data, f, indent=1, default=str)",
        "csv_dump": "pandas.DataFrame(ts.data).to_csv(path)" if csv else None,
        "timestamp_format": "startstops start/stop are float seconds since "
        "the Unix epoch (time.time() on the worker, shifted by the "
        "scheduler's per-worker clock offset estimate)",
        "versions": versions(),
        "machine": machine(),
        "recorded_at_utc": now_utc(),
    }
    if extra:
        info.update(extra)
    write_json(name + ".run.json", info)
    if csv:
        write_json(csv + ".run.json", dict(info, note="same run as " + name))


def _scheduler_delay(dask_worker):
    return dask_worker.scheduler_delay


def run_bag(client, durations, info):
    """Warm up, then run durations under get_task_stream.

    Each worker adds its current estimate of the scheduler clock offset
    (Worker.scheduler_delay, re-estimated at every heartbeat) to the
    start/stop it reports, so it is recorded before and after the run."""
    import distributed

    client.gather(client.map(sleep_task, [0.0] * 8, pure=False))  # warm-up
    before = client.run(_scheduler_delay)
    with distributed.get_task_stream(client) as ts:
        futs = client.map(sleep_task, durations, pure=False)
        res = client.gather(futs)
    after = client.run(_scheduler_delay)
    assert res == durations
    info["worker_scheduler_delay_s_before_run"] = before
    info["worker_scheduler_delay_s_after_run"] = after
    return ts.data, [f.key for f in futs]


def run_dask_local():
    from distributed import Client, LocalCluster

    print("starting LocalCluster(2 workers x 2 threads, processes) ...", flush=True)
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=2,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        worker_dashboard_address="127.0.0.1:0",
        local_directory=os.path.join(SCRATCH, "dask-local-space"),
    )
    client = Client(cluster)
    try:
        client.wait_for_workers(2)
        check_loopback_only("LocalCluster")
        workers = {a: w["nthreads"] for a, w in client.scheduler_info()["workers"].items()}
        desc = ("LocalCluster(n_workers=2, threads_per_worker=2, processes=True, "
                "host='127.0.0.1'); client.map(sleep_task, durations, pure=False); "
                "client.gather; captured with distributed.get_task_stream(client)")
        # 2a/2b. bimodal, 40 tasks: i < 4 sleep 1.0 s, else 0.2 s
        durs = bimodal(n=40, n_long=4)
        extra = {"_csv": True, "workers_nthreads": workers}
        data, keys = run_bag(client, durs, extra)
        dump_task_stream("dask_local_2x2_taskstream.json", data, keys, durs, desc,
                         extra)
        # extra: gamma workload on the same cluster
        durs_g = gamma()
        extra = {"workers_nthreads": workers,
                 "durations_source": "numpy.random.RandomState("
                 "9527).gamma(7.5, 0.5, 60) * 0.1"}
        data, keys = run_bag(client, durs_g, extra)
        dump_task_stream("dask_local_2x2_gamma_taskstream.json", data, keys, durs_g,
                         desc, extra)
    finally:
        client.close()
        cluster.close()


def run_dask_cli():
    from distributed import Client

    logs = os.path.join(SCRATCH, "dask-cli-logs")
    os.makedirs(logs, exist_ok=True)
    sched_file = os.path.join(SCRATCH, "dask-scheduler.json")
    if os.path.exists(sched_file):
        os.remove(sched_file)
    procs = []

    def start(name, argv):
        f = open(os.path.join(logs, name + ".log"), "w")
        p = subprocess.Popen(argv, stdout=f, stderr=subprocess.STDOUT,
                             cwd=SCRATCH, start_new_session=True)
        procs.append((name, p, f))
        print(f"started {name} pid {p.pid}: {' '.join(argv)}", flush=True)
        return p

    sched_cmd = ["/usr/bin/dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
                 "--dashboard-address", "127.0.0.1:0", "--scheduler-file", sched_file]
    worker_cmd = ["/usr/bin/dask", "worker", "--scheduler-file", sched_file,
                  "--nthreads", "1", "--host", "127.0.0.1",
                  "--dashboard-address", "127.0.0.1:0",
                  "--local-directory", os.path.join(SCRATCH, "dask-cli-space")]
    try:
        start("scheduler", sched_cmd)
        for _ in range(300):
            if os.path.exists(sched_file) and os.path.getsize(sched_file) > 0:
                break
            time.sleep(0.1)
        time.sleep(0.5)
        start("worker-1", worker_cmd + ["--name", "w1"])
        start("worker-2", worker_cmd + ["--name", "w2"])
        client = Client(scheduler_file=sched_file)
        try:
            client.wait_for_workers(2, timeout=120)
            check_loopback_only("dask CLI")
            workers = {a: w["nthreads"] for a, w in client.scheduler_info()["workers"].items()}
            durs = [0.1] * 30
            extra = {"workers_nthreads": workers,
                     "scheduler_cmd": " ".join(sched_cmd),
                     "worker_cmd": " ".join(worker_cmd)}
            data, keys = run_bag(client, durs, extra)
            dump_task_stream(
                "dask_scheduler_worker_taskstream.json", data, keys, durs,
                "`" + " ".join(sched_cmd[:-1]) + " <file>` + 2x `"
                + " ".join(worker_cmd[:-2]) + " --name w1|w2`; "
                "client.map(sleep_task, [0.1]*30, pure=False); gather; "
                "distributed.get_task_stream(client)",
                extra,
            )
        finally:
            client.close()
    finally:
        for name, p, f in reversed(procs):
            if p.poll() is None:
                os.kill(p.pid, signal.SIGTERM)  # by pid: process we started
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)  # its own session only
                    p.wait()
            f.close()
            print(f"stopped {name} (rc={p.returncode})", flush=True)


def main(argv):
    global BASELINE_LISTENERS
    BASELINE_LISTENERS = {ln.split()[3] for ln in listening_sockets()
                          if len(ln.split()) >= 4}
    what = argv[1] if len(argv) > 1 else "all"
    steps = {"ipp": run_ipp, "dask-local": run_dask_local, "dask-cli": run_dask_cli}
    todo = list(steps) if what == "all" else [what]
    keep = "--keep-scratch" in argv
    try:
        for s in todo:
            steps[s]()
    finally:
        if not keep:
            shutil.rmtree(SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv)
