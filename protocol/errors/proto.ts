import type { ErrorCatalogPart } from './catalog-types.ts';

// PROTO area. Append entries; never rename or reuse a code.
export const PROTO_ERRORS = {
} as const satisfies ErrorCatalogPart;
