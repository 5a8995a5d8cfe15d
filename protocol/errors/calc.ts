import type { ErrorCatalogPart } from './catalog-types.ts';

// CALC area. Append entries; never rename or reuse a code.
export const CALC_ERRORS = {
} as const satisfies ErrorCatalogPart;
