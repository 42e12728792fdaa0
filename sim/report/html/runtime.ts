/**
 * The page's own script (plain browser JavaScript, inlined after ECharts): reads the chart
 * options from a JSON block, swaps each `{ $fn }` marker for the function of that name,
 * and draws every chart. It formats numbers the way labels.ts does.
 */
export const RUNTIME_JS = String.raw`
(function () {
  'use strict';
  function finite(x) { return typeof x === 'number' && isFinite(x); }
  function pct(x, d) { return finite(x) ? (100 * x).toFixed(d) + '%' : '—'; }
  function pts(x) { return finite(x) ? (x >= 0 ? '+' : '') + (100 * x).toFixed(1) + ' pts' : '—'; }
  // axis ticks: 0 plain, whole points without ".0"
  function ptsTick(x) {
    if (!finite(x)) return '';
    var p = Math.round(1000 * x) / 10;
    return p === 0 ? '0' : (p > 0 ? '+' : '') + (p % 1 === 0 ? p.toFixed(0) : p.toFixed(1)) + ' pts';
  }
  function cnt(x) { return finite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: Math.abs(x) < 100 ? 1 : 0 }) : '—'; }
  function signed(x) {
    if (!finite(x)) return '—';
    var p = Math.round(1000 * x) / 10;
    return p === 0 ? '0' : (p > 0 ? '+' : '') + p.toFixed(1);
  }
  function dec2(x) { return finite(x) ? x.toFixed(2) : '—'; }
  // axis labels pass a number, series labels pass their params: take the value either way
  function num(f) { return function (x) { return f(x !== null && typeof x === 'object' ? valueOf(x, 0) : x); }; }
  var FORMATS = {
    percent: num(function (x) { return pct(x, 1); }),
    percent0: num(function (x) { return pct(x, 0); }),
    points: num(pts),
    pointsTick: num(ptsTick),
    count: num(cnt),
    decimal2: num(dec2),
    signed: num(signed)
  };
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; });
  }
  function valueOf(p, dim) {
    var v = p.data !== null && typeof p.data === 'object' && !Array.isArray(p.data) ? p.data.value : p.value;
    return Array.isArray(v) ? v[dim] : v;
  }

  // error bars over bar 'index' of 'count' per category, laid out as ECharts lays out bars
  function errorBar(a) {
    return function (params, api) {
      var cat = api.value(0), lo = api.value(1), hi = api.value(2);
      var p0 = a.horizontal ? api.coord([lo, cat]) : api.coord([cat, lo]);
      var p1 = a.horizontal ? api.coord([hi, cat]) : api.coord([cat, hi]);
      var band = a.horizontal ? api.size([0, 1])[1] : api.size([1, 0])[0];
      var usable = band * (1 - a.categoryGap);
      var w = usable / (a.count + (a.count - 1) * a.barGap);
      var off = -usable / 2 + a.index * w * (1 + a.barGap) + w / 2;
      var cap = Math.max(3, Math.min(w * 0.3, 7));
      var style = { stroke: '#1a1a1a', lineWidth: 1.5 };
      function line(x1, y1, x2, y2) { return { type: 'line', shape: { x1: x1, y1: y1, x2: x2, y2: y2 }, style: style }; }
      if (a.horizontal) {
        var y = p0[1] + off;
        return { type: 'group', children: [line(p0[0], y, p1[0], y), line(p0[0], y - cap, p0[0], y + cap), line(p1[0], y - cap, p1[0], y + cap)] };
      }
      var x = p0[0] + off;
      return { type: 'group', children: [line(x, p0[1], x, p1[1]), line(x - cap, p0[1], x + cap, p0[1]), line(x - cap, p1[1], x + cap, p1[1])] };
    };
  }

  // one line per series: value, 95 % CI, and any extra lines the data item carries
  function ciTooltip(a) {
    var f = FORMATS[a.format] || cnt;
    var dim = a.dim || 0;
    return function (params) {
      var list = Array.isArray(params) ? params : [params];
      var head = '';
      var rows = [];
      list.forEach(function (p) {
        if (p.seriesType === 'custom' || String(p.seriesId).indexOf('band') === 0) return;
        var d = p.data !== null && typeof p.data === 'object' && !Array.isArray(p.data) ? p.data : {};
        if (!head) head = d.title || p.axisValueLabel || p.name || '';
        var v = valueOf(p, dim);
        var name = (a.names && a.names[p.seriesId]) || p.seriesName;
        var row = p.marker + esc(name) + (a.hideValue ? '' : ': <b>' + f(v) + '</b>');
        if (d.ci) row += ' <span style="color:#666">(95% CI ' + f(d.ci[0]) + ' – ' + f(d.ci[1]) + ')</span>';
        if (d.significant) row += ' <b style="color:#B00020">significant</b>';
        rows.push(row);
        (d.more || []).forEach(function (m) { rows.push('<span style="color:#444">' + esc(m) + '</span>'); });
      });
      return (head ? '<b>' + esc(String(head).replace(/\n/g, ' / ')) + '</b><br>' : '') + rows.join('<br>');
    };
  }

  function cellPercent() { return function (p) { return finite(valueOf(p, 2)) ? pct(valueOf(p, 2), 0) : ''; }; }

  var MAKERS = {
    percent: function () { return FORMATS.percent; },
    percent0: function () { return FORMATS.percent0; },
    points: function () { return FORMATS.points; },
    pointsTick: function () { return FORMATS.pointsTick; },
    count: function () { return FORMATS.count; },
    decimal2: function () { return FORMATS.decimal2; },
    signed: function () { return FORMATS.signed; },
    errorBar: errorBar,
    ciTooltip: ciTooltip,
    cellPercent: cellPercent
  };

  function revive(x) {
    if (Array.isArray(x)) return x.map(revive);
    if (x === null || typeof x !== 'object') return x;
    if (typeof x.$fn === 'string') {
      var make = MAKERS[x.$fn];
      if (!make) throw new Error('unknown chart function ' + x.$fn);
      return make(x.args || {});
    }
    var out = {};
    Object.keys(x).forEach(function (k) { out[k] = revive(x[k]); });
    return out;
  }

  var specs = JSON.parse(document.getElementById('chart-data').textContent);
  var charts = specs.map(function (s) {
    var chart = echarts.init(document.getElementById('chart-' + s.id), null, { renderer: 'canvas' });
    chart.setOption(revive(s.option));
    return chart;
  });
  function resize() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  document.documentElement.setAttribute('data-charts-drawn', String(charts.length));
})();
`;
