// Calibration from measured runs (sizing-model.md §3.4): fit cores = a + b·cameras + c·sensors and
// rss = r0 + r1·cameras + r2·sensors over 3+ runs, derive marginal per-unit costs, and report R² and
// the upper 95 % prediction bound. Pure: takes parsed RunResults, returns a profile.
import { mean } from 'simple-statistics';
import { EmberError, type Problem } from '../protocol/errors.ts';
import { findMetric, RUN_METRICS, type RunResult } from '../protocol/run-result.ts';
import { Q, q, ZERO } from './rational.ts';
import { olsFit, upperPredictionBound } from './ols.ts';
import { PROFILE_SCHEMA, type CalibrationProfile, type LinearModel } from './calibration-profile.ts';

export interface RunInput {
  /** Where the run came from (file path), for messages. */
  readonly source: string;
  readonly result: RunResult;
}

/** Optional metric with the wire bytes the sensors put on the network (counter). */
export const WIRE_BYTES_METRIC = 'sensor_wire_bytes';

interface Row {
  readonly runId: string;
  readonly cameras: Q;
  readonly sensors: Q;
  readonly cpuCores: Q;
  readonly rssBytes: Q;
  readonly framesPerCameraSecond: number | null;
  readonly packetsPerSensorSecond: number | null;
  readonly packets: number | null;
  readonly wireBytes: number | null;
}

function exact(x: number): Q {
  const v = Q.parse(String(x));
  if (!v) throw new RangeError(`not a finite number: ${x}`);
  return v;
}

function readRow(input: RunInput, problems: Problem[]): Row | undefined {
  const r = input.result;
  const where = `${input.source} (run ${r.runId})`;
  const missing: string[] = [];
  const cpu = findMetric(r, RUN_METRICS.cpuCores)?.avg;
  if (cpu === undefined) missing.push(`${RUN_METRICS.cpuCores}.avg`);
  const rssMetric = findMetric(r, RUN_METRICS.rssBytes);
  const rss = rssMetric?.max ?? rssMetric?.avg;
  if (rss === undefined) missing.push(`${RUN_METRICS.rssBytes}.max (or .avg)`);
  const frames = findMetric(r, RUN_METRICS.framesProcessed)?.count;
  if (r.load.cameras > 0 && frames === undefined) missing.push(`${RUN_METRICS.framesProcessed}.count`);
  const packets = findMetric(r, RUN_METRICS.sensorPacketsProcessed)?.count;
  if (r.load.sensors > 0 && packets === undefined) missing.push(`${RUN_METRICS.sensorPacketsProcessed}.count`);
  if (!(r.durationS > 0)) problems.push({ path: `${where} durationS`, rule: 'must be > 0', received: r.durationS });
  if (r.status !== 'completed') problems.push({ path: `${where} status`, rule: 'must be "completed" (aborted runs do not measure a steady state)', received: r.status });
  if (missing.length > 0) problems.push({ path: `${where} metrics`, rule: `must include ${missing.join(', ')}`, received: r.metrics.map((m) => m.name) });
  if (cpu === undefined || rss === undefined || missing.length > 0 || !(r.durationS > 0)) return undefined;
  const wire = findMetric(r, WIRE_BYTES_METRIC)?.count;
  return {
    runId: r.runId,
    cameras: q(r.load.cameras),
    sensors: q(r.load.sensors),
    cpuCores: exact(cpu),
    rssBytes: exact(rss),
    framesPerCameraSecond: r.load.cameras > 0 && frames !== undefined ? frames / (r.load.cameras * r.durationS) : null,
    packetsPerSensorSecond: r.load.sensors > 0 && packets !== undefined ? packets / (r.load.sensors * r.durationS) : null,
    packets: packets ?? null,
    wireBytes: wire ?? null,
  };
}

function fitModel(rows: readonly Row[], y: (r: Row) => Q, useCameras: boolean, useSensors: boolean): LinearModel | undefined {
  const x = rows.map((r) => [...(useCameras ? [r.cameras] : []), ...(useSensors ? [r.sensors] : [])]);
  const fit = olsFit(x, rows.map(y));
  if (!fit) return undefined;
  let k = 1;
  const perCamera = useCameras ? (fit.beta[k++] as Q) : ZERO;
  const perSensor = useSensors ? (fit.beta[k++] as Q) : ZERO;
  const maxCams = rows.reduce((m, r) => (r.cameras.gt(m) ? r.cameras : m), ZERO);
  const maxSensors = rows.reduce((m, r) => (r.sensors.gt(m) ? r.sensors : m), ZERO);
  const bound = upperPredictionBound(fit, [...(useCameras ? [maxCams] : []), ...(useSensors ? [maxSensors] : [])]);
  return { intercept: fit.beta[0] as Q, perCamera, perSensor, r2: fit.r2, points: fit.points, upper95AtMaxLoad: bound ?? null };
}

export function calibrate(inputs: readonly RunInput[], id: string): CalibrationProfile {
  const problems: Problem[] = [];
  const rows = inputs.map((i) => readRow(i, problems)).filter((r): r is Row => r !== undefined);
  if (inputs.length < 3) problems.push({ path: 'runs', rule: 'need 3 or more runs at different loads (sizing-model.md §3.4 asks for ≥ 4)', received: inputs.length });
  const distinct = (f: (r: Row) => Q) => new Set(rows.map((r) => f(r).toString())).size;
  const useCameras = distinct((r) => r.cameras) > 1;
  const useSensors = distinct((r) => r.sensors) > 1;
  if (rows.length >= 3 && !useCameras && !useSensors) problems.push({ path: 'runs', rule: 'must differ in load.cameras or load.sensors', received: rows.map((r) => `${r.runId}: ${r.cameras}/${r.sensors}`) });
  if (problems.length > 0) throw new EmberError('EMBER_ERR_CALC_RUNS_UNUSABLE', `${problems.length} problem(s)`, problems);
  const cpuCores = fitModel(rows, (r) => r.cpuCores, useCameras, useSensors);
  const rssBytes = fitModel(rows, (r) => r.rssBytes, useCameras, useSensors);
  if (!cpuCores || !rssBytes) {
    throw new EmberError('EMBER_ERR_CALC_RUNS_UNUSABLE', 'the loads are collinear', [{ path: 'runs', rule: 'cameras and sensors must not vary in lockstep; add runs that vary one at a time', received: rows.map((r) => `${r.runId}: ${r.cameras}/${r.sensors}`) }]);
  }
  const notes: string[] = [];
  if (!useCameras) notes.push('cameras did not vary across runs: per-camera slope not measured (0)');
  if (!useSensors) notes.push('sensors did not vary across runs: per-sensor slope not measured (0)');
  // Sizing margin: 6/5 on slopes below 5 runs; otherwise the ratio of the upper 95 % prediction bound
  // to the fitted value at the largest measured load (sizing-model.md §3.4).
  let slopeMargin = q(6, 5);
  if (rows.length < 5) notes.push('fewer than 5 runs: sizing multiplies slopes by 6/5 instead of using the prediction bound (sizing-model.md §3.4)');
  else {
    const maxCams = rows.reduce((m, r) => (r.cameras.gt(m) ? r.cameras : m), ZERO);
    const maxSensors = rows.reduce((m, r) => (r.sensors.gt(m) ? r.sensors : m), ZERO);
    const fitted = cpuCores.intercept.add(cpuCores.perCamera.mul(maxCams)).add(cpuCores.perSensor.mul(maxSensors));
    const upper = cpuCores.upper95AtMaxLoad;
    slopeMargin = upper !== null && fitted.gt(ZERO) ? exact(Number((upper / fitted.toNumber()).toPrecision(6))) : q(6, 5);
    if (slopeMargin.lt(q(1n))) slopeMargin = q(1n);
    notes.push(`slopes scaled by ${slopeMargin.toFixed(4)} = upper 95 % prediction bound / fit at the largest measured load`);
  }
  if (cpuCores.r2.lt(q(95, 100))) notes.push(`CPU fit R² ${cpuCores.r2.toFixed(4)} < 0.95: the acceptance rule of sizing-model.md §3.4 is not met`);
  const fpsRates = rows.map((r) => r.framesPerCameraSecond).filter((v): v is number => v !== null && v > 0);
  const pktRates = rows.map((r) => r.packetsPerSensorSecond).filter((v): v is number => v !== null && v > 0);
  // Marginal cost per unit of work: slope per camera ÷ measured frames per camera-second.
  const coreSecPerFrame = useCameras && fpsRates.length > 0 ? cpuCores.perCamera.div(exact(mean(fpsRates))) : null;
  const coreSecPerSensorPacket = useSensors && pktRates.length > 0 ? cpuCores.perSensor.div(exact(mean(pktRates))) : null;
  const wireRows = rows.filter((r) => r.wireBytes !== null && r.packets !== null && r.packets > 0);
  const wireBytesPerPacket = wireRows.length > 0 ? exact(wireRows.reduce((a, r) => a + (r.wireBytes as number), 0)).div(exact(wireRows.reduce((a, r) => a + (r.packets as number), 0))) : null;
  if (wireBytesPerPacket === null) notes.push(`no run recorded ${WIRE_BYTES_METRIC}: wire bytes per packet not measured`);
  return {
    schema: PROFILE_SCHEMA,
    id,
    runs: rows.map((r) => r.runId),
    cpuCores,
    rssBytes,
    coreSecPerFrame,
    coreSecPerSensorPacket,
    wireBytesPerPacket,
    varied: { cameras: useCameras, sensors: useSensors },
    slopeMargin,
    notes,
  };
}
