// The phase table: id → definition. Unknown phase ids are a usage error listing the known ones.
import { EmberError } from '../../protocol/errors.ts';
import type { PhaseDefinition } from './phase-definition.ts';
import { PHASE0 } from './phase0.ts';
import { PHASE1 } from './phase1.ts';
import { PHASE2 } from './phase2.ts';
import { PHASE3 } from './phase3.ts';
import { PHASE4 } from './phase4.ts';
import { PHASE5 } from './phase5.ts';

export const PHASES: readonly PhaseDefinition[] = [PHASE0, PHASE1, PHASE2, PHASE3, PHASE4, PHASE5];

export function phaseById(id: string | undefined): PhaseDefinition {
  const def = PHASES.find((p) => p.id === id);
  if (!def) throw new EmberError('EMBER_ERR_SCENARIO_UNKNOWN_PHASE', String(id), [{ path: 'phase', rule: `must be one of ${PHASES.map((p) => p.id).join(', ')}`, received: id }]);
  return def;
}
