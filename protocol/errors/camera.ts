import type { ErrorCatalogPart } from './catalog-types.ts';

// CAMERA area. Append entries; never rename or reuse a code.
export const CAMERA_ERRORS = {
  EMBER_ERR_CAMERA_INGEST_CONFIG_INVALID: { message: 'camera ingest configuration is invalid', hint: 'fix every problem listed (streams[i].id/loc_id/url/fps, cameras.* options); no camera was started or changed', exit: 2 },
  EMBER_ERR_CAMERA_INGEST_FFMPEG_MISSING: { message: 'no ffmpeg binary found for camera ingest', hint: 'put ffmpeg on PATH or keep the npm package @ffmpeg-installer/ffmpeg installed (npm ci installs it)', exit: 1 },
  EMBER_ERR_CAMERA_INGEST_CLOSED: { message: 'camera ingest is already closed', hint: 'the server is shutting down; retry against a running server', exit: 1 },
} as const satisfies ErrorCatalogPart;
