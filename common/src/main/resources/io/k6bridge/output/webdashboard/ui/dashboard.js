/* k6bridge web dashboard: renders k6's web-dashboard events (config, param, metric, start,
   snapshot, cumulative, threshold, stop) from /events, or from the report's embedded data. */
(function () {
  'use strict';

  var EVENTS = ['config', 'param', 'metric', 'start', 'snapshot', 'cumulative', 'threshold', 'stop'];
  var DEFAULT_AGGREGATES = {
    counter: ['count', 'rate'], gauge: ['value'], rate: ['rate'],
    trend: ['avg', 'max', 'med', 'min', 'p(90)', 'p(95)', 'p(99)']
  };
  var COLORS = ['#5b4ee6', '#e8590c', '#12805c', '#c4320a', '#0b7285', '#9c36b5'];

  var state;
  var charts = {};
  var renderPending = false;
  var source = null;

  function reset() {
    state = { names: [], metrics: {}, aggregates: DEFAULT_AGGREGATES, param: {}, snapshots: [],
      cumulative: null, failures: {}, start: null, stop: null, last: null };
  }

  /* k6 orders names by their UTF-8 bytes, which is code point order. */
  function compareNames(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) { return x < y ? -1 : 1; }
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return (a.length - i) - (b.length - j);
  }

  /* An event's arrays, by position, as {name: {aggregate: value}}. */
  function byName(rows) {
    var out = {};
    for (var i = 0; i < rows.length && i < state.names.length; i++) {
      var name = state.names[i], row = rows[i];
      if (!row || row.length === 0) { continue; }
      var meta = state.metrics[name];
      var aggs = name === 'time' ? ['value'] : (meta && state.aggregates[meta.type]) || [];
      var values = {};
      for (var k = 0; k < aggs.length && k < row.length; k++) { values[aggs[k]] = row[k]; }
      out[name] = values;
    }
    return out;
  }

  var handlers = {
    config: function () { reset(); },
    param: function (d) {
      state.param = d || {};
      if (d && d.aggregates) { state.aggregates = d.aggregates; }
    },
    metric: function (d) {
      Object.keys(d).forEach(function (name) {
        if (!state.metrics[name]) { state.metrics[name] = d[name]; state.names.push(name); }
      });
      state.names.sort(compareNames);
    },
    start: function (d) { state.start = d[0][0]; },
    snapshot: function (d) { var s = byName(d); state.snapshots.push(s); state.last = s; },
    cumulative: function (d) { state.cumulative = byName(d); },
    threshold: function (d) { state.failures = d || {}; },
    stop: function (d) { state.stop = d[0][0]; }
  };

  function handle(name, data) {
    if (!state) { reset(); }
    handlers[name](data);
    if (name !== 'config') { scheduleRender(); }
  }

  function scheduleRender() {
    if (renderPending) { return; }
    renderPending = true;
    setTimeout(function () { renderPending = false; render(); }, 200);
  }

  /* ---------- formatting ---------- */

  function num(v, digits) {
    if (v === undefined || v === null || isNaN(v)) { return '–'; }
    return v.toLocaleString('en-US', { maximumFractionDigits: digits === undefined ? 2 : digits });
  }
  function ms(v) {
    if (v === undefined || v === null || isNaN(v)) { return '–'; }
    if (v === 0) { return '0 ms'; }
    if (v < 1) { return num(v * 1000, 0) + ' µs'; }
    if (v < 1000) { return num(v, v < 10 ? 2 : 1) + ' ms'; }
    if (v < 60000) { return num(v / 1000, 2) + ' s'; }
    return num(v / 60000, 1) + ' min';
  }
  function bytes(v) {
    if (v === undefined || v === null || isNaN(v)) { return '–'; }
    var units = ['B', 'kB', 'MB', 'GB', 'TB'], i = 0;
    while (Math.abs(v) >= 1000 && i < units.length - 1) { v /= 1000; i++; }
    return num(v, i === 0 ? 0 : 1) + ' ' + units[i];
  }
  function pct(v) { return v === undefined || v === null ? '–' : num(v * 100, 2) + ' %'; }
  function duration(msTotal) {
    if (msTotal === null || msTotal === undefined) { return '–'; }
    var s = Math.max(0, Math.round(msTotal / 1000));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    return (h ? h + 'h ' : '') + (h || m ? m + 'm ' : '') + sec + 's';
  }
  function clock(seconds) {
    return new Date(seconds * 1000).toLocaleTimeString('en-GB', { hour12: false });
  }
  function valueText(meta, v) {
    if (!meta) { return num(v); }
    if (meta.contains === 'time') { return ms(v); }
    if (meta.contains === 'data') { return bytes(v); }
    return num(v);
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function get(name, agg) {
    var m = state.cumulative && state.cumulative[name];
    return m ? m[agg] : undefined;
  }

  /* ---------- rendering ---------- */

  function render() {
    renderStatus();
    renderKpis();
    renderCharts();
    renderThresholds();
    renderRequests();
    renderMetrics();
  }

  function renderStatus() {
    var status = document.getElementById('status');
    if (state.stop !== null) {
      status.textContent = 'finished'; status.className = 'status status-done';
    } else if (state.start !== null && !state.lost) {
      status.textContent = 'live'; status.className = 'status status-live';
    }
    if (state.start !== null) {
      document.getElementById('started').textContent = new Date(state.start).toLocaleString();
      var end = state.stop !== null ? state.stop
        : (state.cumulative && state.cumulative.time ? state.cumulative.time.value : state.start);
      document.getElementById('elapsed').textContent = duration(end - state.start);
    }
  }

  function kpi(label, value, detail, tone) {
    return '<div class="kpi' + (tone ? ' ' + tone : '') + '"><div class="label">' + esc(label) +
      '</div><div class="value">' + esc(value) + '</div><div class="detail">' + esc(detail || '\u00a0') +
      '</div></div>';
  }

  function renderKpis() {
    var reqs = get('http_reqs', 'count'), failed = get('http_req_failed', 'rate');
    var vus = state.last && state.last.vus ? state.last.vus.value : get('vus', 'value');
    var checks = get('checks', 'rate');
    var html = kpi('Requests', num(reqs, 0), reqs === undefined ? '' : num(get('http_reqs', 'rate'), 2) + ' /s') +
      kpi('Failed requests', pct(failed),
        failed === undefined || reqs === undefined ? '' : num(Math.round(failed * reqs), 0) + ' failed',
        failed === undefined ? '' : (failed > 0 ? 'bad' : 'good')) +
      kpi('Duration p(95)', ms(get('http_req_duration', 'p(95)')),
        'avg ' + ms(get('http_req_duration', 'avg')) + ' · p(99) ' + ms(get('http_req_duration', 'p(99)'))) +
      kpi('Virtual users', num(vus, 0), get('vus_max', 'value') === undefined ? '' : 'max ' + num(get('vus_max', 'value'), 0)) +
      kpi('Iterations', num(get('iterations', 'count'), 0),
        get('iterations', 'rate') === undefined ? '' : num(get('iterations', 'rate'), 2) + ' /s') +
      kpi('Data received', bytes(get('data_received', 'count')),
        get('data_received', 'rate') === undefined ? '' : bytes(get('data_received', 'rate')) + '/s') +
      kpi('Data sent', bytes(get('data_sent', 'count')),
        get('data_sent', 'rate') === undefined ? '' : bytes(get('data_sent', 'rate')) + '/s') +
      kpi('Checks passed', pct(checks), '', checks === undefined ? '' : (checks < 1 ? 'bad' : 'good'));
    document.getElementById('kpis').innerHTML = html;
  }

  /* One chart: series of [label, name, aggregate, scale] read from every snapshot. */
  var CHARTS = {
    'chart-reqs': { unit: num, series: [
      ['requests/s', 'http_reqs', 'rate', 1],
      ['failed/s', function (s) {
        var r = s.http_reqs, f = s.http_req_failed;
        return r && f ? r.rate * f.rate : (r ? 0 : null);
      }]] },
    'chart-duration': { unit: ms, series: [
      ['p(99)', 'http_req_duration', 'p(99)', 1], ['p(95)', 'http_req_duration', 'p(95)', 1],
      ['p(90)', 'http_req_duration', 'p(90)', 1], ['median', 'http_req_duration', 'med', 1],
      ['avg', 'http_req_duration', 'avg', 1]] },
    'chart-failed': { unit: function (v) { return num(v, 2) + ' %'; }, series: [
      ['failed %', 'http_req_failed', 'rate', 100]] },
    'chart-vus': { unit: function (v) { return num(v, 0); }, series: [
      ['VUs', 'vus', 'value', 1], ['VUs max', 'vus_max', 'value', 1]] },
    'chart-data': { unit: bytes, series: [
      ['received/s', 'data_received', 'rate', 1], ['sent/s', 'data_sent', 'rate', 1]] },
    'chart-checks': { unit: function (v) { return num(v, 2) + ' %'; }, series: [
      ['passed %', 'checks', 'rate', 100]] }
  };

  function point(s, spec) {
    if (typeof spec[1] === 'function') { return spec[1](s); }
    var m = s[spec[1]];
    return m && m[spec[2]] !== undefined ? m[spec[2]] * spec[3] : null;
  }

  function renderCharts() {
    Object.keys(CHARTS).forEach(function (id) {
      var def = CHARTS[id], el = document.getElementById(id);
      var snaps = state.snapshots.filter(function (s) { return s.time; });
      var xs = snaps.map(function (s) { return s.time.value / 1000; });
      var present = def.series.filter(function (spec) {
        return snaps.some(function (s) { return point(s, spec) !== null; });
      });
      if (present.length === 0) {
        if (charts[id]) { charts[id].destroy(); delete charts[id]; }
        el.innerHTML = '<div class="empty">' + (snaps.length ? 'no samples of this metric' : 'waiting for the first period…') + '</div>';
        return;
      }
      var data = [xs].concat(present.map(function (spec) {
        return snaps.map(function (s) { return point(s, spec); });
      }));
      var key = present.map(function (p) { return p[0]; }).join('|');
      var chart = charts[id];
      if (chart && chart.key === key) { chart.setData(data); return; }
      if (chart) { chart.destroy(); }
      el.innerHTML = '';
      var opts = {
        width: Math.max(200, el.clientWidth), height: 240,
        series: [{ label: 'time', value: function (u, v) { return v === null ? '–' : clock(v); } }].concat(present.map(function (spec, i) {
          return { label: spec[0], stroke: COLORS[i % COLORS.length], width: 2, spanGaps: false,
            points: { show: xs.length < 3 }, value: function (u, v) { return v === null ? '–' : def.unit(v); } };
        })),
        axes: [{ stroke: '#667085', grid: { stroke: '#eef0f4' }, space: 70,
                 values: function (u, vals) { return vals.map(clock); } },
               { stroke: '#667085', grid: { stroke: '#eef0f4' }, size: 70,
                 values: function (u, vals) { return vals.map(function (v) { return def.unit(v); }); } }],
        scales: { y: { range: function (u, min, max) { return [Math.min(0, min), max > 0 ? max * 1.1 : 1]; } } },
        cursor: { drag: { x: true, y: false } }
      };
      chart = new uPlot(opts, data, el);
      chart.key = key;
      charts[id] = chart;
    });
  }

  /* A table whose first textColumns columns are left-aligned text, the rest numbers. */
  function table(head, rows, textColumns) {
    return '<div class="scroll"><table><thead><tr>' +
      head.map(function (h, i) { return '<th' + (i < (textColumns || 1) ? ' class="text"' : '') + '>' + esc(h) + '</th>'; }).join('') +
      '</tr></thead><tbody>' + rows.join('') + '</tbody></table></div>';
  }

  function renderThresholds() {
    var defined = state.param.thresholds || {};
    var names = Object.keys(defined).sort(compareNames);
    if (names.length === 0) {
      document.getElementById('thresholds').innerHTML = '<p class="hint">No thresholds defined (K6_THRESHOLDS).</p>';
      return;
    }
    var rows = [];
    names.forEach(function (name) {
      defined[name].forEach(function (src) {
        var failing = (state.failures[name] || []).indexOf(src) >= 0;
        var evaluated = name.indexOf('{') < 0 && state.cumulative && state.cumulative[name];
        var status = failing ? '<span class="fail">✗ failing</span>'
          : evaluated ? '<span class="pass">✓ passing</span>' : '<span class="nodata">not evaluated</span>';
        rows.push('<tr><td class="name">' + esc(name) + '</td><td class="text">' + esc(src) + '</td><td>' + status + '</td></tr>');
      });
    });
    document.getElementById('thresholds').innerHTML = table(['metric', 'threshold', 'status'], rows, 2);
  }

  function renderRequests() {
    var prefix = 'http_req_duration{';
    var subs = state.names.filter(function (n) { return n.indexOf(prefix) === 0 && state.cumulative && state.cumulative[n]; });
    var el = document.getElementById('requests');
    var tags = {};
    var rows = subs.map(function (n) {
      var suffix = n.substring(prefix.length, n.length - 1), colon = suffix.indexOf(':');
      var tag = suffix.substring(0, colon), value = suffix.substring(colon + 1);
      tags[tag] = true;
      var d = state.cumulative[n], reqs = state.cumulative['http_reqs{' + suffix + '}'] || {};
      var failed = state.cumulative['http_req_failed{' + suffix + '}'];
      return { tag: tag, value: value, count: reqs.count || 0, rate: reqs.rate, failed: failed ? failed.rate : undefined, d: d };
    });
    rows.sort(function (a, b) { return a.tag === b.tag ? b.count - a.count : compareNames(a.tag, b.tag); });
    var tagNames = Object.keys(tags);
    document.getElementById('requests-by').textContent = tagNames.length ? 'by ' + tagNames.join(', ') : '';
    if (rows.length === 0) {
      el.innerHTML = '<p class="hint">No tagged requests yet. Requests are split by the dashboard tags ' +
        '(K6_WEB_DASHBOARD_TAGS, k6\'s default: group); set it to <code>group,name</code> for a row per request.</p>';
      return;
    }
    var multi = tagNames.length > 1;
    var html = rows.map(function (r) {
      return '<tr><td class="name" title="' + esc(r.value) + '">' + (multi ? '<span class="nodata">' + esc(r.tag) + '</span> ' : '') +
        esc(r.value === '' ? '(root)' : r.value) + '</td><td>' + num(r.count, 0) + '</td><td>' + num(r.rate, 2) +
        '</td><td class="' + (r.failed > 0 ? 'fail' : '') + '">' + pct(r.failed) + '</td><td>' + ms(r.d.avg) + '</td><td>' + ms(r.d.min) +
        '</td><td>' + ms(r.d.med) + '</td><td>' + ms(r.d['p(90)']) + '</td><td>' + ms(r.d['p(95)']) + '</td><td>' +
        ms(r.d['p(99)']) + '</td><td>' + ms(r.d.max) + '</td></tr>';
    });
    el.innerHTML = table(['request', 'count', 'rate /s', 'failed', 'avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'], html);
  }

  function renderMetrics() {
    var rows = [];
    state.names.forEach(function (name) {
      // Tag submetrics are in the requests table; here one row per metric keeps it readable.
      if (name === 'time' || name.indexOf('{') >= 0 || !state.cumulative || !state.cumulative[name]) { return; }
      var meta = state.metrics[name], v = state.cumulative[name], text;
      if (meta.type === 'counter') {
        text = valueText(meta, v.count) + ' <span class="nodata">(' + valueText(meta, v.rate) + '/s)</span>';
      } else if (meta.type === 'rate') {
        text = pct(v.rate);
      } else if (meta.type === 'gauge') {
        text = valueText(meta, v.value);
      } else {
        text = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'].map(function (a) {
          return '<span class="nodata">' + a + '=</span>' + esc(valueText(meta, v[a]));
        }).join(' ');
      }
      rows.push('<tr><td class="name">' + esc(name) + '</td><td class="text">' + esc(meta.type) +
        (meta.custom ? ' · custom' : '') + '</td><td class="text">' + text + '</td></tr>');
    });
    document.getElementById('metrics').innerHTML = rows.length ? table(['metric', 'type', 'value'], rows, 3)
      : '<p class="hint">No data yet.</p>';
  }

  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (id) {
      var el = document.getElementById(id);
      charts[id].setSize({ width: Math.max(200, el.clientWidth), height: 240 });
    });
  });

  /* ---------- data sources ---------- */

  function readReport(el) {
    document.getElementById('report-link').style.display = 'none';
    var binary = atob(el.textContent.trim());
    var raw = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { raw[i] = binary.charCodeAt(i); }
    var text = new Response(new Blob([raw]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    return text.then(function (t) {
      reset();
      t.split('\n').forEach(function (line) {
        if (line.trim() === '') { return; }
        var e = JSON.parse(line);
        if (handlers[e.event]) { handlers[e.event](e.data); }
      });
      render();
    });
  }

  /**
   * The server to follow, from ?endpoint=: only an http(s) URL (a javascript: or data: one would
   * run in this page through the report link), and another server's origin is shown in the
   * header, so a crafted link cannot pass its numbers off as this server's.
   */
  function endpointUrl() {
    var given = new URLSearchParams(location.search).get('endpoint') || '../';
    var url;
    try { url = new URL(given, location.href); } catch (e) { return null; }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') { return null; }
    if (url.pathname.charAt(url.pathname.length - 1) !== '/') { url.pathname += '/'; }
    if (url.origin !== location.origin) {
      var source = document.getElementById('source');
      source.textContent = 'data from ' + url.origin;
      source.hidden = false;
    }
    return url;
  }

  function follow() {
    var url = endpointUrl();
    if (url === null) {
      var status = document.getElementById('status');
      status.textContent = 'invalid endpoint'; status.className = 'status status-lost';
      document.getElementById('report-link').style.display = 'none';
      return;
    }
    var endpoint = url.href;
    document.getElementById('report-link').href = endpoint + 'report';
    reset();
    render();
    source = new EventSource(endpoint + 'events');
    EVENTS.forEach(function (name) {
      source.addEventListener(name, function (e) {
        state.lost = false;
        handle(name, JSON.parse(e.data));
        if (name === 'stop') { source.close(); }
      });
    });
    source.onerror = function () {
      if (state.stop === null) {
        state.lost = true;
        var status = document.getElementById('status');
        status.textContent = 'disconnected'; status.className = 'status status-lost';
      }
    };
  }

  var data = document.getElementById('data');
  if (data && data.textContent.trim() !== '') {
    readReport(data).catch(function (e) {
      document.getElementById('status').textContent = 'unreadable report';
      throw e;
    });
  } else {
    follow();
  }
})();
