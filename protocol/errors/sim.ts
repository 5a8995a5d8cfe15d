import type { ErrorCatalogPart } from './catalog-types.ts';

// SIM area. Append entries; never rename or reuse a code.
export const SIM_ERRORS = {
} as const satisfies ErrorCatalogPart;
