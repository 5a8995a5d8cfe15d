// Restart delays: exponential (base·2^attempt, capped) with ± jitter, so a reconnect storm after a
// network blip spreads out instead of hitting the cameras in lockstep (risks seed: "exponential
// backoff, staggered reconnect scheduler").

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  /** ± share of the delay drawn at random (0.3 → 70 %…130 %). */
  readonly jitter: number;
}

export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  const factor = 1 + policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(exp * factor));
}
