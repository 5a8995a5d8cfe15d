// One status line: rewritten in place on a TTY, one line per interval otherwise (CI logs).
import { formatDurationMs } from '../../protocol/units.ts';

export interface ProgressFigures {
  readonly elapsedS: number;
  readonly totalS: number;
  readonly stage: string;
  readonly sensorPps: number | undefined;
  readonly cameraFps: number | undefined;
  readonly sensorP95Ms: number | null;
  readonly alertP95Ms: number | null;
  readonly failing: number;
  readonly thresholds: number;
}

export function formatProgress(f: ProgressFigures): string {
  const fmt = (v: number | null | undefined, unit: string, digits = 1) => (v === null || v === undefined ? '–' : `${v.toFixed(digits)}${unit}`);
  return [
    `${formatDurationMs(f.elapsedS * 1000)}/${formatDurationMs(f.totalS * 1000)}`,
    `ETA ${formatDurationMs(Math.max(0, f.totalS - f.elapsedS) * 1000)}`,
    f.stage,
    `sensors ${fmt(f.sensorPps, ' pps', 0)}`,
    `cameras ${fmt(f.cameraFps, ' fps', 0)}`,
    `sensor P95 ${fmt(f.sensorP95Ms, ' ms', 2)}`,
    `alert P95 ${fmt(f.alertP95Ms, ' ms', 0)}`,
    `thresholds ${f.failing === 0 ? 'ok' : `${f.failing} failing`}/${f.thresholds}`,
  ].join(' | ');
}

export class ProgressPrinter {
  private lastLineAtMs = 0;
  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly intervalMs: number,
  ) {}

  update(f: ProgressFigures): void {
    const line = formatProgress(f);
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${line}`);
      return;
    }
    const now = Date.now();
    if (now - this.lastLineAtMs >= this.intervalMs) {
      this.lastLineAtMs = now;
      this.out.write(`${line}\n`);
    }
  }

  done(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
