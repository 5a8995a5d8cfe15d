// junit.xml: one <testcase> per threshold (k6-jslib-summary's shape: "<metric> - <expr>"), so CI
// systems show threshold failures as test failures. Not-applicable thresholds are <skipped>.
import type { RunResult } from '../protocol/run-result.ts';
import { escapeXml as x } from './format.ts';
import { countVerdicts, verdictRow } from './verdict-rows.ts';

export function renderJunit(result: RunResult): string {
  const c = countVerdicts(result);
  const suite = `emberload thresholds: ${result.phase} ${result.profile}`;
  const cases = result.thresholds.map((t) => {
    const r = verdictRow(t);
    const open = `    <testcase classname="emberload.${x(result.phase)}" name="${x(`${r.key} - ${r.expression}`)}" time="0">`;
    if (r.verdict === 'pass') return `${open}</testcase>`;
    if (r.verdict === 'not-applicable') return `${open}<skipped message="${x(r.note || 'not applicable')}"/></testcase>`;
    const msg = `${r.verdict === 'aborted' ? 'aborted' : 'failed'}: observed ${r.observedText}, limit ${r.limitText}${r.note ? ` (${r.note})` : ''}`;
    return `${open}<failure message="${x(msg)}" type="threshold">${x(msg)}</failure></testcase>`;
  });
  const errors = result.status === 'completed' ? 0 : 1;
  const runCase = errors === 0 ? [] : [`    <testcase classname="emberload.${x(result.phase)}" name="run completed" time="${result.durationS}"><error message="${x(`run ${result.status}${result.abortReason ? `: ${result.abortReason}` : ''}`)}"/></testcase>`];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="emberload" tests="${result.thresholds.length + errors}" failures="${c.fail}" errors="${errors}" skipped="${c.notApplicable}" time="${result.durationS}">`,
    `  <testsuite name="${x(suite)}" tests="${result.thresholds.length + errors}" failures="${c.fail}" errors="${errors}" skipped="${c.notApplicable}" time="${result.durationS}" timestamp="${new Date(result.startedAtMs).toISOString()}" hostname="${x(result.environment.hostname)}">`,
    ...cases,
    ...runCase,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
