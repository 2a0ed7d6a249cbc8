/*
 * lbsim's interactive timetable page.
 *
 * The page holds the figure as inline SVG, drawn as it is at the end of the run (the
 * static figure), and each run's data as lbsim's JSON export in a
 * script element of class "lbsim-run" (plain, or gzip + base64 when large). This
 * script adds one clock shared by every panel:
 *
 *   - at time t a bar that spans x0..x0+w is drawn from x0 to min(x0 + w, x(t)),
 *     where x(t) is t's position on its panel's time axis: bars grow while their
 *     tasks run, exactly as in the GIF's frames;
 *   - each panel shows a cursor at t and the counter
 *     "97/180 tasks finished after 2 s" (tasks whose end is <= t);
 *   - at the end of the clock the figure is the static one again.
 *
 * Controls: play/pause, a slider, the speed (1x is the run's own time), the keys
 * Space (play/pause) and Left/Right (step; with Shift, ten steps), Home and End.
 * Hovering a bar shows its task; clicking an engine's label highlights its tasks.
 *
 * Everything that comes from the data is shown with textContent, never as HTML.
 * window.lbsim exposes the clock (seek, play, pause, state) for tests and scripts.
 */
(function () {
  'use strict';

  const svg = document.getElementById('figure');
  const tip = document.getElementById('tip');
  const controls = document.getElementById('controls');
  const slider = document.getElementById('clock');
  const playButton = document.getElementById('play');
  const timeOut = document.getElementById('time');
  const speedSelect = document.getElementById('speed');

  function num(el, name) {
    return parseFloat(el.getAttribute(name));
  }

  /* One entry per panel: its time axis and plot area (from <g class="clock">), its
     bars with their full x and width, and later its run's data. */
  const panels = Array.from(svg.querySelectorAll('g.clock'), function (clock) {
    const k = clock.getAttribute('data-panel');
    const group = svg.querySelector('g.bars[data-panel="' + k + '"]');
    const bars = group ? Array.from(group.querySelectorAll('rect')) : [];
    const p = {
      clock: clock,
      group: group,
      cursor: clock.querySelector('.cursor'),
      counter: clock.querySelector('.counter'),
      left: num(clock, 'data-left'),
      right: num(clock, 'data-right'),
      xmax: num(clock, 'data-xmax'),
      wall: num(clock, 'data-wall'),
      decimals: parseInt(clock.getAttribute('data-decimals'), 10),
      bars: bars,
      x0: Float64Array.from(bars, function (r) { return num(r, 'x'); }),
      w0: Float64Array.from(bars, function (r) { return num(r, 'width'); }),
      shown: Float64Array.from(bars, function (r) { return num(r, 'width'); }),
      run: null,       /* the JSON document */
      ends: null,      /* its tasks' end times, sorted */
      byEngine: null   /* per engine, its records by start (built on first hover) */
    };
    p.x = function (t) { return p.left + t / p.xmax * (p.right - p.left); };
    p.time = function (x) { return (x - p.left) / (p.right - p.left) * p.xmax; };
    return p;
  });

  /* The shared clock runs from 0 to the longest run's end. */
  const end = panels.reduce(function (m, p) { return Math.max(m, p.wall); }, 0);
  const state = { t: end, playing: false, speed: 1, last: null };

  /* Number of values in the sorted array a that are <= v. */
  function countAtMost(a, v) {
    let lo = 0, hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid] <= v) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  function seconds(v, decimals) {
    return v.toFixed(decimals) + ' s';
  }

  /* Draws every panel as of state.t. Only bars whose drawn width changes are touched,
     so a scrub costs the bars that cross the moving cursor. */
  function draw() {
    const t = state.t;
    const done = t >= end;
    for (const p of panels) {
      const xt = done ? Infinity : p.x(t);
      for (let i = 0; i < p.bars.length; i++) {
        const w = Math.max(0, Math.min(p.w0[i], xt - p.x0[i]));
        if (w !== p.shown[i]) {
          p.bars[i].setAttribute('width', w);
          p.shown[i] = w;
        }
      }
      p.clock.setAttribute('visibility', done ? 'hidden' : 'visible');
      if (!done) {
        if (p.cursor) {
          p.cursor.setAttribute('x1', xt);
          p.cursor.setAttribute('x2', xt);
        }
        if (p.counter && p.ends) {
          /* The text lbs__clock_counter() writes into the GIF's frames. */
          p.counter.textContent = countAtMost(p.ends, t) + '/' + p.ends.length +
            ' tasks finished after ' + seconds(Math.min(t, p.wall), p.decimals);
        }
      }
    }
    slider.value = t;
    timeOut.textContent = seconds(t, 2) + ' / ' + seconds(end, 2);
  }

  function seek(t) {
    state.t = Math.min(Math.max(t, 0), end);
    draw();
  }

  function pause() {
    state.playing = false;
    playButton.textContent = '\u25b6';
    playButton.setAttribute('aria-label', 'play');
  }

  /* One animation frame: the clock advances by the real time elapsed times the
     speed. */
  function tick(now) {
    if (!state.playing) {
      return;
    }
    if (state.last !== null) {
      seek(state.t + (now - state.last) / 1000 * state.speed);
    }
    state.last = now;
    if (state.t >= end) {
      pause();
      return;
    }
    requestAnimationFrame(tick);
  }

  function play() {
    if (state.t >= end) {
      seek(0);
    }
    state.playing = true;
    state.last = null;
    playButton.textContent = '\u275a\u275a';
    playButton.setAttribute('aria-label', 'pause');
    requestAnimationFrame(tick);
  }

  function toggle() {
    if (state.playing) { pause(); } else { play(); }
  }

  /* ---- the runs' data ---- */

  /* The JSON document of a data element (a script element of class "lbsim-run"). */
  async function readRun(el) {
    if (el.type === 'application/json') {
      return JSON.parse(el.textContent);
    }
    /* gzip, base64: unpacked by the browser's own DecompressionStream. */
    const text = atob(el.textContent.trim());
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      bytes[i] = text.charCodeAt(i);
    }
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return JSON.parse(await new Response(stream).text());
  }

  async function loadRuns() {
    const els = document.querySelectorAll('script.lbsim-run');
    for (const el of els) {
      const p = panels[parseInt(el.getAttribute('data-panel'), 10)];
      if (!p) {
        continue;
      }
      p.run = await readRun(el);
      p.ends = Float64Array.from(p.run.records, function (r) { return r.end; }).sort();
    }
  }

  /* ---- hover: a bar's task ---- */

  /* The record of task id in a run (records are sorted by task). */
  function recordOf(run, id) {
    const rs = run.records;
    let lo = 0, hi = rs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (rs[mid].task === id) { return rs[mid]; }
      if (rs[mid].task < id) { lo = mid + 1; } else { hi = mid - 1; }
    }
    return null;
  }

  /* The record of engine e running at time tm, or the one nearest to it. */
  function nearestOn(p, e, tm) {
    if (!p.byEngine) {
      p.byEngine = [];
      for (const r of p.run.records) {
        (p.byEngine[r.engine] = p.byEngine[r.engine] || []).push(r);
      }
      for (const list of p.byEngine) {
        if (list) { list.sort(function (a, b) { return a.order - b.order; }); }
      }
    }
    const list = p.byEngine[e] || [];
    let lo = 0, hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].start <= tm) { lo = mid + 1; } else { hi = mid; }
    }
    const before = list[lo - 1], after = list[lo];
    if (!before) { return after || null; }
    if (!after || tm <= before.end || tm - before.end < after.start - tm) { return before; }
    return after;
  }

  function engineName(run, e) {
    const names = run.engine_names;
    return names && typeof names[e] === 'string' ? names[e] : String(e);
  }

  function describe(p, rect, event) {
    if (!rect.hasAttribute('data-t')) {
      /* A dispatch sliver: the engine obtaining its next work. */
      const length = (p.w0[p.bars.indexOf(rect)] || 0) / (p.right - p.left) * p.xmax;
      return 'dispatch: the engine obtains its next work (' + seconds(length, 3) + ')';
    }
    const e = parseInt(rect.parentNode.getAttribute('data-e'), 10);
    const first = parseInt(rect.getAttribute('data-t'), 10);
    const merged = parseInt(rect.getAttribute('data-n') || '1', 10);
    let r = recordOf(p.run, first);
    const lines = [];
    if (merged > 1) {
      const pt = new DOMPoint(event.clientX, event.clientY).matrixTransform(
        svg.getScreenCTM().inverse());
      r = nearestOn(p, e, p.time(pt.x)) || r;
      lines.push(merged + ' tasks in this bar, from task ' + first + '; nearest:');
    }
    if (!r) {
      return '';
    }
    lines.push('task ' + r.task + ' on engine ' + engineName(p.run, r.engine));
    lines.push('start ' + seconds(r.start, 3) + ', end ' + seconds(r.end, 3) +
               ', duration ' + seconds(r.end - r.start, 3));
    lines.push('order on its engine: ' + (r.order + 1));
    return lines.join('\n');
  }

  function hideTip() {
    tip.hidden = true;
  }

  svg.addEventListener('mousemove', function (event) {
    const rect = event.target;
    const group = rect.parentNode && rect.parentNode.parentNode;
    if (rect.tagName !== 'rect' || !group || !group.classList ||
        !group.classList.contains('bars')) {
      hideTip();
      return;
    }
    const p = panels[parseInt(group.getAttribute('data-panel'), 10)];
    if (!p || !p.run) {
      hideTip();
      return;
    }
    tip.textContent = describe(p, rect, event);
    const box = svg.parentNode.getBoundingClientRect();
    tip.style.left = (event.clientX - box.left + 14) + 'px';
    tip.style.top = (event.clientY - box.top + 14) + 'px';
    tip.hidden = false;
  });
  svg.addEventListener('mouseleave', hideTip);

  /* ---- click an engine's label: highlight its tasks ---- */

  svg.addEventListener('click', function (event) {
    const label = event.target.closest('text.engine');
    if (!label) {
      return;
    }
    const k = label.getAttribute('data-panel');
    const p = panels[parseInt(k, 10)];
    if (!p || !p.group) {
      return;
    }
    /* One engine highlighted per panel: a second click, or another label, changes it. */
    const e = label.getAttribute('data-e');
    const on = !label.classList.contains('on');
    for (const other of svg.querySelectorAll('text.engine.on[data-panel="' + k + '"]')) {
      other.classList.remove('on');
    }
    for (const g of p.group.querySelectorAll('g.on')) {
      g.classList.remove('on');
    }
    label.classList.toggle('on', on);
    const rows = p.group.querySelector('g[data-e="' + e + '"]');
    if (rows) {
      rows.classList.toggle('on', on);
    }
    p.group.classList.toggle('dim', on);
  });

  /* ---- controls ---- */

  slider.max = end;
  slider.addEventListener('input', function () {
    pause();
    seek(parseFloat(slider.value));
  });
  playButton.addEventListener('click', toggle);
  speedSelect.addEventListener('change', function () {
    state.speed = parseFloat(speedSelect.value);
  });
  document.addEventListener('keydown', function (event) {
    const tag = event.target.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    const step = end / 100 * (event.shiftKey ? 10 : 1);
    if (event.key === ' ' && tag !== 'BUTTON') {
      toggle();
    } else if (event.key === 'ArrowLeft') {
      pause();
      seek(state.t - step);
    } else if (event.key === 'ArrowRight') {
      pause();
      seek(state.t + step);
    } else if (event.key === 'Home') {
      pause();
      seek(0);
    } else if (event.key === 'End') {
      pause();
      seek(end);
    } else {
      return;
    }
    event.preventDefault();
  });
  /* A figure without a clock (the duration histogram) stays a still. */
  controls.hidden = panels.length === 0;

  const ready = loadRuns().then(draw);
  draw();

  window.lbsim = {
    ready: ready,
    seek: seek,
    play: play,
    pause: pause,
    /* The clock and, per panel, its axis and the counter's text. */
    state: function () {
      return {
        t: state.t,
        end: end,
        playing: state.playing,
        speed: state.speed,
        panels: panels.map(function (p) {
          return {
            left: p.left, right: p.right, xmax: p.xmax, wall: p.wall,
            counter: p.counter ? p.counter.textContent : '',
            tasks: p.run ? p.run.records.length : 0
          };
        })
      };
    }
  };
})();
