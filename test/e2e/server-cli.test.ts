// `emberload serve` as a process: a bad config exits 2 before anything starts and lists every
// problem; a port that is taken exits 2 naming the listener.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const t = suite('serve CLI (e2e)');
const dir = mkdtempSync(join(tmpdir(), 'emberload-cli-'));
let blocker: Server | undefined;

t.after(() => {
  blocker?.close();
  rmSync(dir, { recursive: true, force: true });
});

function serve(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/main.ts'), 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      res({ code, stdout, stderr });
    });
  });
}

t('bad config: exit 2, nothing listens, every problem listed with path, rule and value', async () => {
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, 'tcpPort: 99999\nfusion:\n  windowMs: soon\ningest:\n  queueSize: 5\n');
  const r = await serve(['--config', file, '--data-dir', join(dir, 'data')]);
  assert.is(r.code, 2);
  assert.is(r.stdout, '', 'no listening line');
  assert.match(r.stderr, /EMBER_ERR_CONFIG_INVALID/);
  assert.match(r.stderr, /tcpPort: must be ≤ 65535 \(received 99999\)/);
  assert.match(r.stderr, /fusion\.windowMs: must be an integer \(received "soon"\)/);
  assert.match(r.stderr, /ingest\.queueSize: is not a known key/);
});

t('a taken port: exit 2 naming the listener', async () => {
  blocker = createServer();
  await new Promise<void>((r) => blocker?.listen(0, '127.0.0.1', () => r()));
  const addr = blocker.address();
  const taken = typeof addr === 'object' && addr ? addr.port : 0;
  const r = await serve(['--tcp-port', String(taken), '--http-port', '0', '--ws-port', '0', '--data-dir', join(dir, 'data2')]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /EMBER_ERR_SERVER_LISTEN_FAILED/);
  assert.match(r.stderr, new RegExp(`tcpPort: must be free and bindable on 127\\.0\\.0\\.1 \\(EADDRINUSE\\) \\(received ${taken}\\)`));
});

t.run();
