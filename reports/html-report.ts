// report.html: one self-contained file (chart.js inlined, data embedded as JSON) that opens from a CI
// artifact with no network. Verdict table first; charts below. Pure: the chart.js source is passed in
// by the CLI, which is the only module that reads files.
import type { RunResult } from '../protocol/run-result.ts';
import { chartJsConfig } from './chart-config.ts';
import { SECTION_TITLES, chartSpecs, type ChartSection, type ChartSpec } from './chart-specs.ts';
import { escapeHtml as h, formatDurationS, formatNumber, formatValue, isoTime, tagsLabel, verdictMarkPlain as verdictMark } from './format.ts';
import { isLatency } from './metric-groups.ts';
import { countVerdicts, verdictRows } from './verdict-rows.ts';

export interface HtmlReportInput {
  readonly result: RunResult;
  /** Contents of chart.js's UMD bundle, inlined so the file works offline. */
  readonly chartJsSource: string;
}

/** JSON inside <script> must not be able to close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function verdictTable(result: RunResult): string {
  if (result.thresholds.length === 0) return '<p><em>No thresholds were defined for this run.</em></p>';
  const rows = verdictRows(result)
    .map(
      (r) =>
        `<tr class="v-${h(r.verdict)}" data-key="${h(r.key)}" data-expression="${h(r.expression)}" data-verdict="${h(r.verdict)}" data-observed="${r.observed === null ? '' : String(r.observed)}">` +
        `<td>${h(verdictMark(r.verdict))}</td><td><code>${h(r.key)}</code></td><td><code>${h(r.expression)}</code></td><td>${h(r.observedText)}</td><td>${h(r.limitText)}</td><td>${h(r.note)}</td></tr>`,
    )
    .join('\n');
  return `<table id="verdict-table"><thead><tr><th>verdict</th><th>metric</th><th>threshold</th><th>observed</th><th>limit</th><th>note</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function latencyTable(result: RunResult): string {
  const trends = result.metrics.filter(isLatency);
  if (trends.length === 0) return '';
  const v = (x: number | undefined): string => (x === undefined ? '–' : formatNumber(x));
  const rows = trends.map((m) => `<tr><td><code>${h(m.name)}</code></td><td>${h(tagsLabel(m.tags))}</td><td>${h(m.unit)}</td><td>${v(m.count)}</td><td>${v(m.med)}</td><td>${v(m.p90)}</td><td>${v(m.p95)}</td><td>${v(m.p99)}</td><td>${v(m.max)}</td><td class="src">${h(m.source)}</td></tr>`);
  return `<h2>Latency</h2><table><thead><tr><th>metric</th><th>tags</th><th>unit</th><th>count</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>max</th><th>how measured</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function incidentTable(result: RunResult): string {
  if (result.incidents.length === 0) return '';
  const a = result.alertAccuracy;
  const rows = result.incidents.map(
    (i) => `<tr><td>${h(i.id)}</td><td>${h(i.kind)}</td><td>${h(i.cameraId ?? i.locId ?? '–')}</td><td>${formatNumber((i.injectedAtMs - result.startedAtMs) / 1000)} s</td><td>${i.detected ? 'yes' : '<strong>no</strong>'}</td><td>${i.latencyMs === undefined ? '–' : `${formatNumber(i.latencyMs)} ms`}</td></tr>`,
  );
  const acc = `alerts seen ${a.alertsSeen}, matched ${a.matched}, false positives ${a.unmatched}, duplicates ${a.duplicates}, recall ${a.recall === null ? 'n/a' : formatValue(a.recall, 'ratio')}`;
  return `<h2>Incidents</h2><p>${h(acc)}</p><table><thead><tr><th>incident</th><th>kind</th><th>where</th><th>injected at</th><th>detected</th><th>injection → alert</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function faultTable(result: RunResult): string {
  if (result.faults.length === 0) return '';
  const rows = result.faults.map((f) => `<tr><td>${h(f.kind)}</td><td>${formatNumber(f.atS)} s</td><td>${h(f.detail)}</td><td>${f.recoveryMs === null ? '<strong>never recovered</strong>' : `${formatNumber(f.recoveryMs)} ms`}</td></tr>`);
  return `<h2>Faults</h2><table><thead><tr><th>fault</th><th>at</th><th>detail</th><th>recovery</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function chartSections(specs: readonly ChartSpec[]): string {
  const bySection = new Map<ChartSection, ChartSpec[]>();
  for (const s of specs) bySection.set(s.section, [...(bySection.get(s.section) ?? []), s]);
  const parts: string[] = [];
  for (const [section, list] of bySection) {
    parts.push(`<h2>${h(SECTION_TITLES[section])}</h2>`);
    for (const s of list) parts.push(`<div class="chart"><canvas id="chart-${h(s.id)}" data-chart-id="${h(s.id)}" role="img" aria-label="${h(s.title)}"></canvas></div>`);
  }
  return parts.length === 0 ? '<p><em>This run recorded no time series.</em></p>' : parts.join('\n');
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:1100px;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}tr.v-fail td,tr.v-aborted td{background:#fde8e8}tr.v-pass td:first-child{color:#17692a}td.src{color:#666;font-size:12px}
.chart{position:relative;height:320px;margin:0 0 1.5rem}.banner{padding:.6rem 1rem;border-radius:6px;font-size:18px;font-weight:600}
.banner.pass{background:#e6f4ea}.banner.fail,.banner.aborted{background:#fde8e8}.banner.not-applicable{background:#eee}code{font-size:12px}`;

// Runs in the page: builds every chart and records how many rendered (the browser test reads it).
const BOOT = `(function(){var specs=JSON.parse(document.getElementById('emberload-chart-data').textContent);var n=0;
specs.forEach(function(s){var c=document.getElementById('chart-'+s.id);if(!c)return;new Chart(c,s.config);n++;});
window.__emberloadChartsRendered=n;})();`;

export function renderHtmlReport(input: HtmlReportInput): string {
  const r = input.result;
  const c = countVerdicts(r);
  const specs = chartSpecs(r);
  const data = specs.map((s) => ({ id: s.id, config: chartJsConfig(s, { responsive: true }) }));
  const l = r.load;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>emberload ${h(r.phase)} ${h(r.profile)} — ${h(r.verdict)}</title><style>${STYLE}</style></head>
<body>
<h1>emberload report: ${h(r.phase)} · ${h(r.profile)} · ${h(r.mode)}</h1>
<p>Run <code>${h(r.runId)}</code>, status <strong>${h(r.status)}</strong>${r.abortReason ? ` (${h(r.abortReason)})` : ''}, ${h(formatDurationS(r.durationS))}, started ${h(isoTime(r.startedAtMs))} on <code>${h(r.environment.hostname)}</code> (${h(r.environment.cpuModel)}, ${r.environment.cpuCores} cores).</p>
<div class="banner ${h(r.verdict)}" id="verdict">${h(verdictMark(r.verdict))} — ${c.pass} passed, ${c.fail} failed, ${c.notApplicable} not applicable</div>
<h2>Thresholds</h2>
${verdictTable(r)}
<h2>Load</h2><p>${l.cameras} cameras @ ${formatNumber(l.cameraFps)} fps, ${l.sensors} sensors @ ${formatNumber(l.sensorHz)} Hz; stages: ${h(l.stages.map((s) => `${s.name} ${formatNumber(s.startS)}–${formatNumber(s.startS + s.durationS)} s ×${formatNumber(s.rateMultiplier)}`).join('; ') || 'none')}.</p>
${latencyTable(r)}
${incidentTable(r)}
${faultTable(r)}
${chartSections(specs)}
${r.notes.length > 0 ? `<h2>Notes</h2><ul>${r.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>` : ''}
<script type="application/json" id="emberload-chart-data">${scriptJson(data)}</script>
<script>${input.chartJsSource.replace(/<\/script/gi, '<\\/script')}</script>
<script>${BOOT}</script>
</body></html>
`;
}
