import type { ErrorCatalogPart } from './catalog-types.ts';

// BUS area. Append entries; never rename or reuse a code.
export const BUS_ERRORS = {
} as const satisfies ErrorCatalogPart;
