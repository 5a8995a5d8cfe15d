// Turning an exact load and a capacity into a PASS/WARN/FAIL check (compared exactly, never rounded).
import type { Q } from './rational.ts';
import type { Check, CheckUnit, Verdict } from './size-types.ts';

/** PASS ≤ target, WARN ≤ hard limit, FAIL above; UNKNOWN when there is no capacity to compare with. */
export function verdictFor(utilisation: Q | null, target: Q, hard: Q): Verdict {
  if (utilisation === null) return 'UNKNOWN';
  if (utilisation.le(target)) return 'PASS';
  if (utilisation.le(hard)) return 'WARN';
  return 'FAIL';
}

export function utilCheck(resource: string, scope: string, unit: CheckUnit, required: Q, provisioned: Q | undefined | null, target: Q, hard: Q, note = ''): Check {
  const prov = provisioned ?? null;
  const utilisation = prov === null || prov.isZero() ? null : required.div(prov);
  return { resource, scope, unit, required, provisioned: prov, utilisation, target, verdict: verdictFor(utilisation, target, hard), note: prov === null && note === '' ? 'no capacity given in the plan' : note };
}

/** A fit check: required must not exceed what is provisioned (no soft target). */
export function fitCheck(resource: string, scope: string, unit: CheckUnit, required: Q, provisioned: Q | null, note = ''): Check {
  const utilisation = provisioned === null || provisioned.isZero() ? null : required.div(provisioned);
  const verdict: Verdict = provisioned === null ? 'UNKNOWN' : required.le(provisioned) ? 'PASS' : 'FAIL';
  return { resource, scope, unit, required, provisioned, utilisation, target: null, verdict, note };
}

const RANK: Record<Verdict, number> = { PASS: 0, UNKNOWN: 1, WARN: 2, FAIL: 3 };

export function worst(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((a, b) => (RANK[b] > RANK[a] ? b : a), 'PASS');
}
