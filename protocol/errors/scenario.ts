import type { ErrorCatalogPart } from './catalog-types.ts';

// SCENARIO area. Append entries; never rename or reuse a code.
export const SCENARIO_ERRORS = {
} as const satisfies ErrorCatalogPart;
