// The sizing engine (sizing-model.md §3.3): per-node capacity with the binding constraint, node counts
// with redundancy and survivability, per-resource checks, tiers, links, cost and growth. Pure.
import { Q, q, ZERO, sumQ, maxQ } from './rational.ts';
import { perNodeCapacity, buyCount } from './rounding.ts';
import { recordingNodes } from './nodes.ts';
import { requiredCores } from './compute.ts';
import { cameraIngressBps, prefixFor, sensorsBps, switchesFor, uplinkBps } from './network.ts';
import { bytesPerDay, perDriveWriteBytesPerYear, rebuildRateBytesPerS } from './storage.ts';
import { amortisedMonthlyUsd, energyUsd } from './cost.ts';
import { grownCount } from './growth.ts';
import { sizeTier } from './tiers.ts';
import { fitCheck, utilCheck, worst } from './checks.ts';
import { computeCostsFromProfile, type CalibrationProfile } from './calibration-profile.ts';
import { formatBitrate, formatStorage } from './units.ts';
import type { ComputeCosts, Plan } from './plan-types.ts';
import type { CamsPerNodeTerm, Check, CostResult, GrowthYear, LinkResult, SizingResult, TierResult } from './size-types.ts';

export interface SizeOptions {
  readonly calibration?: CalibrationProfile;
}

interface PerUnit {
  readonly ingressBps: Q;
  readonly writeBytesPerS: Q | null;
  readonly sensorBpsEach: Q;
}

function perUnitFigures(plan: Plan): PerUnit {
  // Per-camera figures take the heaviest group: a node may receive any camera.
  const ingressBps = plan.cameras.reduce((m, g) => maxQ(m, cameraIngressBps(1n, g.bitrateMaxBps, plan.network.protoOverhead)), ZERO);
  const ingestTiers = plan.tiers.filter((t) => t.media.kind === 'in-node' && (t.copyFromIngest || t.fromDay.isZero()));
  const writeBytesPerS =
    ingestTiers.length === 0
      ? null
      : plan.cameras.reduce((m, g) => maxQ(m, sumQ(ingestTiers.map((t) => g.bitrateBps.mul(g.duty[t.keep]).mul(t.transcodeFactor).div(8n)))), ZERO);
  const totalSensors = sumQ(plan.sensors.map((s) => q(s.count)));
  const sensorTraffic = sumQ(plan.sensors.map((s) => sensorsBps(s.count, s.ppsPerSensor, s.payloadBytes, s.headerBytes)));
  return { ingressBps, writeBytesPerS, sensorBpsEach: totalSensors.isZero() ? ZERO : sensorTraffic.div(totalSensors) };
}

function camsPerNodeTerms(plan: Plan, costs: ComputeCosts, unit: PerUnit, sensorsOnNode: bigint): CamsPerNodeTerm[] {
  const { node, targets: t } = plan;
  const terms: CamsPerNodeTerm[] = [];
  const fit = (resource: string, capacity: Q | undefined, base: Q, perCamera: Q | null | undefined, soft: Q, hard: Q) => {
    if (!capacity || !perCamera || perCamera.isZero()) return;
    const at = (limit: Q) => {
      const c = perNodeCapacity(capacity.mul(limit).sub(base).div(perCamera));
      return c < 0n ? 0n : c;
    };
    terms.push({ resource, camerasAtTarget: at(soft), camerasAtHardLimit: at(hard) });
  };
  const s = q(sensorsOnNode);
  fit('cpu', node.cores, (costs.baseCores ?? ZERO).add(s.mul(costs.coresPerSensor ?? ZERO)), costs.coresPerCamera, t.cpu, t.cpuHard);
  fit('ram', node.ramBytes, (costs.ramBaseBytes ?? ZERO).add(s.mul(costs.ramPerSensorBytes ?? ZERO)), costs.ramPerCameraBytes, t.ram, t.ramHard);
  fit('nic', node.nicBps, s.mul(unit.sensorBpsEach), unit.ingressBps, t.nic, t.nicHard);
  fit('disk write', node.diskWriteBytesPerS, ZERO, unit.writeBytesPerS, t.diskWrite, t.diskWriteHard);
  if (node.maxCameras !== undefined) terms.push({ resource: 'vendor max cameras', camerasAtTarget: node.maxCameras, camerasAtHardLimit: node.maxCameras });
  return terms;
}

function sizeOnce(plan: Plan, costs: ComputeCosts, withGrowth: boolean): SizingResult {
  const warnings: string[] = [];
  const cameras = plan.cameras.reduce((a, g) => a + g.count, 0n);
  const sensors = plan.sensors.reduce((a, s) => a + s.count, 0n);
  const unit = perUnitFigures(plan);

  // Sensors spread evenly over active nodes and load each node, which can lower cameras per node:
  // iterate until the node count is stable (it only grows, so this terminates).
  let sensorsOnNode = sensors;
  let terms: CamsPerNodeTerm[] = [];
  let camsPerNode = 0n;
  let hardLimit = 0n;
  let nodes = recordingNodes(cameras, 1n, plan.redundancy);
  for (let i = 0; i < 50; i++) {
    terms = camsPerNodeTerms(plan, costs, unit, sensorsOnNode);
    camsPerNode = terms.length === 0 ? (cameras > 0n ? cameras : 1n) : terms.reduce((m, x) => (x.camerasAtTarget < m ? x.camerasAtTarget : m), terms[0]!.camerasAtTarget);
    hardLimit = terms.length === 0 ? camsPerNode : terms.reduce((m, x) => (x.camerasAtHardLimit < m ? x.camerasAtHardLimit : m), terms[0]!.camerasAtHardLimit);
    const usable = camsPerNode < 1n ? 1n : camsPerNode;
    nodes = recordingNodes(cameras, usable, plan.redundancy, hardLimit);
    const loadedNodes = plan.redundancy.policy === 'spread' ? nodes.total : nodes.active;
    const next = loadedNodes > 0n ? buyCount(q(sensors, loadedNodes)) : sensors;
    if (next === sensorsOnNode) break;
    sensorsOnNode = next;
  }
  const binding = terms.find((x) => x.camerasAtTarget === camsPerNode)?.resource ?? 'none (no per-node limit given: one node takes all cameras)';
  if (terms.length === 0) warnings.push('node has no usable capacity limit (give maxCameras, or cores with compute.coresPerCamera): all cameras assumed on one node');
  if (camsPerNode < 1n) warnings.push(`a node cannot take a single camera within its targets (binding: ${binding})`);

  // 'spread' runs every node (no idle standby), so load divides over all of them.
  const loaded = plan.redundancy.policy === 'spread' ? nodes.total : nodes.active;
  const camsOnNode = loaded > 0n ? buyCount(q(cameras, loaded)) : 0n;
  const cn = q(camsOnNode);
  const sn = q(sensorsOnNode);
  const t = plan.targets;
  const checks: Check[] = [];

  const busyCores = costs.coresPerCamera || costs.coresPerSensor ? (costs.baseCores ?? ZERO).add(cn.mul(costs.coresPerCamera ?? ZERO)).add(sn.mul(costs.coresPerSensor ?? ZERO)) : null;
  if (busyCores) {
    checks.push(utilCheck('CPU', 'per loaded node', 'cores', busyCores, plan.node.cores, t.cpu, t.cpuHard, `${requiredCores(busyCores, t.cpu)} cores needed at the ${t.cpu.toFixed(2)} target; costs: ${costs.ref}`));
  } else warnings.push('CPU not assessed: no per-camera CPU cost (give compute.coresPerCamera or --calibration)');
  const ramBytes = costs.ramPerCameraBytes || costs.ramPerSensorBytes ? (costs.ramBaseBytes ?? ZERO).add(cn.mul(costs.ramPerCameraBytes ?? ZERO)).add(sn.mul(costs.ramPerSensorBytes ?? ZERO)) : null;
  if (ramBytes) checks.push(utilCheck('RAM', 'per loaded node', 'bytes', ramBytes, plan.node.ramBytes, t.ram, t.ramHard, `costs: ${costs.ref}`));
  const nodeIngress = unit.ingressBps.mul(cn).add(unit.sensorBpsEach.mul(sn));
  checks.push(utilCheck('NIC ingress', 'per loaded node', 'bps', nodeIngress, plan.node.nicBps, t.nic, t.nicHard, plan.node.nicBps ? '' : 'no node.nic given'));
  if (unit.writeBytesPerS) checks.push(utilCheck('disk write', 'per loaded node', 'bytes/s', unit.writeBytesPerS.mul(cn), plan.node.diskWriteBytesPerS, t.diskWrite, t.diskWriteHard, plan.node.diskWriteBytesPerS ? '' : 'no node.diskWrite given'));
  checks.push(
    fitCheck('survivability', `after ${nodes.failuresTolerated} node failure(s)`, 'cameras', nodes.camerasPerSurvivorAfterFailures, q(nodes.hardLimitPerNode), `cameras per surviving node vs the hard limit ${nodes.hardLimitPerNode}`),
  );

  const tiers: TierResult[] = plan.tiers.map((tier) => sizeTier(plan, tier, nodes.total));
  plan.tiers.forEach((tier, i) => {
    const r = tiers[i]!;
    const m = tier.media;
    if (m.kind === 'in-node') {
      const need = r.dataBytes.div(m.fillTarget);
      const prov = r.inNodeUsableBytes ?? null;
      const c = fitCheck('storage', `tier ${tier.name} (in-node, ${nodes.total} nodes)`, 'bytes', need, prov, prov === null ? 'no in-node disks given' : need.gt(prov) ? `shortfall ${formatStorage(need.sub(prov))}` : '');
      checks.push(c);
      if (c.verdict === 'FAIL') warnings.push(`tier ${tier.name} needs ${formatStorage(need)}; ${formatStorage(prov ?? ZERO)} provisioned`);
    } else if (m.kind === 'raid' && r.raid) {
      checks.push(utilCheck('storage fill', `tier ${tier.name} (RAID)`, 'bytes', r.dataBytes, r.raid.usableBytes, m.fillTarget, m.fillTarget, `${r.raid.groups} group(s) of ${m.groupSize}, ${r.raid.disks} disks`));
      if (m.workloadRatingBytesPerYear && r.raid.groups > 0n) {
        const perDrive = perDriveWriteBytesPerYear(r.writeBytesPerS.div(r.raid.groups), m.groupSize, m.parity);
        checks.push(fitCheck('drive workload', `tier ${tier.name}`, 'bytes/yr', perDrive, m.workloadRatingBytesPerYear, 'writes per drive per year vs the rating'));
      }
      if (m.diskRateBytesPerS && m.rebuildHours) {
        checks.push(utilCheck('rebuild rate', `tier ${tier.name}`, 'bytes/s', rebuildRateBytesPerS(m.diskBytes, m.rebuildHours), m.diskRateBytesPerS, q(4, 5), q(1n), `rebuild ${m.rebuildHours.toString()} h while recording`));
      }
    }
  });

  const n = plan.network;
  const links: LinkResult[] = [];
  const link = (name: string, traffic: Q, capacity: Q | undefined) => {
    const c = utilCheck('link', name, 'bps', traffic, capacity, n.linkTarget, n.linkHard);
    links.push({ link: name, trafficBps: traffic, capacityBps: capacity ?? null, utilisation: c.utilisation, verdict: c.verdict });
    if (capacity) checks.push(c);
  };
  link('cameras → recorders (site aggregate)', sumQ(plan.cameras.map((g) => cameraIngressBps(g.count, g.bitrateMaxBps, n.protoOverhead))), n.siteLinkBps);
  if (plan.sensors.length > 0) link('sensors → recorders', sumQ(plan.sensors.map((s) => sensorsBps(s.count, s.ppsPerSensor, s.payloadBytes, s.headerBytes))), n.sensorLinkBps);
  link('recorders → viewers/API (uplink)', uplinkBps(n.viewers, n.viewerBitrateBps, n.apiBps, n.uplinkHeadroom), n.uplinkBps);
  links.push({ link: 'per loaded node NIC (cameras + sensors)', trafficBps: nodeIngress, capacityBps: plan.node.nicBps ?? null, utilisation: plan.node.nicBps ? nodeIngress.div(plan.node.nicBps) : null, verdict: checks.find((c) => c.resource === 'NIC ingress')?.verdict ?? 'UNKNOWN' });

  let switches: bigint | null = null;
  if (n.switchPorts !== undefined) {
    switches = switchesFor(cameras, n.switchPorts, n.uplinksPerSwitch);
    const perSwitch = switches > 0n ? buyCount(q(cameras, switches)) : 0n;
    checks.push(fitCheck('switch ports', `${switches} × ${n.switchPorts}-port access switch(es)`, 'ports', q(perSwitch + n.uplinksPerSwitch), q(n.switchPorts), `${perSwitch} cameras + ${n.uplinksPerSwitch} uplink(s) per switch`));
  }

  const cost = costOf(plan, nodes.total, tiers);
  const growth: GrowthYear[] = [];
  if (withGrowth && plan.growth) {
    for (let y = 1; y <= plan.growth.years; y++) {
      const rate = plan.growth.ratePerYear;
      const grown: Plan = {
        ...plan,
        cameras: plan.cameras.map((g) => ({ ...g, count: grownCount(g.count, rate, y) })),
        sensors: plan.sensors.map((s) => ({ ...s, count: grownCount(s.count, rate, y) })),
      };
      const r = sizeOnce(grown, costs, false);
      growth.push({ year: y, cameras: r.cameras, sensors: r.sensors, activeNodes: r.nodes.active, standbyNodes: r.nodes.standby, tierBytes: r.tiers.map((x) => x.dataBytes), monthlyUsd: r.cost.monthlyUsd, worstVerdict: r.overall });
    }
  }
  const horizon = growth[growth.length - 1];
  const hosts = (horizon ? horizon.cameras + horizon.sensors + horizon.activeNodes + horizon.standbyNodes : cameras + sensors + nodes.total);
  const subnetPrefixNeeded = prefixFor(hosts);
  if (n.subnetPrefix !== undefined) {
    checks.push(fitCheck('subnet', `/${n.subnetPrefix}${horizon ? ` at year ${horizon.year}` : ''}`, 'hosts', q(hosts), q(2n ** BigInt(32 - n.subnetPrefix) - 2n), `cameras + sensors + nodes; needs /${subnetPrefixNeeded}`));
  }
  for (const c of checks) if (c.verdict === 'FAIL' && c.resource !== 'storage') warnings.push(`${c.resource} (${c.scope}) FAILS: ${c.note}`);
  for (const l of links) if (l.verdict === 'WARN' || l.verdict === 'FAIL') warnings.push(`link ${l.link}: ${formatBitrate(l.trafficBps)} is ${l.verdict}`);

  return {
    plan: plan.name,
    ...(plan.seedRef ? { seedRef: plan.seedRef } : {}),
    cameras,
    sensors,
    dailyBytes: sumQ(plan.cameras.map((g) => bytesPerDay(g.count, g.bitrateBps, g.duty.continuous))),
    camsPerNode,
    bindingConstraint: binding,
    camsPerNodeTerms: terms,
    nodes,
    perNodeLoad: { cameras: camsOnNode, sensors: sensorsOnNode, busyCores, ramBytes },
    checks,
    tiers,
    links,
    switches,
    subnetPrefixNeeded,
    cost,
    growth,
    assumptions: [...plan.assumptions, { name: 'compute costs', value: describeCosts(costs), source: costs.source, ref: costs.ref }],
    warnings,
    overall: worst(checks.map((c) => c.verdict)),
  };
}

function describeCosts(c: ComputeCosts): string {
  const parts: string[] = [];
  if (c.baseCores) parts.push(`base ${c.baseCores.toFixed(4)} cores`);
  if (c.coresPerCamera) parts.push(`${c.coresPerCamera.toFixed(4)} cores/camera`);
  if (c.coresPerSensor) parts.push(`${c.coresPerSensor.toFixed(6)} cores/sensor`);
  if (c.ramPerCameraBytes) parts.push(`${c.ramPerCameraBytes.div(1_000_000n).toFixed(2)} MB RAM/camera`);
  return parts.length > 0 ? parts.join(', ') : 'none given';
}

function costOf(plan: Plan, totalNodes: bigint, tiers: readonly TierResult[]): CostResult {
  const c = plan.cost;
  const nodesCapex = plan.node.capexUsd.mul(totalNodes);
  const extras = sumQ(c.extraCapex.map((x) => x.usd));
  const tierCapex = sumQ(tiers.map((x) => x.capexUsd));
  const capexTotalUsd = nodesCapex.add(extras).add(tierCapex);
  const energyMonthlyUsd = energyUsd(plan.node.watts.mul(totalNodes).add(c.otherWatts), c.hoursPerMonth, c.usdPerKWh, c.pue);
  const objectMonthly = sumQ(tiers.filter((x) => x.mediaKind === 'object').map((x) => x.monthlyUsd));
  const fixedMonthlyUsd = sumQ(c.fixedMonthly.map((x) => x.usd));
  const capexMonthlyUsd = amortisedMonthlyUsd(capexTotalUsd, c.amortMonths);
  const monthlyUsd = capexMonthlyUsd.add(energyMonthlyUsd).add(objectMonthly).add(fixedMonthlyUsd);
  const lines = [
    { name: `servers: ${totalNodes} × capex amortised over ${c.amortMonths} months`, monthlyUsd: amortisedMonthlyUsd(nodesCapex, c.amortMonths) },
    ...tiers.filter((x) => x.mediaKind === 'raid').map((x) => ({ name: `tier ${x.name}: disks amortised over ${c.amortMonths} months`, monthlyUsd: x.monthlyUsd })),
    ...c.extraCapex.map((x) => ({ name: `${x.name} (capex amortised)`, monthlyUsd: amortisedMonthlyUsd(x.usd, c.amortMonths) })),
    { name: `energy: ${totalNodes} nodes × ${plan.node.watts.toString()} W${c.otherWatts.isZero() ? '' : ` + ${c.otherWatts.toString()} W other`} × ${c.hoursPerMonth.toString()} h`, monthlyUsd: energyMonthlyUsd },
    ...tiers.filter((x) => x.mediaKind === 'object').map((x) => ({ name: `tier ${x.name}: object storage`, monthlyUsd: x.monthlyUsd })),
    ...c.fixedMonthly.map((x) => ({ name: x.name, monthlyUsd: x.usd })),
  ];
  return { capexTotalUsd, capexMonthlyUsd, energyMonthlyUsd, objectMonthlyUsd: objectMonthly, fixedMonthlyUsd, monthlyUsd, annualUsd: monthlyUsd.mul(12n), tcoUsd: monthlyUsd.mul(c.amortMonths), lines };
}

/** Size a validated plan; a calibration profile replaces the plan's rule-of-thumb compute costs. */
export function sizePlan(plan: Plan, options: SizeOptions = {}): SizingResult {
  const costs = options.calibration ? computeCostsFromProfile(options.calibration, plan.compute) : plan.compute;
  return sizeOnce(plan, costs, true);
}
