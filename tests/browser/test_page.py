#!/usr/bin/env python3
"""The interactive page in a real browser: headless Chromium driven by Selenium.

    test_page.py LBSIM WORKDIR

Makes pages with lbsim (the seed's bimodal direct,lb comparison, an imported
timetable whose worker name and title are HTML, and 100,000 tasks), loads each from a
file URL and checks what a user would see:

  - the page logs no console error;
  - with the clock at half the makespan, and at the very end of a task, each panel's
    counter equals the number of tasks whose end is <= t in the page's own embedded
    data, and every bar is drawn clipped to that time (from its start to min(end, t),
    nothing before its start);
  - hovering a known bar shows that task's id, engine and times;
  - play, the speed menu, the keys and a click on an engine's label work;
  - at the end of the clock a screenshot of the figure matches the static PNG of the
    same run: within 2% of its pixels overall (text is drawn by two engines), within
    0.1% inside the plot areas (bars, grid, lines);
  - a worker named </script><script>alert(...)</script> and an HTML title are shown as
    text and run nothing;
  - 100,000 tasks: the page's size, its first paint and the time a scrub takes.

Exit status: 0 passed, 1 failed, 77 (skipped) only when Chromium cannot start here; the
reason is printed.
"""
import base64
import gzip
import html.parser
import json
import os
import shutil
import subprocess
import sys
import time

SKIP = 77

# Measured figures, printed at the end (and read by lbsim-bench).
measured = {}
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)
    return cond


def lbsim(binary, *args, cwd):
    run = subprocess.run([binary, *args], cwd=cwd, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit("lbsim %s failed (%d): %s" % (" ".join(args), run.returncode, run.stderr))
    return run.stdout


class RunData(html.parser.HTMLParser):
    """The JSON documents of a page's <script class="lbsim-run"> elements."""

    def __init__(self):
        super().__init__()
        self.runs = {}
        self._open = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and "lbsim-run" in (a.get("class") or "").split():
            self._open = (int(a["data-panel"]), a.get("type"), [])

    def handle_data(self, data):
        if self._open is not None:
            self._open[2].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._open is not None:
            panel, kind, parts = self._open
            text = "".join(parts)
            if kind == "application/json":
                self.runs[panel] = json.loads(text)
            else:
                self.runs[panel] = json.loads(gzip.decompress(base64.b64decode(text)))
            self._open = None


def page_runs(path):
    p = RunData()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return [p.runs[k] for k in sorted(p.runs)]


def start_browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as e:
        print("browser test skipped: cannot start Chromium: Selenium is not installed (%s); "
              "on Debian: apt-get install chromium chromium-driver python3-selenium" % e)
        sys.exit(SKIP)
    opts = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1400,1100", "--force-device-scale-factor=1",
              "--hide-scrollbars", "--font-render-hinting=none"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # Debian's chromium-driver installs chromedriver on the PATH.
    driver_path = shutil.which("chromedriver")
    try:
        service = Service(driver_path) if driver_path else Service()
        return webdriver.Chrome(service=service, options=opts)
    except Exception as e:  # any failure to start the browser itself
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        print("browser test skipped: cannot start Chromium: %s" % first)
        sys.exit(SKIP)


def console_errors(driver):
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def load(driver, path):
    driver.get("file://" + os.path.abspath(path))
    driver.set_script_timeout(30)
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.lbsim.ready.then(() => done(true), (e) => done(String(e)));")


def first_paint(driver):
    """The page's first contentful paint in ms after navigation (it may come just after
    the load event, so it is waited for), or None."""
    return driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const seen = performance.getEntriesByName('first-contentful-paint');
        if (seen.length) { done(seen[0].startTime); return; }
        new PerformanceObserver(function (list) {
          const e = list.getEntriesByName('first-contentful-paint');
          if (e.length) { done(e[0].startTime); }
        }).observe({ type: 'paint', buffered: true });
        setTimeout(function () { done(null); }, 5000);""")


def state(driver):
    return driver.execute_script("return window.lbsim.state();")


def bars(driver):
    """Every task bar: panel, engine, first task, merged count, x and width."""
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('#figure g.bars rect[data-t]'), function (r) {
          return [parseInt(r.parentNode.parentNode.getAttribute('data-panel'), 10),
                  parseInt(r.parentNode.getAttribute('data-e'), 10),
                  parseInt(r.getAttribute('data-t'), 10),
                  parseInt(r.getAttribute('data-n') || '1', 10),
                  parseFloat(r.getAttribute('x')), parseFloat(r.getAttribute('width'))];
        });""")


def check_clock(driver, runs, label):
    """Counters and clipped bars at half the makespan, and at the very end of a task
    (which has then finished: end <= t)."""
    full = bars(driver)
    ends = sorted(r["end"] for r in runs[0]["records"])
    for t in (max(r["metrics"]["wall_s"] for r in runs) / 2, ends[len(ends) // 3]):
        check_clock_at(driver, runs, label, full, t)
    return t


def check_clock_at(driver, runs, label, full, t):
    driver.execute_script("window.lbsim.seek(arguments[0]);", t)
    st = state(driver)
    check(abs(st["t"] - t) < 1e-12, "%s: clock at %g, expected %g" % (label, st["t"], t))
    for k, (run, p) in enumerate(zip(runs, st["panels"])):
        ends = [r["end"] for r in run["records"]]
        done = sum(1 for e in ends if e <= t)
        shown = min(t, run["metrics"]["wall_s"])
        decimals = driver.execute_script(
            "return parseInt(document.querySelector('g.clock[data-panel=\"%d\"]')"
            ".getAttribute('data-decimals'), 10);" % k)
        want = "%d/%d tasks finished after %.*f s" % (done, len(ends), decimals, shown)
        check(p["counter"] == want, "%s panel %d: counter %r, expected %r" %
              (label, k, p["counter"], want))
    now = bars(driver)
    by_task = [{r["task"]: r for r in run["records"]} for run in runs]
    checked = 0
    for (k, e, task, n, x0, w0), (_, _, _, _, x, w) in zip(full, now):
        p = st["panels"][k]
        scale = (p["right"] - p["left"]) / p["xmax"]
        r = by_task[k][task]
        check(r["engine"] == e, "%s: bar of task %d on engine %d, data says %d" %
              (label, task, e, r["engine"]))
        xs = p["left"] + r["start"] * scale
        check(abs(x - xs) < 0.011, "%s: task %d starts at x %g, expected %g" % (label, task, x, xs))
        if n > 1:
            want = max(0.0, min(w0, p["left"] + t * scale - x0))
        elif r["end"] <= t:
            want = w0
        elif r["start"] >= t:
            want = 0.0
        else:
            want = (t - r["start"]) * scale
        check(abs(w - want) < 0.011, "%s: task %d drawn %g px wide at t=%g, expected %g" %
              (label, task, w, t, want))
        checked += 1
    check(checked > 0, "%s: no bars" % label)


def check_hover(driver, runs, panel, task):
    from selenium.webdriver.common.action_chains import ActionChains
    r = next(x for x in runs[panel]["records"] if x["task"] == task)
    el = driver.find_element(
        "css selector", '#figure g.bars[data-panel="%d"] rect[data-t="%d"]' % (panel, task))
    ActionChains(driver).move_to_element(el).perform()
    tip = driver.find_element("id", "tip")
    text = tip.text
    names = runs[panel].get("engine_names") or []
    engine = names[r["engine"]] if r["engine"] < len(names) and names[r["engine"]] else str(r["engine"])
    want = ["task %d on engine %s" % (task, engine),
            "start %.3f s, end %.3f s, duration %.3f s" % (r["start"], r["end"], r["end"] - r["start"]),
            "order on its engine: %d" % (r["order"] + 1)]
    check(tip.is_displayed(), "hover on task %d shows no tooltip" % task)
    for line in want:
        check(line in text, "tooltip of task %d lacks %r: %r" % (task, line, text))
    driver.execute_script(
        "document.getElementById('figure').dispatchEvent(new MouseEvent('mouseleave'));")
    return text


def check_controls(driver):
    from selenium.webdriver.common.keys import Keys
    end = state(driver)["end"]
    driver.execute_script("window.lbsim.seek(0);")
    body = driver.find_element("tag name", "body")
    body.send_keys(Keys.ARROW_RIGHT)
    check(abs(state(driver)["t"] - end / 100) < 1e-9, "Right arrow steps by 1/100 of the clock")
    body.send_keys(Keys.SHIFT, Keys.ARROW_RIGHT)
    check(abs(state(driver)["t"] - end * 11 / 100) < 1e-9, "Shift+Right steps by 1/10")
    body.send_keys(Keys.ARROW_LEFT)
    check(abs(state(driver)["t"] - end / 10) < 1e-9, "Left arrow steps back")
    driver.execute_script(
        "const s = document.getElementById('speed'); s.value = '8';"
        "s.dispatchEvent(new Event('change'));")
    check(state(driver)["speed"] == 8, "speed menu sets 8x")
    body.send_keys(" ")
    time.sleep(0.4)
    st = state(driver)
    check(st["playing"], "Space starts playing")
    check(st["t"] > end / 10 + 0.5, "the clock runs at 8x: %g after 0.4 s" % st["t"])
    body.send_keys(" ")
    t1 = state(driver)["t"]
    time.sleep(0.2)
    check(not state(driver)["playing"] and state(driver)["t"] == t1, "Space pauses")
    # The slider scrubs.
    driver.execute_script(
        "const s = document.getElementById('clock'); s.value = arguments[0];"
        "s.dispatchEvent(new Event('input'));", end / 4)
    check(abs(state(driver)["t"] - end / 4) < 1e-9, "the slider sets the clock")
    # Play to the end: the clock stops there and the figure is whole again.
    driver.execute_script("window.lbsim.seek(arguments[0]); window.lbsim.play();", end * 0.98)
    time.sleep(1.0)
    st = state(driver)
    check(not st["playing"] and st["t"] == end, "playing stops at the end (%s)" % st)


def check_highlight(driver):
    label = driver.find_element("css selector", '#figure text.engine[data-panel="0"][data-e="0"]')
    label.click()
    on = driver.execute_script("""
        const g = document.querySelector('#figure g.bars[data-panel="0"]');
        return [g.classList.contains('dim'),
                g.querySelector('g[data-e="0"]').classList.contains('on'),
                g.querySelectorAll('g.on').length];""")
    check(on == [True, True, 1], "clicking engine 0's label highlights its tasks: %s" % on)
    label.click()
    off = driver.execute_script(
        "return document.querySelector('#figure g.bars[data-panel=\"0\"]').classList.contains('dim');")
    check(off is False, "a second click clears the highlight")


def compare_with_png(driver, png_path, label):
    """Fraction of the figure's pixels that differ visibly from the static PNG."""
    from io import BytesIO
    from PIL import Image, ImageChops
    driver.execute_script("window.lbsim.seek(window.lbsim.state().end); window.scrollTo(0, 0);")
    shot = Image.open(BytesIO(driver.find_element("id", "figure").screenshot_as_png)).convert("RGB")
    ref = Image.open(png_path).convert("RGB")
    if not check(shot.size == ref.size, "%s: screenshot %s, PNG %s" % (label, shot.size, ref.size)):
        return None
    diff = ImageChops.difference(shot, ref).convert("L")
    hist = diff.histogram()
    total = shot.size[0] * shot.size[1]
    visible = sum(hist[49:]) / total
    measured[label + " pixels differing"] = visible
    # Text is drawn by two engines; inside the plot areas there is none, so bars,
    # grid and lines must be the PNG's.
    boxes = driver.execute_script("""
        return Array.from(document.querySelectorAll('#figure g.clock'), function (g) {
          return ['data-left', 'data-top', 'data-right', 'data-bottom'].map(function (a) {
            return parseFloat(g.getAttribute(a));
          });
        });""")
    for left, top, right, bottom in boxes:
        area = diff.crop((int(left) + 2, int(top) + 2, int(right) - 2, int(bottom) - 2))
        h = area.histogram()
        inside = sum(h[49:]) / (area.size[0] * area.size[1])
        check(inside < 0.001, "%s: the plot area differs from the PNG in %.3f%% of its pixels"
              % (label, inside * 100))
    return visible


def seed_comparison(driver, binary, work):
    common = ["--virtual", "--workload", "bimodal", "--policy", "direct,lb", "--quiet"]
    lbsim(binary, *common, "--out", "cmp.html", cwd=work)
    lbsim(binary, *common, "--out", "cmp.png", cwd=work)
    path = os.path.join(work, "cmp.html")
    measured["seed comparison page bytes"] = os.path.getsize(path)
    runs = page_runs(path)
    check(len(runs) == 2, "two runs embedded, got %d" % len(runs))
    load(driver, path)
    fcp = first_paint(driver)
    measured["seed comparison first paint ms"] = fcp
    check(fcp is not None and fcp <= 1500 * 3, "first paint after %s ms" % fcp)
    st = state(driver)
    check(st["t"] == st["end"], "the page opens on the whole figure")
    check(abs(st["end"] - max(r["metrics"]["wall_s"] for r in runs)) < 1e-12,
          "the shared clock ends at the longest makespan")
    check_clock(driver, runs, "seed comparison")
    # At half the makespan lb has finished and direct has not.
    check(st["panels"][1]["tasks"] == 146, "lb panel has 146 tasks")
    driver.execute_script("window.lbsim.seek(window.lbsim.state().end);")
    check_hover(driver, runs, 1, 0)
    check_hover(driver, runs, 0, 11)
    check_highlight(driver)
    check_controls(driver)
    visible = compare_with_png(driver, os.path.join(work, "cmp.png"), "seed comparison")
    if visible is not None:
        check(visible < 0.02, "final state differs from the static PNG in %.2f%% of pixels"
              % (visible * 100))
    errors = console_errors(driver)
    check(not errors, "console errors: %s" % errors)


EVIL = "</script><script>alert(1)</script>"


def injection(driver, binary, work):
    csv = os.path.join(work, "evil.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write("worker,start,end\n")
        f.write('"%s",0,1\n' % EVIL)
        f.write('"%s",1,2.5\n' % EVIL)
        f.write("quiet,0,2\n")
    title = "<img src=x onerror=alert(2)>"
    lbsim(binary, "render", "evil.csv", "--out", "evil.html", "--title", title, cwd=work)
    path = os.path.join(work, "evil.html")
    load(driver, path)
    found = driver.execute_script("""
        return {
          scripts: document.querySelectorAll('script').length,
          imgs: document.querySelectorAll('img').length,
          texts: Array.from(document.querySelectorAll('#figure text'), t => t.textContent),
          title: document.title,
          alerted: window.__alerted || false
        };""")
    check(found["scripts"] == 2, "one data element and the page's script, got %d scripts"
          % found["scripts"])
    check(found["imgs"] == 0, "the title made an <img> element")
    check(found["alerted"] is False, "a script from the data ran")
    check(title in found["texts"], "the title is shown as text: %s" % found["texts"][:6])
    check(found["title"] == title, "document title %r" % found["title"])
    runs = page_runs(path)
    names = runs[0].get("engine_names") or []
    check(EVIL in names, "the worker name survives in the data: %s" % names)
    task = next(r["task"] for r in runs[0]["records"] if names[r["engine"]] == EVIL)
    tip = check_hover(driver, runs, 0, task)
    check(EVIL in tip, "the tooltip shows the worker name as text: %r" % tip)
    errors = console_errors(driver)
    check(not errors, "console errors on the injection page: %s" % errors)


def large(driver, binary, work):
    lbsim(binary, "--virtual", "--tasks", "100000", "--quiet", "--out", "big.html", cwd=work)
    path = os.path.join(work, "big.html")
    size = os.path.getsize(path)
    measured["100000 tasks page bytes"] = size
    check(size <= 3 * 1024 * 1024, "100,000 tasks page is %d bytes" % size)
    runs = page_runs(path)
    check(len(runs[0]["records"]) == 100000, "all 100,000 records embedded")
    load(driver, path)
    fcp = first_paint(driver)
    measured["100000 tasks first paint ms"] = fcp
    check(fcp is not None and fcp <= 1500 * 3, "first paint after %s ms" % fcp)
    check_clock(driver, runs, "100000 tasks")
    # Scrubbing: the clock moved to ten places, each redraw timed with the style and
    # layout it forces.
    times = driver.execute_script("""
        const out = [], end = window.lbsim.state().end;
        for (let i = 0; i < 10; i++) {
          const t0 = performance.now();
          window.lbsim.seek(end * ((i * 37) % 10) / 10);
          document.getElementById('figure').getBoundingClientRect();
          document.body.offsetHeight;
          out.push(performance.now() - t0);
        }
        return out;""")
    times.sort()
    measured["100000 tasks scrub ms (median)"] = times[len(times) // 2]
    measured["100000 tasks scrub ms (worst)"] = times[-1]
    check(times[len(times) // 2] <= 50 * 5, "scrub redraw takes %s ms" % times)
    errors = console_errors(driver)
    check(not errors, "console errors on the large page: %s" % errors)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    binary, work = os.path.abspath(sys.argv[1]), sys.argv[2]
    os.makedirs(work, exist_ok=True)
    driver = start_browser()
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
            "source": "window.alert = function () { window.__alerted = true; };"})
        seed_comparison(driver, binary, work)
        injection(driver, binary, work)
        large(driver, binary, work)
    finally:
        driver.quit()
    for k, v in measured.items():
        print("measured: %s = %s" % (k, v))
    if failures:
        print("%d checks failed" % len(failures))
        return 1
    print("browser test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
