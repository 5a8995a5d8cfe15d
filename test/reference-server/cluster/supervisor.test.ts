// The supervisor restarts a crashed role with backoff, on the same port, and does not crash-loop
// a role that cannot start. Real child processes (a tiny role), real signals.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { Supervisor, type Listening } from '../../../reference-server/cluster/supervisor.ts';

const TINY = fileURLToPath(new URL('./fixtures/tiny-role.ts', import.meta.url));
const args = (prev: Listening | undefined): string[] => ['--http-port', String(prev?.http ?? 0)];

test('a killed role is restarted with backoff on the same port; restarts are counted', async () => {
  const events: string[] = [];
  const sup = new Supervisor({ backoffBaseMs: 50, backoffMaxMs: 200, startTimeoutMs: 30_000, onEvent: (e) => events.push(e.type) });
  try {
    const first = await sup.start({ name: 'n1/tiny', group: 'n1', role: 'tiny', modulePath: TINY, argsFor: args });
    assert.ok(first.pid > 0 && typeof first.http === 'number');
    const killed = sup.killGroup('n1');
    assert.equal(killed, [first.pid]);
    const again = await sup.whenRunning('n1/tiny');
    const status = sup.status()[0];
    assert.is.not(again.pid, first.pid, 'whenRunning resolves with the restarted process');
    assert.is(status?.state, 'running');
    assert.is(status?.restarts, 1);
    assert.is.not(status?.pid, first.pid, 'a new process');
    assert.is(status?.listening?.http, first.http, 'restarted on the port of the first run');
    assert.is(status?.lastExit, 'signal SIGKILL');
    const res = await fetch(`http://127.0.0.1:${first.http}/`);
    assert.is(res.status, 200);
    assert.ok(events.includes('restarting'));
  } finally {
    await sup.stop();
  }
  assert.is(sup.status()[0]?.state, 'stopped');
});

test('a role that exits before listening is reported, not restarted in a loop', async () => {
  const sup = new Supervisor({ backoffBaseMs: 10, startTimeoutMs: 30_000 });
  try {
    await sup.start({ name: 'bad', group: 'n1', role: 'tiny', modulePath: TINY, argsFor: () => ['--fail-at-start'] });
    assert.unreachable('should reject');
  } catch (err) {
    assert.match(String(err), 'exited before listening (exit code 3)');
  }
  await new Promise((r) => setTimeout(r, 200));
  assert.is(sup.status()[0]?.state, 'stopped');
  assert.is(sup.status()[0]?.restarts, 0);
  await sup.stop();
});

test.run();
