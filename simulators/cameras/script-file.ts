// The --incidents file of `emberload sim cameras`: JSON or YAML, either a list of incidents or an
// object {incidents: [...], faults: [...]}. Only read and shape-checked here; the contents are
// validated whole with the other options by resolveCameraServerOptions().
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { IncidentSpec } from '../../protocol/alert.ts';
import { EmberError } from '../../protocol/errors.ts';
import type { CameraFaultSpec } from './camera-options.ts';

export interface CameraScript {
  readonly incidents: readonly IncidentSpec[];
  readonly faults: readonly CameraFaultSpec[];
}

export function parseCameraScript(text: string, source: string): CameraScript {
  let doc: unknown;
  try {
    doc = parseYaml(text); // YAML is a superset of JSON
  } catch (err) {
    throw new EmberError('EMBER_ERR_CAMERA_SIM_SCRIPT_UNREADABLE', source, [{ path: source, rule: `must be valid JSON or YAML (${(err as Error).message.split('\n')[0]})`, received: text }]);
  }
  if (Array.isArray(doc)) return { incidents: doc as IncidentSpec[], faults: [] };
  if (typeof doc === 'object' && doc !== null) {
    const d = doc as { incidents?: unknown; faults?: unknown };
    const extra = Object.keys(d).filter((k) => k !== 'incidents' && k !== 'faults');
    if (extra.length === 0) return { incidents: (d.incidents ?? []) as IncidentSpec[], faults: (d.faults ?? []) as CameraFaultSpec[] };
    throw new EmberError('EMBER_ERR_CAMERA_SIM_SCRIPT_UNREADABLE', source, [{ path: `${source}: ${extra.join(', ')}`, rule: 'only the keys incidents and faults are allowed', received: extra }]);
  }
  throw new EmberError('EMBER_ERR_CAMERA_SIM_SCRIPT_UNREADABLE', source, [{ path: source, rule: 'must be a list of incidents or {incidents: [...], faults: [...]}', received: doc }]);
}

export async function readCameraScript(path: string): Promise<CameraScript> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new EmberError('EMBER_ERR_CAMERA_SIM_SCRIPT_UNREADABLE', path, [{ path: '--incidents', rule: `must be a readable file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, received: path }], { cause: err });
  }
  return parseCameraScript(text, path);
}
