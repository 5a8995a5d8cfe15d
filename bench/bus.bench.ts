// Event-bus overhead: publish → consume latency (P50/P99, from the INTENDED send time, so a stalled
// publisher cannot hide its stall) at the phase-5 event rate, raw throughput, and alert publish
// acknowledgement latency — for the in-process bus and the NATS JetStream bus (nats-server on a
// free loopback port; skipped when the Debian package nats-server is missing). Bounded: ~30 s.
import { createBus } from '../reference-server/bus/create-bus.ts';
import { nowEpochMs } from '../reference-server/bus/envelope.ts';
import { resolveBusOptions } from '../reference-server/bus/options.ts';
import type { Bus } from '../reference-server/bus/types.ts';
import { HdrRecorder } from '../simulators/core/hdr-recorder.ts';
import { natsServerAvailable, startNatsServer } from '../test/reference-server/bus/nats-fixture.ts';
import { openedAlert } from '../test/reference-server/bus/alert-fixture.ts';

// Phase 5: 100 sensors × 10 Hz + 100 cameras × 15 fps detections = 2,500 bus events/s per cluster.
const PHASE5_EVENTS_PER_S = 2_500;
const PACED_SECONDS = 4;
const BLAST_EVENTS = 50_000;
const ALERTS = 300;
/** Our budget for the bus's share of the 120 ms alert E2E P95 (phase 3+). */
const BUS_P99_BUDGET_MS = 10;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function paced(pub: Bus, sub: Bus): Promise<{ rec: HdrRecorder; sent: number; received: number }> {
  const rec = new HdrRecorder();
  let received = 0;
  const s = sub.subscribe('sensor', (m) => {
    received++;
    rec.recordUs((nowEpochMs() - m.data.receivedMs) * 1000);
  }, { fromNode: pub.nodeId });
  await s.ready;
  const startMs = nowEpochMs();
  const total = PHASE5_EVENTS_PER_S * PACED_SECONDS;
  const intervalMs = 1000 / PHASE5_EVENTS_PER_S;
  let sent = 0;
  while (sent < total) {
    const now = nowEpochMs();
    // Open model: send every event whose intended time has come; latency counts from that time.
    while (sent < total && startMs + sent * intervalMs <= now) {
      pub.publishSensor({ locId: `d${sent % 100}`, kind: 'sensor', receivedMs: startMs + sent * intervalMs, fields: { smokePct: 6.5, flamePct: 31.6, flameDigital: 0 } });
      sent++;
    }
    await sleep(1);
  }
  await pub.flush();
  for (let i = 0; i < 200 && received < sent; i++) await sleep(10);
  s.unsubscribe();
  return { rec, sent, received };
}

async function blast(pub: Bus, sub: Bus): Promise<{ eventsPerS: number; received: number }> {
  let received = 0;
  let lastMs = 0;
  const s = sub.subscribe('detection', () => {
    received++;
    lastMs = nowEpochMs();
  }, { fromNode: pub.nodeId });
  await s.ready;
  const t0 = nowEpochMs();
  for (let i = 0; i < BLAST_EVENTS; i++) {
    pub.publishDetection({ cameraId: `c${i % 100}`, locId: `d${i % 100}`, score: 0.1, frameMs: t0 });
    if (i % 1000 === 999) await new Promise((r) => setImmediate(r)); // let the socket drain
  }
  await pub.flush();
  for (let i = 0; i < 1000 && received < BLAST_EVENTS; i++) await sleep(10);
  s.unsubscribe();
  return { eventsPerS: received / ((lastMs - t0) / 1000), received };
}

async function alertAcks(pub: Bus): Promise<HdrRecorder> {
  const rec = new HdrRecorder();
  const base = Math.floor(Date.now() / 60_000) * 60_000;
  for (let i = 0; i < ALERTS; i++) {
    const t = nowEpochMs();
    await pub.publishAlert(openedAlert(`bench-${Date.now()}-${i}`, 'smoke', base));
    rec.recordUs((nowEpochMs() - t) * 1000);
  }
  return rec;
}

function report(label: string, r: Awaited<ReturnType<typeof paced>>, b: Awaited<ReturnType<typeof blast>>, acks: HdrRecorder): void {
  const s = r.rec.summary();
  const a = acks.summary();
  console.log(`${label}:`);
  console.log(`  publish→consume latency @ ${PHASE5_EVENTS_PER_S} events/s for ${PACED_SECONDS} s (from intended send time, HDR µs): p50 ${s.p50Ms.toFixed(3)} ms, p99 ${s.p99Ms.toFixed(3)} ms, max ${s.maxMs.toFixed(3)} ms; received ${r.received}/${r.sent}`);
  console.log(`    ratio p99 / ${BUS_P99_BUDGET_MS} ms bus budget = ${(s.p99Ms / BUS_P99_BUDGET_MS).toFixed(3)} (≤ 1 passes)`);
  console.log(`  throughput (blast ${BLAST_EVENTS} detections, first publish → last consume): ${Math.round(b.eventsPerS)} events/s; received ${b.received}/${BLAST_EVENTS}`);
  console.log(`    ratio to phase-5 need (${PHASE5_EVENTS_PER_S} events/s) = ${(b.eventsPerS / PHASE5_EVENTS_PER_S).toFixed(1)}×`);
  console.log(`  alert publish → stored acknowledgement (sequential, ${ALERTS} alerts): p50 ${a.p50Ms.toFixed(3)} ms, p99 ${a.p99Ms.toFixed(3)} ms`);
}

const inprocPub = (await createBus(resolveBusOptions({ kind: 'inproc', nodeId: 'bench' }))).bus;
report('in-process bus', await paced(inprocPub, inprocPub), await blast(inprocPub, inprocPub), await alertAcks(inprocPub));
await inprocPub.close();

if (!natsServerAvailable()) {
  console.log('SKIP NATS bus: install the Debian package nats-server');
} else {
  const nats = await startNatsServer();
  const opts = (nodeId: string) => resolveBusOptions({ kind: 'nats', natsUrl: nats.url, nodeId });
  const pub = (await createBus(opts('bench'))).bus;
  const sub = (await createBus(opts('bench-sub'))).bus;
  try {
    report('NATS JetStream bus (separate publisher and subscriber connections, one process, loopback)', await paced(pub, sub), await blast(pub, sub), await alertAcks(pub));
    console.log(`  shed while connected: ${JSON.stringify(pub.health().shedTotal)}`);
  } finally {
    await pub.close();
    await sub.close();
    await nats.stop();
  }
}
