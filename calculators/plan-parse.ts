// Validate an untrusted plan (parsed JSON) into a Plan in base units. All problems are collected and
// thrown together as EMBER_ERR_CALC_PLAN_INVALID (exit 2): nothing is sized from a half-valid plan.
import { EmberError } from '../protocol/errors.ts';
import { Q, q, ONE, ZERO } from './rational.ts';
import type { Parity } from './storage.ts';
import type { Redundancy } from './nodes.ts';
import { isObj, PlanReader, type Obj } from './plan-reader.ts';
import type { CameraGroup, ComputeCosts, CostSpec, Duty, NetworkSpec, NodeSpec, Plan, SensorGroup, Targets, Tier, TierMedia } from './plan-types.ts';

const SEED_001 = 'seed 001 thresholds via sizing-model.md §1.4';

export function parsePlan(value: unknown, source = 'plan'): Plan {
  const r = new PlanReader();
  if (!isObj(value)) throw new EmberError('EMBER_ERR_CALC_PLAN_INVALID', source, [{ path: '(root)', rule: 'must be a JSON object', received: value }]);
  const name = r.str(value, 'name', 'name', source);
  const seedRef = typeof value['seedRef'] === 'string' ? value['seedRef'] : undefined;
  const cameras = r.arr(value, 'cameras', 'cameras', true).map((c, i) => readCamera(r, c, `cameras[${i}]`)).filter((c): c is CameraGroup => c !== undefined);
  const sensors = r.arr(value, 'sensors', 'sensors', false).map((s, i) => readSensor(r, s, `sensors[${i}]`)).filter((s): s is SensorGroup => s !== undefined);
  const node = readNode(r, r.obj(value, 'node', 'node', true) ?? {});
  const compute = readCompute(r, r.obj(value, 'compute', 'compute', false) ?? {});
  const targets = readTargets(r, r.obj(value, 'targets', 'targets', false) ?? {});
  const redundancy = readRedundancy(r, r.obj(value, 'redundancy', 'redundancy', true) ?? {});
  const tiers = readTiers(r, r.arr(value, 'tiers', 'tiers', true));
  const network = readNetwork(r, r.obj(value, 'network', 'network', false) ?? {});
  const cost = readCost(r, r.obj(value, 'cost', 'cost', true) ?? {});
  const growthObj = r.obj(value, 'growth', 'growth', false);
  let growth: Plan['growth'];
  if (growthObj) {
    const ratePerYear = r.qty(growthObj, 'ratePerYear', 'growth.ratePerYear', 'ratio', { min: ZERO });
    const years = r.count(growthObj, 'years', 'growth.years', { min: 1n });
    if (years !== undefined && years > 20n) r.problem('growth.years', 'must be ≤ 20', growthObj['years']);
    if (ratePerYear && years !== undefined) growth = { ratePerYear, years: Number(years) };
  }
  const notesRaw = value['notes'];
  const notes = Array.isArray(notesRaw) && notesRaw.every((n) => typeof n === 'string') ? (notesRaw as string[]) : [];
  if (notesRaw !== undefined && notes.length !== (Array.isArray(notesRaw) ? notesRaw.length : -1)) r.problem('notes', 'must be an array of strings', notesRaw);
  if (r.problems.length > 0) throw new EmberError('EMBER_ERR_CALC_PLAN_INVALID', `${source}: ${r.problems.length} problem(s)`, r.problems);
  return {
    name,
    ...(seedRef ? { seedRef } : {}),
    cameras,
    sensors,
    node,
    compute,
    targets,
    redundancy,
    tiers,
    network,
    cost,
    ...(growth ? { growth } : {}),
    notes,
    assumptions: r.assumptions,
  };
}

function readCamera(r: PlanReader, raw: unknown, path: string): CameraGroup | undefined {
  if (!isObj(raw)) return void r.problem(path, 'must be an object', raw);
  const id = r.str(raw, 'id', `${path}.id`);
  const count = r.count(raw, 'count', `${path}.count`);
  const bitrateBps = r.qty(raw, 'bitrate', `${path}.bitrate`, 'bitrate', { min: ZERO, minExclusive: true });
  const bitrateMaxBps = raw['bitrateMax'] === undefined ? bitrateBps : r.qty(raw, 'bitrateMax', `${path}.bitrateMax`, 'bitrate', { min: ZERO, minExclusive: true });
  if (bitrateBps && bitrateMaxBps && bitrateMaxBps.lt(bitrateBps)) r.problem(`${path}.bitrateMax`, 'must be ≥ bitrate (links use the peak, storage the average)', raw['bitrateMax']);
  const fps = r.qty(raw, 'fps', `${path}.fps`, 'number', { min: ZERO, minExclusive: true });
  const resolution = typeof raw['resolution'] === 'string' ? /^(\d+)x(\d+)$/.exec(raw['resolution']) : null;
  if (!resolution) r.problem(`${path}.resolution`, 'must be WIDTHxHEIGHT such as "1920x1080"', raw['resolution']);
  const codec = r.oneOf(raw, 'codec', `${path}.codec`, ['h264', 'h265', 'mjpeg'] as const);
  const duty = readDuty(r, raw['duty'], `${path}.duty`);
  if (count === undefined || !bitrateBps || !bitrateMaxBps || !fps || !resolution || !codec || !duty) return undefined;
  return { id, count, bitrateBps, bitrateMaxBps, fps, width: BigInt(resolution[1] as string), height: BigInt(resolution[2] as string), codec, duty };
}

function readDuty(r: PlanReader, raw: unknown, path: string): Duty | undefined {
  if (!isObj(raw)) return void r.problem(path, 'must be an object such as {"continuous": "1"}', raw);
  const opts = { min: ZERO, max: ONE };
  // "continuous" is the fraction of the day recorded at all; motion and events are subsets of it.
  const continuous = r.qty(raw, 'continuous', `${path}.continuous`, 'ratio', opts);
  const motion = raw['motion'] === undefined ? continuous : r.qty(raw, 'motion', `${path}.motion`, 'ratio', opts);
  const events = raw['events'] === undefined ? motion : r.qty(raw, 'events', `${path}.events`, 'ratio', opts);
  if (!continuous || !motion || !events) return undefined;
  // Event content is a subset of motion content, which is a subset of what a continuous recorder keeps.
  if (raw['motion'] !== undefined && motion.gt(continuous)) {
    r.problem(`${path}.motion`, 'must be ≤ duty.continuous (events ≤ motion ≤ continuous)', raw['motion']);
  }
  if (raw['events'] !== undefined && events.gt(motion)) r.problem(`${path}.events`, 'must be ≤ duty.motion (events ≤ motion ≤ continuous)', raw['events']);
  return { continuous, motion, events };
}

function readSensor(r: PlanReader, raw: unknown, path: string): SensorGroup | undefined {
  if (!isObj(raw)) return void r.problem(path, 'must be an object', raw);
  const id = r.str(raw, 'id', `${path}.id`);
  const count = r.count(raw, 'count', `${path}.count`);
  const ppsPerSensor = r.qty(raw, 'pps', `${path}.pps`, 'number', { min: ZERO, minExclusive: true });
  const payloadBytes = r.count(raw, 'payloadBytes', `${path}.payloadBytes`, { min: 1n });
  const headerBytes = r.count(raw, 'headerBytes', `${path}.headerBytes`, { dflt: 58n, ref: 'Eth 14 + FCS 4 + IPv4 20 + TCP 20 (sizing-model.md §1.1)' });
  if (count === undefined || !ppsPerSensor || payloadBytes === undefined || headerBytes === undefined) return undefined;
  return { id, count, ppsPerSensor, payloadBytes, headerBytes };
}

function readNode(r: PlanReader, raw: Obj): NodeSpec {
  const maxCameras = r.count(raw, 'maxCameras', 'node.maxCameras', { required: false, min: 1n });
  const capexUsd = r.qty(raw, 'capexUsd', 'node.capexUsd', 'usd', { min: ZERO }) ?? ZERO;
  const watts = r.qty(raw, 'watts', 'node.watts', 'number', { min: ZERO }) ?? ZERO;
  const positive = { required: false, min: ZERO, minExclusive: true };
  const cores = r.qty(raw, 'cores', 'node.cores', 'number', positive);
  const ramBytes = r.qty(raw, 'ram', 'node.ram', 'bytes', positive);
  const nicBps = r.qty(raw, 'nic', 'node.nic', 'bitrate', positive);
  const diskWriteBytesPerS = r.qty(raw, 'diskWrite', 'node.diskWrite', 'byterate', positive);
  if (maxCameras === undefined && cores === undefined && nicBps === undefined && ramBytes === undefined && diskWriteBytesPerS === undefined) {
    r.problem('node', 'needs at least one capacity limit: maxCameras, cores, ram, nic or diskWrite', raw);
  }
  return {
    capexUsd,
    watts,
    ...(maxCameras !== undefined ? { maxCameras } : {}),
    ...(cores ? { cores } : {}),
    ...(ramBytes ? { ramBytes } : {}),
    ...(nicBps ? { nicBps } : {}),
    ...(diskWriteBytesPerS ? { diskWriteBytesPerS } : {}),
  };
}

function readCompute(r: PlanReader, raw: Obj): ComputeCosts {
  const opt = { required: false, min: ZERO };
  const baseCores = r.qty(raw, 'baseCores', 'compute.baseCores', 'number', opt);
  const coresPerCamera = r.qty(raw, 'coresPerCamera', 'compute.coresPerCamera', 'number', opt);
  const coresPerSensor = r.qty(raw, 'coresPerSensor', 'compute.coresPerSensor', 'number', opt);
  const ramBaseBytes = r.qty(raw, 'ramBase', 'compute.ramBase', 'bytes', opt);
  const ramPerCameraBytes = r.qty(raw, 'ramPerCamera', 'compute.ramPerCamera', 'bytes', opt);
  const ramPerSensorBytes = r.qty(raw, 'ramPerSensor', 'compute.ramPerSensor', 'bytes', opt);
  const ref = typeof raw['ref'] === 'string' ? raw['ref'] : 'plan file (rule of thumb, not measured)';
  return {
    source: 'input',
    ref,
    ...(baseCores ? { baseCores } : {}),
    ...(coresPerCamera ? { coresPerCamera } : {}),
    ...(coresPerSensor ? { coresPerSensor } : {}),
    ...(ramBaseBytes ? { ramBaseBytes } : {}),
    ...(ramPerCameraBytes ? { ramPerCameraBytes } : {}),
    ...(ramPerSensorBytes ? { ramPerSensorBytes } : {}),
  };
}

function readTargets(r: PlanReader, raw: Obj): Targets {
  const t = (key: keyof Targets, dflt: Q, ref: string): Q =>
    r.qty(raw, key, `targets.${key}`, 'ratio', { min: ZERO, minExclusive: true, max: ONE, dflt: { value: dflt, shown: dflt.toFixed(2), ref } }) ?? dflt;
  const out: Targets = {
    cpu: t('cpu', q(7, 10), SEED_001),
    cpuHard: t('cpuHard', q(4, 5), `${SEED_001} (Phase 3 headroom ≥ 20 %)`),
    ram: t('ram', q(4, 5), 'sizing-model.md §3.2'),
    ramHard: t('ramHard', q(9, 10), 'emberload default'),
    nic: t('nic', q(7, 10), 'sizing-model.md §3.3'),
    nicHard: t('nicHard', q(4, 5), 'sizing-model.md §3.3'),
    diskWrite: t('diskWrite', q(7, 10), 'sizing-model.md §3.2'),
    diskWriteHard: t('diskWriteHard', q(4, 5), 'emberload default'),
  };
  for (const [soft, hard] of [['cpu', 'cpuHard'], ['ram', 'ramHard'], ['nic', 'nicHard'], ['diskWrite', 'diskWriteHard']] as const) {
    if (out[soft].gt(out[hard])) r.problem(`targets.${hard}`, `must be ≥ targets.${soft}`, raw[hard]);
  }
  return out;
}

function readRedundancy(r: PlanReader, raw: Obj): Redundancy {
  const policy = r.oneOf(raw, 'policy', 'redundancy.policy', ['N+k', 'ratio', 'spread'] as const);
  if (policy === 'N+k') return { policy, k: r.count(raw, 'k', 'redundancy.k') ?? 0n };
  if (policy === 'spread') return { policy, failuresTolerated: r.count(raw, 'failuresTolerated', 'redundancy.failuresTolerated') ?? 0n };
  if (policy === 'ratio') return { policy, ratio: r.qty(raw, 'ratio', 'redundancy.ratio', 'ratio', { min: ZERO }) ?? ZERO };
  return { policy: 'N+k', k: 0n };
}

function readParity(r: PlanReader, raw: Obj, path: string): Parity | undefined {
  const v = raw['parity'];
  if (v === 'mirror') return 'mirror';
  if (v === 0 || v === 1 || v === 2 || v === 3) return BigInt(v) as Parity;
  r.problem(path, 'must be 0, 1, 2, 3 or "mirror"', v);
  return undefined;
}

function readMedia(r: PlanReader, raw: unknown, path: string): TierMedia | undefined {
  if (!isObj(raw)) return void r.problem(path, 'must be an object with kind "in-node", "raid" or "object"', raw);
  const kind = r.oneOf(raw, 'kind', `${path}.kind`, ['in-node', 'raid', 'object'] as const);
  const fill = () => r.qty(raw, 'fillTarget', `${path}.fillTarget`, 'ratio', { min: ZERO, minExclusive: true, max: ONE, dflt: { value: q(4, 5), shown: '80 %', ref: 'DSG pool utilisation default (sizing-model.md §2.1)' } }) ?? ONE;
  const groupCheck = (groupSize: bigint | undefined, parity: Parity | undefined) => {
    if (groupSize === undefined || parity === undefined) return;
    if (parity === 'mirror' ? groupSize < 2n || groupSize % 2n !== 0n : groupSize < parity + 1n) {
      r.problem(`${path}.groupSize`, parity === 'mirror' ? 'must be an even number ≥ 2 for mirrors' : `must be ≥ parity + 1 (${(parity as bigint) + 1n})`, raw['groupSize']);
    }
  };
  if (kind === 'in-node') {
    if (raw['disk'] === undefined) return { kind, fillTarget: fill() };
    const diskBytes = r.qty(raw, 'disk', `${path}.disk`, 'bytes', { min: ZERO, minExclusive: true });
    const groupSize = r.count(raw, 'groupSize', `${path}.groupSize`, { min: 1n });
    const parity = readParity(r, raw, `${path}.parity`);
    groupCheck(groupSize, parity);
    const fillTarget = fill();
    if (!diskBytes || groupSize === undefined || parity === undefined) return undefined;
    return { kind, diskBytes, groupSize, parity, fillTarget };
  }
  if (kind === 'raid') {
    const diskBytes = r.qty(raw, 'disk', `${path}.disk`, 'bytes', { min: ZERO, minExclusive: true });
    const groupSize = r.count(raw, 'groupSize', `${path}.groupSize`, { min: 1n });
    const parity = readParity(r, raw, `${path}.parity`);
    groupCheck(groupSize, parity);
    const hotSpares = r.count(raw, 'hotSpares', `${path}.hotSpares`, { dflt: 0n, ref: 'no hot spares unless given' });
    const fillTarget = fill();
    const capexPerTBUsd = r.qty(raw, 'capexPerTBUsd', `${path}.capexPerTBUsd`, 'usd', { min: ZERO });
    const opt = { required: false, min: ZERO, minExclusive: true };
    const diskRateBytesPerS = r.qty(raw, 'diskRate', `${path}.diskRate`, 'byterate', opt);
    const rebuildHours = r.qty(raw, 'rebuildHours', `${path}.rebuildHours`, 'number', opt);
    const workloadRatingBytesPerYear = r.qty(raw, 'workloadRatingPerYear', `${path}.workloadRatingPerYear`, 'bytes', opt);
    if (!diskBytes || groupSize === undefined || parity === undefined || hotSpares === undefined || !capexPerTBUsd) return undefined;
    return {
      kind, diskBytes, groupSize, parity, hotSpares, fillTarget, capexPerTBUsd,
      ...(diskRateBytesPerS ? { diskRateBytesPerS } : {}),
      ...(rebuildHours ? { rebuildHours } : {}),
      ...(workloadRatingBytesPerYear ? { workloadRatingBytesPerYear } : {}),
    };
  }
  if (kind === 'object') {
    const replication = r.qty(raw, 'replication', `${path}.replication`, 'number', { min: ONE, dflt: { value: ONE, shown: '1', ref: 'provider price assumed to include its own redundancy' } });
    const pricePerTBMonthUsd = r.qty(raw, 'pricePerTBMonthUsd', `${path}.pricePerTBMonthUsd`, 'usd', { min: ZERO });
    if (!replication || !pricePerTBMonthUsd) return undefined;
    return { kind, replication, pricePerTBMonthUsd };
  }
  return undefined;
}

function readTiers(r: PlanReader, raws: readonly unknown[]): Tier[] {
  const tiers: Array<Tier & { index: number }> = [];
  raws.forEach((raw, i) => {
    const path = `tiers[${i}]`;
    if (!isObj(raw)) return void r.problem(path, 'must be an object', raw);
    const name = r.str(raw, 'name', `${path}.name`);
    const fromDay = r.qty(raw, 'fromDay', `${path}.fromDay`, 'number', { min: ZERO });
    const toDay = r.qty(raw, 'toDay', `${path}.toDay`, 'number', { min: ZERO });
    if (fromDay && toDay && toDay.le(fromDay)) r.problem(`${path}.toDay`, `must be > fromDay (${fromDay.toString()})`, raw['toDay']);
    const keep = r.oneOf(raw, 'keep', `${path}.keep`, ['continuous', 'motion', 'events'] as const, 'continuous');
    const transcodeFactor = r.qty(raw, 'transcodeFactor', `${path}.transcodeFactor`, 'ratio', { min: ZERO, minExclusive: true, dflt: { value: ONE, shown: '1', ref: 'no re-encode; generic compression of H.264 gains ≈ 0 (sizing-model.md §2.4)' } });
    const copyFromIngest = raw['copyFromIngest'] === true;
    if (raw['copyFromIngest'] !== undefined && typeof raw['copyFromIngest'] !== 'boolean') r.problem(`${path}.copyFromIngest`, 'must be true or false', raw['copyFromIngest']);
    const media = readMedia(r, raw['media'], `${path}.media`);
    if (fromDay && toDay && keep && transcodeFactor && media) tiers.push({ name, fromDay, toDay, keep, transcodeFactor, copyFromIngest, media, index: i });
  });
  // Age bands must tile [0, last) without gaps or overlaps; copies are exempt by explicit choice.
  const bands = tiers.filter((t) => !t.copyFromIngest).sort((a, b) => a.fromDay.cmp(b.fromDay));
  let expected = ZERO;
  for (const t of bands) {
    const path = `tiers[${t.index}].fromDay`;
    if (t.fromDay.gt(expected)) r.problem(path, `leaves a gap: must be ${expected.toString()} (where the previous band ends), or mark the tier "copyFromIngest": true`, t.fromDay.toString());
    else if (t.fromDay.lt(expected)) r.problem(path, `overlaps the previous band ending at day ${expected.toString()}; mark the tier "copyFromIngest": true if it is a full copy`, t.fromDay.toString());
    expected = t.toDay;
  }
  return tiers.map(({ index: _index, ...t }) => t);
}

function readNetwork(r: PlanReader, raw: Obj): NetworkSpec {
  const opt = { required: false, min: ZERO, minExclusive: true };
  const protoOverhead = r.qty(raw, 'protoOverhead', 'network.protoOverhead', 'ratio', { min: ZERO, dflt: { value: q(1, 5), shown: '20 %', ref: 'seed 003 ×1.2 overhead (correct per sizing-model.md §1.3)' } }) ?? ZERO;
  const siteLinkBps = r.qty(raw, 'siteLink', 'network.siteLink', 'bitrate', opt);
  const sensorLinkBps = r.qty(raw, 'sensorLink', 'network.sensorLink', 'bitrate', opt);
  const uplinkBps = r.qty(raw, 'uplink', 'network.uplink', 'bitrate', opt);
  const viewers = r.count(raw, 'viewers', 'network.viewers', { dflt: 0n, ref: 'no live viewers unless given' }) ?? 0n;
  const viewerBitrateBps = r.qty(raw, 'viewerBitrate', 'network.viewerBitrate', 'bitrate', { min: ZERO, dflt: { value: q(2_000_000n), shown: '2 Mbps', ref: 'seed 003 live stream' } }) ?? ZERO;
  const apiBps = r.qty(raw, 'api', 'network.api', 'bitrate', { min: ZERO, dflt: { value: ZERO, shown: '0', ref: 'no API traffic unless given' } }) ?? ZERO;
  const uplinkHeadroom = r.qty(raw, 'uplinkHeadroom', 'network.uplinkHeadroom', 'ratio', { min: ZERO, dflt: { value: ZERO, shown: '0', ref: 'explicit headroom only (E31)' } }) ?? ZERO;
  const switchPorts = r.count(raw, 'switchPorts', 'network.switchPorts', { required: false, min: 2n });
  const uplinksPerSwitch = r.count(raw, 'uplinksPerSwitch', 'network.uplinksPerSwitch', { dflt: 1n, ref: 'one uplink per access switch' }) ?? 1n;
  if (switchPorts !== undefined && uplinksPerSwitch >= switchPorts) r.problem('network.uplinksPerSwitch', `must be < switchPorts (${switchPorts})`, raw['uplinksPerSwitch']);
  const prefix = raw['subnetPrefix'];
  if (prefix !== undefined && (typeof prefix !== 'number' || !Number.isInteger(prefix) || prefix < 8 || prefix > 30)) r.problem('network.subnetPrefix', 'must be an integer prefix length 8…30', prefix);
  const linkTarget = r.qty(raw, 'linkTarget', 'network.linkTarget', 'ratio', { min: ZERO, max: ONE, dflt: { value: q(7, 10), shown: '70 %', ref: 'sizing-model.md §3.3' } }) ?? q(7, 10);
  const linkHard = r.qty(raw, 'linkHard', 'network.linkHard', 'ratio', { min: ZERO, max: ONE, dflt: { value: q(4, 5), shown: '80 %', ref: 'sizing-model.md §3.3' } }) ?? q(4, 5);
  return {
    protoOverhead, viewers, viewerBitrateBps, apiBps, uplinkHeadroom, uplinksPerSwitch, linkTarget, linkHard,
    ...(siteLinkBps ? { siteLinkBps } : {}),
    ...(sensorLinkBps ? { sensorLinkBps } : {}),
    ...(uplinkBps ? { uplinkBps } : {}),
    ...(switchPorts !== undefined ? { switchPorts } : {}),
    ...(typeof prefix === 'number' ? { subnetPrefix: prefix } : {}),
  };
}

function readNamedUsd(r: PlanReader, raws: readonly unknown[], path: string): Array<{ name: string; usd: Q }> {
  const out: Array<{ name: string; usd: Q }> = [];
  raws.forEach((raw, i) => {
    if (!isObj(raw)) return void r.problem(`${path}[${i}]`, 'must be {"name": …, "usd": …}', raw);
    const name = r.str(raw, 'name', `${path}[${i}].name`);
    const usd = r.qty(raw, 'usd', `${path}[${i}].usd`, 'usd', { min: ZERO });
    if (usd) out.push({ name, usd });
  });
  return out;
}

function readCost(r: PlanReader, raw: Obj): CostSpec {
  const amortMonths = r.count(raw, 'amortMonths', 'cost.amortMonths', { min: 1n }) ?? 1n;
  const hoursPerMonth = r.qty(raw, 'hoursPerMonth', 'cost.hoursPerMonth', 'number', { min: ZERO, minExclusive: true, dflt: { value: q(730n), shown: '730 h', ref: '8760 h / 12 (sizing-model.md §1.1)' } }) ?? q(730n);
  const usdPerKWh = r.qty(raw, 'usdPerKWh', 'cost.usdPerKWh', 'usd', { min: ZERO }) ?? ZERO;
  const pue = r.qty(raw, 'pue', 'cost.pue', 'number', { min: ONE, dflt: { value: ONE, shown: '1.0', ref: 'no facility overhead unless given' } }) ?? ONE;
  const otherWatts = r.qty(raw, 'otherWatts', 'cost.otherWatts', 'number', { min: ZERO, dflt: { value: ZERO, shown: '0 W', ref: 'only recording nodes draw power unless given' } }) ?? ZERO;
  const fixedMonthly = readNamedUsd(r, r.arr(raw, 'fixedMonthlyUsd', 'cost.fixedMonthlyUsd', false), 'cost.fixedMonthlyUsd');
  const extraCapex = readNamedUsd(r, r.arr(raw, 'extraCapexUsd', 'cost.extraCapexUsd', false), 'cost.extraCapexUsd');
  return { amortMonths, hoursPerMonth, usdPerKWh, pue, otherWatts, fixedMonthly, extraCapex };
}
