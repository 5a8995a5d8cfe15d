import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseFaults, pickSlots } from '../../../simulators/sensors/faults.ts';
import { buildIdentities } from '../../../simulators/sensors/identities.ts';
import { targetFor } from '../../../simulators/sensors/target-hash.ts';
import { EmberError } from '../../../protocol/errors.ts';

test('fault grammar: every kind', () => {
  const f = parseFaults('malformed:ratio=0.01, packet-storm@30s+10s:x=3, reconnect-storm@1m:mode=backoff, slow-device@20s+10s:devices=5:stall=2s, clock-skew@0s+30s:devices=10:skew=-5s, invalid-token:devices=3, outside-allowlist:devices=2:from=127.0.0.2', 100);
  assert.equal(f, [
    { kind: 'malformed', ratio: 0.01 },
    { kind: 'packet-storm', atMs: 30_000, durationMs: 10_000, multiplier: 3 },
    { kind: 'reconnect-storm', atMs: 60_000, mode: 'backoff' },
    { kind: 'slow-device', atMs: 20_000, durationMs: 10_000, devices: 5, stallMs: 2000 },
    { kind: 'clock-skew', atMs: 0, durationMs: 30_000, devices: 10, skewMs: -5000 },
    { kind: 'invalid-token', devices: 3 },
    { kind: 'outside-allowlist', devices: 2, localAddress: '127.0.0.2' },
  ]);
});

test('fault problems are all reported with path, rule and value', () => {
  try {
    parseFaults('packet-storm@5s:x=0.5, slow-device:devices=500, nope', 10);
    assert.unreachable();
  } catch (err) {
    assert.instance(err, EmberError);
    const paths = (err as EmberError).problems.map((p) => p.path);
    assert.equal(paths, ['faults[0].durationMs', 'faults[0].multiplier', 'faults[1].durationMs', 'faults[1].devices', 'faults[1].stallMs', 'faults[2].kind']);
  }
});

test('pickSlots spreads evenly and deterministically', () => {
  assert.equal(pickSlots(4, 100), [0, 25, 50, 75]);
});

test('identities: same seed → same serials and rooms; another seed differs; loc ids are frame-safe', () => {
  const a = buildIdentities(50, 7);
  const b = buildIdentities(50, 7);
  const c = buildIdentities(50, 8);
  assert.equal(a, b);
  assert.not.equal(a.map((d) => d.serial), c.map((d) => d.serial));
  assert.equal(a.map((d) => d.locId), c.map((d) => d.locId), 'loc ids do not depend on the seed (incident scripts stay valid)');
  assert.is(new Set(a.map((d) => d.serial)).size, 50);
  for (const d of a) {
    assert.ok(/^dev\d{4,}$/.test(d.locId) && !/[:\s]/.test(d.locId));
    assert.ok(/^PF\d{6}$/.test(d.serial));
    assert.ok(d.room.length > 3);
  }
});

test('scale-out: rendezvous hashing is stable and moves few devices when a node is added', () => {
  const two = [{ host: '127.0.0.1', port: 1 }, { host: '127.0.0.1', port: 2 }];
  const three = [...two, { host: '127.0.0.1', port: 3 }];
  const ids = buildIdentities(600, 1).map((d) => d.locId);
  const before = ids.map((id) => targetFor(id, two).port);
  const after = ids.map((id) => targetFor(id, three).port);
  const moved = ids.filter((_, i) => before[i] !== after[i]);
  assert.ok(moved.every((_, i) => after[ids.indexOf(moved[i] as string)] === 3), 'devices only move to the new node');
  const share = before.filter((p) => p === 1).length / ids.length;
  assert.ok(share > 0.4 && share < 0.6, `balanced split (${share})`);
  assert.ok(moved.length > 100 && moved.length < 300, `about a third moves (${moved.length})`);
});

test.run();
