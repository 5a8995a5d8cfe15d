// kill -9 during a stream of alarms: every alert that was acknowledged on the live stream before
// the kill is in the store after a restart (an alert is published only after its fsync'd commit).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../../protocol/alert.ts';
import { encodeSensorLine } from '../../protocol/sensor-packets.ts';
import { httpJson, openAlertStream, startChildServer, type ChildServer } from '../reference-server/child-server.ts';
import { connectDevice, waitFor } from '../reference-server/helpers.ts';

const t = suite('server durability (e2e)');
const dataDir = mkdtempSync(join(tmpdir(), 'emberload-dur-'));
const children: ChildServer[] = [];
const ARGS = ['--tcp-port', '0', '--http-port', '0', '--ws-port', '0', '--data-dir', dataDir, '--log-level', 'error'];

t.after(async () => {
  for (const c of children) {
    if (c.child.exitCode === null && c.child.signalCode === null) {
      c.child.kill('SIGKILL');
      await c.exited();
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

t('every alert acknowledged on the stream survives kill -9', async () => {
  const first = await startChildServer(ARGS);
  children.push(first);
  const sse = await openAlertStream(first.ports.http);
  const dev = await connectDevice(first.ports.tcp);
  let sending = true;
  let sent = 0;
  // A stream of alarms: each line is smoke at a new location, so each opens a new alert.
  const pump = (async () => {
    while (sending && !dev.socket.destroyed) {
      const batch: string[] = [];
      for (let i = 0; i < 5; i++) batch.push(encodeSensorLine(`kill-${sent++}`, { ADC1: 3000, ADC2: 10 }));
      await dev.send(`${batch.join('\n')}\n`);
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const acked = (): string[] => sse.events.filter((e) => e.type === 'alert-opened').map((e) => (e as { alert: Alert }).alert.id);
  await waitFor('≥ 100 acknowledged alerts', () => acked().length >= 100, 60_000);
  first.child.kill('SIGKILL'); // mid-stream, no drain
  await first.exited();
  sending = false;
  await pump;
  dev.end();
  sse.close();
  const ackedIds = acked();
  assert.ok(sent > ackedIds.length, 'the kill happened while alarms were still flowing');

  const second = await startChildServer(ARGS);
  children.push(second);
  const stored = new Set<string>();
  for (let offset = 0; ; offset += 1_000) {
    const page = await httpJson<{ alerts: Alert[]; total: number }>(second.ports.http, `/api/alerts?limit=1000&offset=${offset}`);
    for (const a of page.alerts) stored.add(a.id);
    if (offset + 1_000 >= page.total) break;
  }
  const missing = ackedIds.filter((id) => !stored.has(id));
  assert.equal(missing, [], `${missing.length} of ${ackedIds.length} acknowledged alerts lost`);
  second.child.kill('SIGTERM');
  assert.is(await second.exited(), 0);
});

t.run();
