import type { ErrorCatalogPart } from './catalog-types.ts';

// CAMERA area. Append entries; never rename or reuse a code.
export const CAMERA_ERRORS = {
} as const satisfies ErrorCatalogPart;
