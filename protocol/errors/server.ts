import type { ErrorCatalogPart } from './catalog-types.ts';

// SERVER area. Append entries; never rename or reuse a code.
export const SERVER_ERRORS = {
} as const satisfies ErrorCatalogPart;
