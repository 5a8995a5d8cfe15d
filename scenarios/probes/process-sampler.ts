// Samples the target's processes from /proc once per call: CPU (utime+stime of the process and of
// every live descendant, plus cutime/cstime of already-reaped children such as finished ffmpeg runs),
// RSS, open fds and threads, summed per root process ("role"). Linux only; elsewhere it reports
// nothing and the runner notes that CPU/RSS thresholds have no data.
import { readdirSync, readFileSync } from 'node:fs';
import type { ProcessSample } from '../../protocol/run-result.ts';

// USER_HZ is 100 on every mainstream Linux build; PAGE_SIZE 4096 on x86_64/arm64 default kernels.
const CLOCK_TICKS_PER_S = 100;
const PAGE_BYTES = 4096;

interface StatFields {
  readonly ppid: number;
  readonly cpuTicks: number;
  readonly threads: number;
  readonly rssBytes: number;
}

export function parseProcStat(text: string): StatFields | undefined {
  const close = text.lastIndexOf(')');
  if (close === -1) return undefined;
  // Fields after "comm)": index 0 = field 3 (state).
  const f = text.slice(close + 2).trim().split(/\s+/);
  const num = (field: number) => Number(f[field - 3]);
  const ppid = num(4);
  const cpuTicks = num(14) + num(15) + num(16) + num(17);
  if (!Number.isFinite(ppid) || !Number.isFinite(cpuTicks)) return undefined;
  return { ppid, cpuTicks, threads: num(20), rssBytes: num(24) * PAGE_BYTES };
}

function readStat(pid: number): StatFields | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

function countFds(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}

/** Parent → children of every process, from one scan of /proc. */
export function childrenMap(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return children;
  }
  for (const e of entries) {
    const pid = Number(e);
    if (!Number.isInteger(pid)) continue;
    const st = readStat(pid);
    if (!st) continue;
    const list = children.get(st.ppid) ?? [];
    list.push(pid);
    children.set(st.ppid, list);
  }
  return children;
}

/** Every pid in the tree under `root` (inclusive). */
export function processTree(root: number, children: Map<number, number[]> = childrenMap()): number[] {
  const out: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const p = stack.pop() as number;
    out.push(p);
    for (const c of children.get(p) ?? []) stack.push(c);
  }
  return out;
}

export interface RootProcess {
  readonly pid: number;
  readonly role: string;
}

export class ProcessSampler {
  private readonly lastTicks = new Map<number, number>();
  private lastAtMs: number | undefined;
  private firstDone = false;
  totalCoreSeconds = 0;
  readonly available: boolean;

  constructor(private readonly startedAtMs: number) {
    this.available = process.platform === 'linux' && readStat(process.pid) !== undefined;
  }

  /** One sample per root; CPU is the tree's tick delta since the previous call. */
  sample(roots: readonly RootProcess[], nowMs = Date.now()): ProcessSample[] {
    if (!this.available) return [];
    const elapsedS = this.lastAtMs === undefined ? 0 : (nowMs - this.lastAtMs) / 1000;
    const out: ProcessSample[] = [];
    const seen = new Set<number>();
    const children = childrenMap();
    for (const root of roots) {
      let ticks = 0;
      let rssBytes = 0;
      let threads = 0;
      let openFds = 0;
      let alive = false;
      for (const pid of processTree(root.pid, children)) {
        const st = readStat(pid);
        if (!st) continue;
        alive = true;
        seen.add(pid);
        // A process born after the first sample started during the run: all its CPU counts.
        const prev = this.lastTicks.get(pid) ?? (this.firstDone ? 0 : st.cpuTicks);
        ticks += Math.max(0, st.cpuTicks - prev);
        this.lastTicks.set(pid, st.cpuTicks);
        rssBytes += st.rssBytes;
        threads += st.threads;
        openFds += countFds(pid);
      }
      if (!alive) continue;
      const coreSeconds = ticks / CLOCK_TICKS_PER_S;
      this.totalCoreSeconds += coreSeconds;
      out.push({ tS: (nowMs - this.startedAtMs) / 1000, pid: root.pid, role: root.role, cpuCoreSecondsPerSecond: elapsedS > 0 ? coreSeconds / elapsedS : 0, rssBytes, openFds, threads });
    }
    for (const pid of [...this.lastTicks.keys()]) if (!seen.has(pid)) this.lastTicks.delete(pid);
    this.lastAtMs = nowMs;
    this.firstDone = true;
    return out;
  }
}
