import type { ErrorCatalogPart } from './catalog-types.ts';

// CAMERA area. Append entries; never rename or reuse a code.
export const CAMERA_ERRORS = {
  EMBER_ERR_CAMERA_INGEST_CONFIG_INVALID: { message: 'camera ingest configuration is invalid', hint: 'fix every problem listed (streams[i].id/loc_id/url/fps, cameras.* options); no camera was started or changed', exit: 2 },
  EMBER_ERR_CAMERA_INGEST_FFMPEG_MISSING: { message: 'no ffmpeg binary found for camera ingest', hint: 'put ffmpeg on PATH or keep the npm package @ffmpeg-installer/ffmpeg installed (npm ci installs it)', exit: 1 },
  EMBER_ERR_CAMERA_INGEST_CLOSED: { message: 'camera ingest is already closed', hint: 'the server is shutting down; retry against a running server', exit: 1 },
  EMBER_ERR_CAMERA_SIM_OPTIONS_INVALID: { message: 'camera simulator options are invalid', hint: 'fix every problem listed (cameras, fps, codec, resolution, incidents, faults); no camera was started', exit: 2 },
  EMBER_ERR_CAMERA_SIM_FAULT_INVALID: { message: 'camera fault is invalid', hint: 'a fault needs kind stop|stall|reconnect-storm|corrupt|truncate|refuse-setup, a cameraId of the server (except reconnect-storm) and durations > 0', exit: 2 },
  EMBER_ERR_CAMERA_SIM_SCRIPT_UNREADABLE: { message: 'camera simulator script file cannot be read or parsed', hint: 'check the --incidents path and that the file is JSON or YAML: a list of incidents, or {incidents: [...], faults: [...]}', exit: 2 },
  EMBER_ERR_CAMERA_SIM_FFMPEG_MISSING: { message: 'no ffmpeg binary found to encode the camera clips', hint: 'put ffmpeg on PATH or keep the npm package @ffmpeg-installer/ffmpeg installed (npm ci installs it)', exit: 1 },
  EMBER_ERR_CAMERA_SIM_CLIP_FAILED: { message: 'encoding or parsing a camera clip failed', hint: 'see the ffmpeg output quoted above; delete the clip cache directory (default .cache/emberload/clips) and retry', exit: 1 },
  EMBER_ERR_CAMERA_SIM_LISTEN_FAILED: { message: 'the camera simulator cannot listen on the requested address', hint: 'choose a free --port (0 picks one) or another --host', exit: 2 },
} as const satisfies ErrorCatalogPart;
