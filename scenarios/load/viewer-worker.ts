// Child process that runs the dashboard viewer load (autocannon), so response times are not
// inflated by the runner's own event loop (sensor fleet, probes). Started by viewer-load.ts with
// one JSON argument; sends batches of {endpoint, latenciesMs[], responses, requests, errors} over IPC
// once per second and a final batch when its time is up or it receives 'stop'.
import autocannon from 'autocannon';
import type { EndpointLoad } from './viewer-load.ts';

interface Batch {
  endpoint: string;
  latenciesMs: number[];
  responses: number;
  requests: number;
  errors: number;
}

const { baseUrl, endpoints, durationS } = JSON.parse(process.argv[2] ?? '{}') as { baseUrl: string; endpoints: EndpointLoad[]; durationS: number };
const batches = new Map<string, Batch>();
const fresh = (endpoint: string): Batch => ({ endpoint, latenciesMs: [], responses: 0, requests: 0, errors: 0 });
const instances: autocannon.Instance[] = [];
let running = endpoints.length;

function flush(): void {
  for (const [k, b] of batches) {
    if (b.requests > 0) process.send?.({ type: 'batch', batch: b });
    batches.set(k, fresh(k));
  }
}

function finish(): void {
  flush();
  process.send?.({ type: 'done' });
  clearInterval(timer);
  setTimeout(() => process.exit(0), 50);
}

for (const e of endpoints) {
  batches.set(e.endpoint, fresh(e.endpoint));
  const rate = Math.max(1, Math.round(e.ratePerS));
  const inst = autocannon(
    { url: `${baseUrl}${e.path}`, connections: Math.min(10, rate), overallRate: rate, duration: Math.max(1, Math.round(durationS)), timeout: 5, ignoreCoordinatedOmission: true },
    () => {
      if (--running === 0) finish();
    },
  );
  inst.on('response', (_c, status, _bytes, responseTimeMs) => {
    const b = batches.get(e.endpoint) as Batch;
    b.responses++;
    b.requests++;
    b.latenciesMs.push(responseTimeMs);
    if (status < 200 || status >= 300) b.errors++;
  });
  inst.on('reqError', () => {
    const b = batches.get(e.endpoint) as Batch;
    b.errors++;
    b.requests++;
  });
  instances.push(inst);
}
const timer = setInterval(flush, 1000);
process.on('message', (m) => {
  if (m === 'stop') {
    for (const i of instances) i.stop();
    finish();
  }
});
process.on('disconnect', () => process.exit(0));
