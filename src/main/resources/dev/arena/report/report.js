'use strict';
// Renders the arena report from the JSON embedded in the page. Everything the data holds is
// inserted with textContent, never as HTML, so a patch or a log cannot inject markup.
(function () {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const SVG = 'http://www.w3.org/2000/svg';
  const PAGE = 100;
  const runs = data.runs;

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([k, v]) => {
      if (k === 'text') node.textContent = v;
      else if (k === 'on') Object.entries(v).forEach(([event, f]) => node.addEventListener(event, f));
      else node.setAttribute(k, v);
    });
    (children || []).forEach(c => node.append(c));
    return node;
  }
  function svgEl(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }
  const pct = v => v === null || v === undefined ? '-' : (100 * v).toFixed(1) + '%';
  const money = v => v === null || v === undefined ? 'unpriced' : v === 0 ? '$0' : '$' + v.toFixed(v < 1 ? 4 : 2);
  const secs = v => v === null || v === undefined ? '-' : v < 120 ? v.toFixed(1) + 's' : (v / 60).toFixed(1) + 'min';
  const ci = p => p.rate === null ? '0/0' : `${p.successes}/${p.total} ${pct(p.rate)} [${pct(p.low)}, ${pct(p.high)}]`;
  function table(headers, rows) {
    return el('table', {}, [
      el('thead', {}, [el('tr', {}, headers.map(h => el('th', {text: h})))]),
      el('tbody', {}, rows.map(r => el('tr', {}, r.map(c => c instanceof Node ? el('td', {}, [c]) : el('td', {text: String(c)})))))]);
  }

  // The model settings a run set (temperature, cap, effort, prompt hash), or '' when none were set.
  function settingsText(m) {
    if (!m) return '';
    const parts = [];
    if (m.temperature !== null && m.temperature !== undefined) parts.push(`temperature ${m.temperature}`);
    if (m.max_output_tokens !== null && m.max_output_tokens !== undefined) parts.push(`max output tokens ${m.max_output_tokens}`);
    if (m.reasoning_effort) parts.push(`reasoning effort ${m.reasoning_effort}`);
    if (m.system_prompt_sha256) parts.push(`system prompt sha256 ${m.system_prompt_sha256.slice(0, 12)}`);
    return parts.join(', ');
  }

  function headline() {
    const box = document.getElementById('headline');
    box.append(el('div', {class: 'cards'}, runs.map(run => {
      const o = run.overall;
      const lines = [
        el('div', {class: 'muted', text: `${run.agent}${run.model ? ' · ' + run.model : ''}`}),
        ...(settingsText(run.model_settings) ? [el('div', {class: 'muted', text: settingsText(run.model_settings)})] : []),
        el('div', {class: 'big', text: pct(o.strict.rate)}),
        el('div', {text: `strict ${ci(o.strict)}`}),
        el('div', {text: `valid only ${ci(o.valid_only)}`}),
        el('div', {text: `${o.tasks} tasks${run.attempts_per_task > 1 ? ' × ' + run.attempts_per_task + ' attempts' : ''}: ` +
          `${o.passed} passed, ${o.failed} failed, ${o.errors} errors, ${o.attempts - o.done} missing`}),
        el('div', {text: `cost ${money(run.usage.cost_usd)}${run.usage.unpriced_attempts ? ' + ' + run.usage.unpriced_attempts + ' unpriced' : ''}, ` +
          `tokens ${run.usage.input_tokens.toLocaleString()} in / ${run.usage.output_tokens.toLocaleString()} out`})];
      o.pass_at_k.forEach(k => lines.push(el('div', {text: `pass@${k.k} ${pct(k.pass_at_k)} · pass^${k.k} ${pct(k.pass_hat_k)}`})));
      return el('div', {class: 'card'}, [el('strong', {text: run.run_id}), ...lines]);
    })));
  }

  function size(svg) {
    const w = svg.clientWidth || 400, h = svg.clientHeight || 260;
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    return [w, h];
  }
  // Axes shared by the charts: a 0..1 (or 0..max) scale mapped onto the drawing area, with steps + 1 ticks.
  function frame(svg, yLabel, steps = 4) {
    const [w, h] = size(svg);
    const f = {left: 44, right: w - 10, top: 10, bottom: h - 46};
    f.y = v => f.bottom - v * (f.bottom - f.top);
    for (let i = 0; i <= steps; i++) {
      const y = f.y(i / steps);
      svg.append(svgEl('line', {class: 'grid', x1: f.left, x2: f.right, y1: y, y2: y}));
      svg.append(svgEl('text', {x: f.left - 4, y: y + 4, 'text-anchor': 'end'}, yLabel(i / steps)));
    }
    svg.append(svgEl('line', {class: 'axis', x1: f.left, x2: f.right, y1: f.bottom, y2: f.bottom}));
    return f;
  }
  const COLORS = ['#3949ab', '#00897b', '#f4511e', '#8e24aa', '#6d4c41', '#c0ca33'];

  function datasetChart() {
    const svg = document.getElementById('chart-datasets');
    const names = [...new Set(runs.flatMap(r => Object.keys(r.datasets)))];
    const f = frame(svg, v => (100 * v) + '%');
    const group = (f.right - f.left) / Math.max(1, names.length);
    const bar = Math.min(40, (group * 0.8) / runs.length);
    names.forEach((name, i) => {
      const x0 = f.left + i * group + (group - bar * runs.length) / 2;
      runs.forEach((run, j) => {
        const s = run.datasets[name];
        if (!s || s.strict.rate === null) return;
        const x = x0 + j * bar, p = s.strict;
        const rect = svgEl('rect', {class: 'bar', x: x + 1, width: bar - 2, y: f.y(p.rate), height: f.bottom - f.y(p.rate), fill: COLORS[j % COLORS.length]});
        rect.append(svgEl('title', {}, `${run.run_id} · ${name}: ${ci(p)}`));
        svg.append(rect);
        const mid = x + bar / 2;
        svg.append(svgEl('path', {class: 'errorbar', d: `M${mid},${f.y(p.low)}V${f.y(p.high)}M${mid - 4},${f.y(p.low)}h8M${mid - 4},${f.y(p.high)}h8`}));
      });
      svg.append(svgEl('text', {x: f.left + (i + 0.5) * group, y: f.bottom + 14, 'text-anchor': 'middle'}, name));
    });
    const slot = (f.right - f.left) / Math.max(1, runs.length);
    runs.forEach((run, j) => {
      const y = f.bottom + 30, x = f.left + j * slot;
      svg.append(svgEl('rect', {x, y: y - 9, width: 10, height: 10, fill: COLORS[j % COLORS.length]}));
      svg.append(svgEl('text', {x: x + 14, y}, run.run_id));
    });
  }

  function costChart() {
    const svg = document.getElementById('chart-cost');
    const priced = runs.filter(r => r.usage.cost_usd !== null && r.overall.strict.rate !== null);
    const unpriced = runs.filter(r => r.usage.cost_usd === null).map(r => r.run_id);
    document.getElementById('chart-cost-note').textContent = unpriced.length ? 'unpriced (not drawn): ' + unpriced.join(', ') : '';
    if (!priced.length) { // no axes of $0 for nothing
      const [w, h] = size(svg);
      svg.append(svgEl('text', {class: 'empty', x: w / 2, y: h / 2, 'text-anchor': 'middle'}, 'no priced runs'));
      return;
    }
    const maxCost = Math.max(1e-9, ...priced.map(r => r.usage.cost_usd)) * 1.1;
    const f = frame(svg, v => (100 * v) + '%');
    const x = c => f.left + (c / maxCost) * (f.right - f.left - 20);
    for (let i = 0; i <= 4; i++) {
      svg.append(svgEl('text', {x: x(maxCost * i / 4), y: f.bottom + 14, 'text-anchor': 'middle'}, money(maxCost * i / 4)));
    }
    svg.append(svgEl('text', {x: (f.left + f.right) / 2, y: f.bottom + 32, 'text-anchor': 'middle'}, 'cost (USD)'));
    priced.forEach(r => {
      const cx = x(r.usage.cost_usd), cy = f.y(r.overall.strict.rate);
      const dot = svgEl('circle', {class: 'point', cx, cy, r: 6});
      dot.append(svgEl('title', {}, `${r.run_id}: ${money(r.usage.cost_usd)}, ${pct(r.overall.strict.rate)}`));
      svg.append(dot, svgEl('text', {x: cx + 8, y: cy - 8}, r.run_id));
    });
  }

  function durationChart() {
    const svg = document.getElementById('chart-durations');
    const values = data.tasks.flatMap(t => t.cells.filter(c => c && c.done > 0).map(c => c.seconds));
    const bins = 20, max = Math.max(1e-9, ...values);
    const counts = new Array(bins).fill(0);
    values.forEach(v => counts[Math.min(bins - 1, Math.floor(v / max * bins))]++);
    // whole counts only: a step of 1, 2, 3... so that at most five ticks reach the highest bin
    const step = Math.ceil(Math.max(1, ...counts) / 4), steps = Math.ceil(Math.max(1, ...counts) / step), top = step * steps;
    const f = frame(svg, v => Math.round(v * top), steps);
    const width = (f.right - f.left) / bins;
    counts.forEach((n, i) => {
      const rect = svgEl('rect', {class: 'bin', x: f.left + i * width + 1, width: width - 2, y: f.y(n / top), height: f.bottom - f.y(n / top)});
      rect.append(svgEl('title', {}, `${secs(i * max / bins)} to ${secs((i + 1) * max / bins)}: ${n}`));
      svg.append(rect);
    });
    [[0, 'start'], [bins / 2, 'middle'], [bins, 'end']].forEach(([i, anchor]) =>
      svg.append(svgEl('text', {x: f.left + i * width, y: f.bottom + 14, 'text-anchor': anchor}, secs(i * max / bins))));
    svg.append(svgEl('text', {x: (f.left + f.right) / 2, y: f.bottom + 32, 'text-anchor': 'middle'}, `${values.length} task runs`));
  }

  function comparisons() {
    if (!data.comparisons.length) return;
    const box = document.getElementById('comparisons');
    box.append(el('h2', {text: 'Comparisons (attempt 1, tasks both runs judged)'}));
    box.append(table(['runs', 'tasks', 'both passed', 'only first', 'only second', 'both failed', 'exact McNemar p', 'flipped tasks',
      'model settings'],
      data.comparisons.map(c => [`${c.first} vs ${c.second}`, c.compared, c.both_passed, c.only_first, c.only_second,
        c.both_failed, c.p_value.toPrecision(3), el('details', {}, [el('summary', {text: String(c.flipped.length)}),
          el('div', {text: c.flipped.map(x => `${x.task} ${x.first}→${x.second}`).join(', ')})]),
        c.settings_differ && c.settings_differ.length ? 'differ: ' + c.settings_differ.join(', ') : 'same'])));
  }

  function runSections() {
    const box = document.getElementById('runs');
    runs.forEach(run => {
      box.append(el('h2', {text: `Run ${run.run_id}`}));
      const rows = Object.entries(run.datasets).concat([['total', run.overall]]).map(([name, s]) =>
        [name, s.tasks, s.passed, s.failed, s.errors, Object.entries(s.errors_by_kind).map(([k, n]) => `${k} ${n}`).join(', '), ci(s.strict), ci(s.valid_only),
          s.pass_at_k.map(k => `@${k.k} ${pct(k.pass_at_k)} ^${k.k} ${pct(k.pass_hat_k)}`).join(' ')]);
      box.append(table(['dataset', 'tasks', 'passed', 'failed', 'errors', 'errors by kind', 'strict [95% CI]', 'valid only [95% CI]', 'pass@k / pass^k'], rows));
      const u = run.usage;
      box.append(el('p', {text: 'time per phase: ' + Object.entries(u.phase_seconds).map(([p, s]) => `${p} ${secs(s)}`).join(', ') +
        ` · per attempt median ${secs(u.duration_seconds.median)}, p90 ${secs(u.duration_seconds.p90)}, max ${secs(u.duration_seconds.max)}`}));
      box.append(el('p', {text: 'slowest: ' + u.slowest.map(s => `${s.task}${s.attempt > 1 ? ' #' + s.attempt : ''} ${secs(s.seconds)}`).join(', ')}));
      if (run.flaky_tasks.length) box.append(el('p', {text: `flaky tasks (${run.flaky_tasks.length}): ` + run.flaky_tasks.join(', ')}));
      if (run.broken_tasks.length) {
        box.append(el('h3', {text: `Broken tasks: the gold patch does not pass (${run.broken_tasks.length})`}));
        box.append(table(['task', 'attempt', 'verdict', 'error kind', 'error'], run.broken_tasks.map(b => [b.task, b.attempt, b.verdict, b.error_kind || '', b.error || ''])));
      }
      if (run.protected_changes && run.protected_changes.length) {
        box.append(el('h3', {text: `Changes to protected paths, not applied at grading (${run.protected_changes.length})`}));
        box.append(table(['task', 'attempt', 'verdict', 'paths'], run.protected_changes.map(c => [c.task, c.attempt, c.verdict, c.paths.join(', ')])));
      }
    });
  }

  // The matrix: filtered in memory, rendered one page at a time so 10,000 rows stay quick.
  const state = {page: 0, rows: data.tasks.map((t, i) => ({t, i}))};
  function options(select, values) {
    values.forEach(([value, label]) => select.append(el('option', {value, text: label})));
    select.addEventListener('change', () => { state.page = 0; filter(); });
  }
  function matrix() {
    const head = document.querySelector('#task-table thead');
    head.append(el('tr', {}, [el('th', {text: 'dataset'}), el('th', {text: 'task'}), ...runs.map(r => el('th', {text: r.run_id}))]));
    const datasets = [...new Set(data.tasks.map(t => t.dataset))];
    const kinds = [...new Set(data.tasks.flatMap(t => t.cells.flatMap(c => c ? c.error_kinds : [])))].sort();
    options(document.getElementById('filter-dataset'), [['', 'all'], ...datasets.map(d => [d, d])]);
    options(document.getElementById('filter-verdict'), [['', 'any'], ...['passed', 'failed', 'error', 'mixed', 'missing'].map(v => [v, v]), ['flipped', 'flipped between runs']]);
    options(document.getElementById('filter-error'), [['', 'any'], ...kinds.map(k => [k, k])]);
    document.getElementById('filter-text').addEventListener('input', () => { state.page = 0; filter(); });
    document.getElementById('page-prev').addEventListener('click', () => { state.page--; draw(); });
    document.getElementById('page-next').addEventListener('click', () => { state.page++; draw(); });
    filter();
  }
  function filter() {
    const dataset = document.getElementById('filter-dataset').value;
    const verdict = document.getElementById('filter-verdict').value;
    const kind = document.getElementById('filter-error').value;
    const text = document.getElementById('filter-text').value.toLowerCase();
    state.rows = data.tasks.map((t, i) => ({t, i})).filter(({t}) =>
      (!dataset || t.dataset === dataset) &&
      (!verdict || (verdict === 'flipped' ? t.flipped : t.cells.some(c => c && c.verdict === verdict))) &&
      (!kind || t.cells.some(c => c && c.error_kinds.includes(kind))) &&
      (!text || t.task.toLowerCase().includes(text)));
    draw();
  }
  function draw() {
    const pages = Math.max(1, Math.ceil(state.rows.length / PAGE));
    state.page = Math.min(Math.max(0, state.page), pages - 1);
    const body = document.querySelector('#task-table tbody');
    body.replaceChildren(...state.rows.slice(state.page * PAGE, (state.page + 1) * PAGE).map(({t, i}) =>
      el('tr', {'data-row': i, on: {click: () => detail(i)}}, [el('td', {text: t.dataset}), el('td', {text: t.task}),
        ...t.cells.map(c => !c ? el('td', {class: 'v-missing', text: 'not planned'}) :
          el('td', {class: 'v-' + c.verdict, title: c.error_kinds.join(', '),
            text: (c.planned > 1 ? `${c.passed}/${c.planned} ` : '') + c.verdict + (c.error_kinds.length ? ' (' + c.error_kinds.join(', ') + ')' : '')}))])));
    document.getElementById('matrix-count').textContent = `${state.rows.length} of ${data.tasks.length} tasks`;
    document.getElementById('page-info').textContent = `page ${state.page + 1} of ${pages}`;
    document.getElementById('page-prev').disabled = state.page === 0;
    document.getElementById('page-next').disabled = state.page >= pages - 1;
  }

  // One task's attempts in every run; the heavy JSON of a task is parsed only when it is opened.
  function detail(i) {
    const t = data.tasks[i];
    const block = document.getElementById('details-' + i);
    const perRun = block ? JSON.parse(block.textContent) : [];
    const box = document.getElementById('detail');
    box.hidden = false;
    box.replaceChildren(el('h2', {text: `${t.dataset}/${t.task}`}));
    runs.forEach((run, j) => {
      const attempts = perRun[j] || [];
      box.append(el('h3', {text: `${run.run_id}: ${t.cells[j] ? t.cells[j].verdict : 'not planned'}`}));
      if (!attempts.length) return;
      const view = el('div', {class: 'attempt'});
      const tabs = el('div', {class: 'tabs'}, attempts.map((a, n) => el('button', {type: 'button', text: `attempt ${a.attempt}: ${a.verdict}`,
        on: {click: e => { tabs.querySelectorAll('button').forEach(b => b.classList.remove('active')); e.target.classList.add('active'); attempt(view, a); }}})));
      box.append(tabs, view);
      tabs.firstChild.classList.add('active');
      attempt(view, attempts[0]);
    });
    history.replaceState(null, '', '#task-' + i);
    box.scrollIntoView();
  }
  function attempt(view, a) {
    const parts = [el('p', {text: `${a.verdict}${a.error_kind ? ' (' + a.error_kind + ', phase ' + a.failed_phase + ')' : ''} · tests ${a.tests} · ${secs(a.seconds)}`}),
      el('p', {class: 'muted', text: 'files: ' + a.files})];
    if (a.error) parts.push(el('p', {class: 'v-error', text: a.error}));
    if (a.left_out) parts.push(el('p', {class: 'muted', text: a.left_out}));
    if (a.trajectory) parts.push(trajectory(a.trajectory));
    parts.push(el('h3', {text: 'Patch'}), patch(a.patch));
    parts.push(el('h3', {text: 'Test output'}), el('pre', {class: 'test-output', text: a.test_output ?? '(no test output)'}));
    view.replaceChildren(...parts);
  }
  function patch(text) {
    if (!text) return el('pre', {class: 'patch', text: '(empty patch)'});
    const lines = text.split('\n');
    return el('pre', {class: 'patch'}, lines.map((line, i) => el('span', {
      class: line.startsWith('@@') ? 'hunk' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : '',
      text: i < lines.length - 1 ? line + '\n' : line})));
  }
  function trajectory(tr) {
    const box = el('div', {class: 'trajectory'}, [el('h3', {text: 'Trajectory'})]);
    if (tr.unreadable) { box.append(el('p', {class: 'v-error', text: tr.unreadable})); return box; }
    const steps = tr.steps || [];
    box.append(el('p', {class: 'muted', text: `${steps.length} step(s), stopped: ${tr.stop_reason || '?'}` + (tr.steps_left_out ? ` (${tr.steps_left_out} more left out of the report)` : '')}));
    if (tr.prompt) box.append(el('details', {}, [el('summary', {text: 'prompt'}), el('pre', {text: tr.prompt})]));
    if (!steps.length) return box;
    const info = el('span', {class: 'step-info'});
    const view = el('div', {class: 'step'});
    let at = 0;
    const prev = el('button', {type: 'button', class: 'step-prev', text: '◀ previous', on: {click: () => show(at - 1)}});
    const next = el('button', {type: 'button', class: 'step-next', text: 'next ▶', on: {click: () => show(at + 1)}});
    function show(n) {
      at = Math.min(Math.max(0, n), steps.length - 1);
      const s = steps[at];
      info.textContent = ` step ${at + 1} of ${steps.length} · ${secs(s.seconds)} · ${s.usage.input_tokens ?? 0} in / ${s.usage.output_tokens ?? 0} out `;
      prev.disabled = at === 0; next.disabled = at === steps.length - 1;
      view.replaceChildren(...(s.assistant_text ? [el('pre', {class: 'assistant', text: s.assistant_text})] : []),
        ...s.tool_calls.map(c => el('div', {class: 'tool' + (c.is_error ? ' is-error' : '')}, [
          el('strong', {text: c.name}), el('pre', {class: 'arguments', text: c.arguments}),
          el('pre', {class: 'result', text: c.full_result ?? c.result ?? ''})])));
    }
    box.append(el('div', {}, [prev, info, next]), view);
    show(0);
    return box;
  }

  headline(); datasetChart(); costChart(); durationChart(); comparisons(); runSections(); matrix();
  // #task-N opens a task, so a link can point at one
  const linked = /^#task-(\d+)$/.exec(location.hash);
  if (linked && data.tasks[Number(linked[1])]) detail(Number(linked[1]));
  window.arenaReadyAt = performance.now();
  document.body.setAttribute('data-ready', 'true');
})();
