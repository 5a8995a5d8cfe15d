// What differs between the runs being compared, beyond the figures: phase (an error unless a
// cross-phase diff was asked for), profile, load, machine and run status (warnings that the
// comparison output always shows). Pure.
import { EmberError, type Problem } from '../../protocol/errors.ts';
import type { RunResult } from '../../protocol/run-result.ts';

function machine(r: RunResult): string {
  const e = r.environment;
  return `${e.hostname} (${e.cpuModel}, ${e.cpuCores} cores)`;
}

function load(r: RunResult): string {
  const l = r.load;
  return `${l.cameras} cameras @ ${l.cameraFps} fps, ${l.sensors} sensors @ ${l.sensorHz} Hz`;
}

export function describeDifferences(baselines: readonly RunResult[], candidates: readonly RunResult[], crossPhaseAllowed: boolean): { warnings: string[]; notes: string[]; crossPhase: boolean } {
  const warnings: string[] = [];
  const notes: string[] = [];
  const all = [...baselines, ...candidates];
  const problems: Problem[] = [];
  // Repeats on one side must be repeats of the same thing, or their mean means nothing.
  for (const [side, runs] of [['baseline', baselines], ['candidate', candidates]] as const) {
    const first = runs[0];
    runs.forEach((r, i) => {
      if (first && (r.phase !== first.phase || r.profile !== first.profile)) problems.push({ path: `${side}[${i}]`, rule: `repeats must share phase and profile with ${first.runId} (${first.phase}/${first.profile})`, received: `${r.runId}: ${r.phase}/${r.profile}` });
    });
  }
  if (problems.length > 0) throw new EmberError('EMBER_ERR_REPORT_COMPARE_INPUT', 'mixed repeats', problems);

  const b = baselines[0] as RunResult;
  const c = candidates[0] as RunResult;
  let crossPhase = false;
  if (b.phase !== c.phase) {
    if (!crossPhaseAllowed) {
      throw new EmberError('EMBER_ERR_REPORT_PHASE_MISMATCH', `${b.phase} vs ${c.phase}`, [{ path: 'candidate.phase', rule: `must equal the baseline's phase ${JSON.stringify(b.phase)} (pass --cross-phase for a diff vs another phase)`, received: c.phase }]);
    }
    crossPhase = true;
    warnings.push(`CROSS-PHASE DIFF: ${b.phase} (${load(b)}) vs ${c.phase} (${load(c)}). The loads differ, so these deltas describe what the next phase costs, not a regression; the verdict is informational and never fails.`);
  } else if (load(b) !== load(c)) {
    warnings.push(`load differs within ${b.phase}: baseline ${load(b)}, candidate ${load(c)}`);
  }
  if (b.profile !== c.profile) warnings.push(`profiles differ (${b.profile} vs ${c.profile}): longer runs see more of the tail, so P99/max move for that reason alone`);
  const machines = new Set(all.map(machine));
  if (machines.size > 1) warnings.push(`different machines: ${[...machines].join(' vs ')}; absolute figures are not comparable across hardware`);
  for (const r of all) if (r.status !== 'completed') warnings.push(`run ${r.runId} ${r.status}${r.abortReason ? ` (${r.abortReason})` : ''}: its figures cover only part of the load`);
  notes.push(baselines.length === 1 ? 'single baseline run: no repeats, so the tolerance alone decides (give several baselines to add a t test)' : `${baselines.length} baseline runs: a figure beyond tolerance must also pass a one-sided t test (α = 0.05) to count`);
  return { warnings, notes, crossPhase };
}
