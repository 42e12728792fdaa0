/**
 * One self-contained HTML page: text, tables and chart containers, the chart options as a
 * JSON block, and the ECharts library inlined (passed in by the caller, which reads it from
 * node_modules), so the file opens from disk with no network.
 */
import type { Chart } from './chart.ts';
import { FONT_FAMILY } from './palette.ts';
import { RUNTIME_JS } from './runtime.ts';

export interface Table {
  caption: string;
  head: string[];
  rows: string[][];
  /** 'r' right-aligns a column (numbers); default left. */
  align?: Array<'l' | 'r'>;
  /** Rows to set in bold (e.g. the overall row, or significant differences). */
  strong?: number[];
}

export interface Section {
  heading: string;
  intro?: string;
  charts: Chart[];
  tables: Table[];
}

export interface Page {
  /** English title; `titleJa` beside it. */
  title: string;
  titleJa: string;
  /** Facts at the top: scenario, seed, replications… */
  facts: Array<[string, string]>;
  definitions: Array<[string, string]>;
  sections: Section[];
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside a <script> element: no "</script>", "<!--", or JS line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Script text safe inside a <script> element ("<\/" means the same in strings and regexes). */
export function scriptText(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#F4F5F7;color:#1F2328;font:15px/1.5 ${FONT_FAMILY}}
main{max-width:1240px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:26px;margin:0 0 4px}
h1 .ja{display:block;font-size:18px;font-weight:500;color:#555}
h2{font-size:20px;margin:0 0 4px}
h3{font-size:16px;margin:18px 0 6px}
.card{background:#fff;border:1px solid #DDE1E6;border-radius:8px;padding:18px 20px;margin:18px 0}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:12px 0 0}
.facts dt{color:#555}.facts dd{margin:0;font-weight:600}
.defs dt{font-weight:600;margin-top:6px}.defs dd{margin:0 0 0 16px;color:#333}
.intro,.note{color:#444;margin:4px 0 8px}.note{font-size:13px}
.chart{width:100%;margin:8px 0}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13.5px;margin:4px 0}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{padding:5px 8px;border-bottom:1px solid #E3E6EA;vertical-align:top}
th{background:#F0F2F5;text-align:left;font-weight:600}
td:first-child,th:first-child{white-space:nowrap}
td.r,th.r{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th.r{white-space:normal;min-width:72px}
tr.strong td{font-weight:700}
tbody tr:nth-child(even){background:#FAFBFC}
footer{color:#666;font-size:12px;margin-top:24px}
@media print{body{background:#fff}.card{break-inside:avoid;border:none}}
`;

function table(t: Table): string {
  const cls = (i: number): string => (t.align?.[i] === 'r' ? ' class="r"' : '');
  const head = t.head.map((h, i) => `<th${cls(i)}>${escapeHtml(h).replace(/\n/g, '<br>')}</th>`).join('');
  const rows = t.rows
    .map((row, r) => {
      const cells = row.map((c, i) => `<td${cls(i)}>${escapeHtml(c).replace(/\n/g, '<br>')}</td>`).join('');
      return `<tr${t.strong?.includes(r) ? ' class="strong"' : ''}>${cells}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table><caption>${escapeHtml(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

function chart(c: Chart): string {
  const note = c.note ? `\n<p class="note">${escapeHtml(c.note)}</p>` : '';
  return `<h3>${escapeHtml(c.title)}</h3>\n<div class="chart" id="chart-${escapeHtml(c.id)}" style="height:${c.height}px"></div>${note}`;
}

function section(s: Section): string {
  const intro = s.intro ? `\n<p class="intro">${escapeHtml(s.intro)}</p>` : '';
  const body = [...s.charts.map(chart), ...s.tables.map(table)].join('\n');
  return `<section class="card">\n<h2>${escapeHtml(s.heading)}</h2>${intro}\n${body}\n</section>`;
}

/** Every chart of the page, in order (ids must be unique). */
export function pageCharts(page: Page): Chart[] {
  return page.sections.flatMap((s) => s.charts);
}

export function renderPage(page: Page, echartsJs: string): string {
  const charts = pageCharts(page);
  const ids = new Set(charts.map((c) => c.id));
  if (ids.size !== charts.length) throw new Error('chart ids on a page must be unique');
  const facts = page.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  const defs = page.definitions.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('\n');
  const data = charts.map((c) => ({ id: c.id, option: c.option }));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${page.title} — ${page.titleJa}`)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header class="card">
<h1>${escapeHtml(page.title)}<span class="ja">${escapeHtml(page.titleJa)}</span></h1>
<dl class="facts">${facts}</dl>
</header>
${page.sections.map(section).join('\n')}
<section class="card">
<h2>Definitions / 定義</h2>
<dl class="defs">
${defs}
</dl>
</section>
<footer>Made by helpline-sim. Self-contained: charts drawn by Apache ECharts, inlined in this file; no network needed.</footer>
</main>
<script type="application/json" id="chart-data">${scriptJson(data)}</script>
<script>${scriptText(echartsJs)}</script>
<script>${scriptText(RUNTIME_JS)}</script>
</body>
</html>
`;
}
