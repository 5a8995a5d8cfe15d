// Duration profiles: only durations change between them, never thresholds, so a smoke pass in CI
// and a full soak judge the same gate. Stress = burst at 2× soak rates, then back to soak rates to
// watch recovery.
import type { RunMode, Stage } from '../scenario-types.ts';

export interface ProfileDurations {
  readonly soakS: number;
  readonly burstS: number;
  readonly recoveryS: number;
  /** Seconds between scripted sensor incidents (alert E2E and recall evidence). */
  readonly incidentEveryS: number;
  /** Memory growth compares this window at the start with the same at the end. */
  readonly memoryWindowS: number;
}

export const PROFILES = {
  smoke: { soakS: 40, burstS: 12, recoveryS: 8, incidentEveryS: 10, memoryWindowS: 10 },
  quick: { soakS: 210, burstS: 60, recoveryS: 30, incidentEveryS: 20, memoryWindowS: 60 },
  full: { soakS: 7200, burstS: 600, recoveryS: 120, incidentEveryS: 60, memoryWindowS: 900 },
  exit: { soakS: 86_400, burstS: 600, recoveryS: 120, incidentEveryS: 300, memoryWindowS: 3600 },
} as const satisfies Record<string, ProfileDurations>;

export type ProfileName = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

export const STRESS_MULTIPLIER = 2;

export function stagesFor(p: ProfileDurations, mode: RunMode): Stage[] {
  const stages: Stage[] = [];
  let t = 0;
  if (mode !== 'stress') {
    stages.push({ name: 'soak', startS: t, durationS: p.soakS, rateMultiplier: 1 });
    t += p.soakS;
  }
  if (mode !== 'soak') {
    stages.push({ name: 'burst', startS: t, durationS: p.burstS, rateMultiplier: STRESS_MULTIPLIER });
    t += p.burstS;
    stages.push({ name: 'recovery', startS: t, durationS: p.recoveryS, rateMultiplier: 1 });
  }
  return stages;
}

export function totalS(stages: readonly Stage[]): number {
  return stages.reduce((m, s) => Math.max(m, s.startS + s.durationS), 0);
}
