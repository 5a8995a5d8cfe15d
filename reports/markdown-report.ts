// report.md: verdict table first (what CI readers need), then the load as run, latency, throughput,
// resources, incidents with their latencies, faults and the environment. Pure: RunResult → string.
import type { MetricSummary, RunResult } from '../protocol/run-result.ts';
import { escapeMdCell as cell, formatDurationS, formatNumber, formatValue, isoTime, tagsLabel, verdictMark } from './format.ts';
import { isLatency, isResource } from './metric-groups.ts';
import { countVerdicts, verdictRows } from './verdict-rows.ts';

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}


export function verdictSection(result: RunResult): string[] {
  const c = countVerdicts(result);
  const lines = [`## Verdict: ${verdictMark(result.verdict)} — ${c.pass} passed, ${c.fail} failed, ${c.notApplicable} not applicable`, ''];
  if (result.status !== 'completed') lines.push(`> **Run ${result.status}**${result.abortReason ? `: ${result.abortReason}` : ''}`, '');
  if (result.thresholds.length === 0) return [...lines, '_No thresholds were defined for this run._', ''];
  const rows = verdictRows(result).map((r) => [verdictMark(r.verdict), `\`${r.key}\``, `\`${r.expression}\``, r.observedText, r.limitText, r.note]);
  return [...lines, ...table(['verdict', 'metric', 'threshold', 'observed', 'limit', 'note'], rows), ''];
}

function loadSection(r: RunResult): string[] {
  const l = r.load;
  const lines = ['## Load', '', `${l.cameras} cameras @ ${formatNumber(l.cameraFps)} fps, ${l.sensors} sensors @ ${formatNumber(l.sensorHz)} Hz, mode ${r.mode}, ${formatDurationS(r.durationS)}.`, ''];
  if (l.stages.length > 0) lines.push(...table(['stage', 'start', 'duration', 'rate ×'], l.stages.map((s) => [s.name, `${formatNumber(s.startS)} s`, `${formatNumber(s.durationS)} s`, formatNumber(s.rateMultiplier)])), '');
  return lines;
}

function latencySection(r: RunResult): string[] {
  const trends = r.metrics.filter(isLatency);
  if (trends.length === 0) return [];
  const v = (m: MetricSummary, x: number | undefined): string => (x === undefined ? '–' : formatNumber(x));
  const rows = trends.map((m) => [`\`${m.name}\``, tagsLabel(m.tags), m.unit, v(m, m.count), v(m, m.med), v(m, m.p90), v(m, m.p95), v(m, m.p99), v(m, m.max), m.source]);
  return ['## Latency', '', ...table(['metric', 'tags', 'unit', 'count', 'p50', 'p90', 'p95', 'p99', 'max', 'how measured'], rows), ''];
}

function summaryText(m: MetricSummary): string {
  const parts: string[] = [];
  if (m.kind === 'trend') {
    const f = (label: string, v: number | undefined): void => {
      if (v !== undefined) parts.push(`${label} ${formatValue(v, m.unit)}`);
    };
    f('mean', m.avg); f('p50', m.med); f('p95', m.p95); f('min', m.min); f('max', m.max);
    if (m.count !== undefined) parts.push(`${m.count} samples`);
    return parts.join(', ');
  }
  // A rate metric's count is its number of samples, not a value in its unit.
  if (m.count !== undefined) parts.push(m.kind === 'rate' ? `${m.count} samples` : `count ${formatValue(m.count, m.unit)}`);
  if (m.rate !== undefined) parts.push(m.kind === 'rate' ? `rate ${formatValue(m.rate, 'ratio')}` : `${formatNumber(m.rate)} ${m.unit}/s`);
  if (m.value !== undefined) parts.push(`value ${formatValue(m.value, m.unit)}`);
  if (m.min !== undefined) parts.push(`min ${formatValue(m.min, m.unit)}`);
  if (m.max !== undefined) parts.push(`max ${formatValue(m.max, m.unit)}`);
  if (m.passes !== undefined && m.fails !== undefined) parts.push(`${m.passes} of ${m.passes + m.fails} non-zero`);
  return parts.join(', ');
}

function metricTable(title: string, metrics: readonly MetricSummary[]): string[] {
  if (metrics.length === 0) return [];
  return [`## ${title}`, '', ...table(['metric', 'tags', 'figures', 'how measured'], metrics.map((m) => [`\`${m.name}\``, tagsLabel(m.tags), summaryText(m), m.source])), ''];
}

function incidentSection(r: RunResult): string[] {
  if (r.incidents.length === 0) return ['## Incidents', '', '_No incidents were injected._', ''];
  const a = r.alertAccuracy;
  const acc = `Alerts seen ${a.alertsSeen}, matched ${a.matched}, unmatched (false positives) ${a.unmatched}, duplicates ${a.duplicates}, recall ${a.recall === null ? 'n/a' : formatValue(a.recall, 'ratio')}, precision ${a.precision === null ? 'n/a' : formatValue(a.precision, 'ratio')}.`;
  const rows = r.incidents.map((i) => [i.id, i.kind, i.cameraId ?? i.locId ?? '–', `${formatNumber((i.injectedAtMs - r.startedAtMs) / 1000)} s`, i.detected ? 'yes' : '**no**', i.latencyMs === undefined ? '–' : `${formatNumber(i.latencyMs)} ms`, i.alertId ?? '–']);
  return ['## Incidents', '', acc, '', ...table(['incident', 'kind', 'where', 'injected at', 'detected', 'injection → alert', 'alert'], rows), ''];
}

function faultSection(r: RunResult): string[] {
  if (r.faults.length === 0) return [];
  const lost = (x: Readonly<Record<string, number>>): string => Object.entries(x).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  const rows = r.faults.map((f) => [f.kind, `${formatNumber(f.atS)} s`, f.detail, f.recoveryMs === null ? '**never recovered**' : `${formatNumber(f.recoveryMs)} ms`, lost(f.lost)]);
  return ['## Faults', '', ...table(['fault', 'at', 'detail', 'recovery', 'lost'], rows), ''];
}

function environmentSection(r: RunResult): string[] {
  const e = r.environment;
  const t = r.target;
  return [
    '## Environment',
    '',
    `- host \`${e.hostname}\`: ${e.cpuModel}, ${e.cpuCores} cores, ${formatValue(e.totalMemoryBytes, 'bytes')}; ${e.platform}/${e.arch}, kernel ${e.kernel}, Node ${e.nodeVersion}`,
    `- emberload ${e.emberloadVersion}${e.gitCommit ? ` at commit \`${e.gitCommit.slice(0, 12)}\`` : ''}`,
    `- target: ${t.kind} at ${t.sensorAddress}${t.httpUrl ? `, ${t.httpUrl}` : ''}; features: ${t.features.join(', ') || 'none advertised'}${t.nodes ? `; ${t.nodes} nodes` : ''}`,
    `- probe overhead: ${formatNumber(r.probeOverheadCores)} core-seconds per second (target < 0.02)`,
    `- started ${isoTime(r.startedAtMs)}, ended ${isoTime(r.endedAtMs)}`,
    '',
  ];
}

export function renderMarkdownReport(result: RunResult): string {
  const trends = new Set(result.metrics.filter(isLatency));
  const resources = result.metrics.filter((m) => !trends.has(m) && isResource(m));
  const others = result.metrics.filter((m) => !trends.has(m) && !isResource(m));
  const lines = [
    `# emberload report: ${result.phase} · ${result.profile} · ${result.mode}`,
    '',
    `Run \`${result.runId}\` (scenario ${result.scenario}), status **${result.status}**, ${formatDurationS(result.durationS)}, started ${isoTime(result.startedAtMs)}.`,
    '',
    ...verdictSection(result),
    ...loadSection(result),
    ...latencySection(result),
    ...metricTable('Throughput, drops and counters', others),
    ...metricTable('Resources', resources),
    ...incidentSection(result),
    ...faultSection(result),
    ...environmentSection(result),
  ];
  if (result.notes.length > 0) lines.push('## Notes', '', ...result.notes.map((n) => `- ${n}`), '');
  if (result.rawFiles.length > 0) lines.push('## Raw files', '', ...result.rawFiles.map((f) => `- \`${f}\``), '');
  return `${lines.join('\n').trimEnd()}\n`;
}
