// Where a run happened: enough to compare runs and calibrate the sizing model honestly.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { arch, cpus, hostname, platform, release, totalmem } from 'node:os';
import { resolve } from 'node:path';
import type { RunEnvironment } from '../../protocol/run-result.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export function collectEnvironment(): RunEnvironment {
  let version = '0.0.0';
  try {
    version = (JSON.parse(readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // keep the placeholder
  }
  let gitCommit: string | undefined;
  try {
    gitCommit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    gitCommit = undefined;
  }
  const c = cpus();
  return {
    hostname: hostname(),
    platform: platform(),
    arch: arch(),
    cpuModel: c[0]?.model ?? 'unknown',
    cpuCores: c.length,
    totalMemoryBytes: totalmem(),
    nodeVersion: process.version,
    kernel: release(),
    emberloadVersion: version,
    ...(gitCommit ? { gitCommit } : {}),
  };
}
