import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG, loadConfig, validateConfig } from '../../reference-server/config.ts';
import { EmberError } from '../../protocol/errors.ts';

const t = suite('server config');

function problemsOf(fn: () => unknown): Array<{ path: string; rule: string; received: unknown }> {
  try {
    fn();
  } catch (err) {
    assert.instance(err, EmberError);
    assert.is((err as EmberError).code, 'EMBER_ERR_CONFIG_INVALID');
    assert.is((err as EmberError).exitCode, 2);
    return [...(err as EmberError).problems];
  }
  throw new Error('expected EMBER_ERR_CONFIG_INVALID');
}

t('defaults: ports 9001/9090/8765, queue 10 000 with drop-oldest from 80 %, 64 KiB lines, 5 s window', () => {
  const c = validateConfig({});
  assert.is(c.tcpPort, 9001);
  assert.is(c.httpPort, 9090);
  assert.is(c.wsPort, 8765);
  assert.is(c.ingest.queueCapacity, 10_000);
  assert.is(c.ingest.dropOldestFromRatio, 0.8);
  assert.is(c.ingest.maxLineBytes, 65_536);
  assert.is(c.fusion.windowMs, 5_000);
  assert.equal(c.security, {});
  assert.ok(Object.isFrozen(c.fusion));
});

t('every problem is listed at once with path, rule and value', () => {
  const problems = problemsOf(() =>
    validateConfig({ tcpPort: 70_000, httpPort: 'x', ingest: { queueCapacity: 0, bogus: 1 }, fusion: { windowMs: -1 }, security: { cidrAllowlist: ['10.0.0.0/33'] }, streams: [{ id: 'a', loc_id: 'r', url: '' }, { id: 'a', loc_id: 'r', url: 'rtsp://x' }], tpyo: true }),
  );
  const paths = problems.map((p) => p.path).sort();
  assert.equal(paths, ['fusion.windowMs', 'httpPort', 'ingest.bogus', 'ingest.queueCapacity', 'security.cidrAllowlist[0]', 'streams[0].url', 'streams[1].id', 'tcpPort', 'tpyo'].sort());
  const tcp = problems.find((p) => p.path === 'tcpPort');
  assert.is(tcp?.received, 70_000);
  assert.match(tcp?.rule ?? '', /≤ 65535/);
});

t('cross-field rules: critical ≥ hot threshold; ports distinct unless 0', () => {
  const problems = problemsOf(() => validateConfig({ tcpPort: 5000, httpPort: 5000, fusion: { criticalTempC: 30 } }));
  assert.equal(problems.map((p) => p.path).sort(), ['fusion.criticalTempC', 'httpPort']);
  validateConfig({ tcpPort: 0, httpPort: 0, wsPort: 0 });
});

t('YAML file plus CLI overrides; unreadable file is its own error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emberload-cfg-'));
  const file = join(dir, 'server.yaml');
  writeFileSync(file, 'tcpPort: 4888\nfusion:\n  windowMs: 2000\nsecurity:\n  sharedToken: s3cret\n  cidrAllowlist: [127.0.0.1, 10.0.0.0/8]\n');
  const c = loadConfig(file, { tcpPort: 0, host: '0.0.0.0' });
  assert.is(c.tcpPort, 0);
  assert.is(c.host, '0.0.0.0');
  assert.is(c.fusion.windowMs, 2000);
  assert.is(c.fusion.smokePct, DEFAULT_CONFIG.fusion.smokePct);
  assert.equal(c.security.cidrAllowlist, ['127.0.0.1', '10.0.0.0/8']);
  try {
    loadConfig(join(dir, 'missing.json'), {});
    assert.unreachable();
  } catch (err) {
    assert.is((err as EmberError).code, 'EMBER_ERR_CONFIG_UNREADABLE');
  }
});

t.run();
