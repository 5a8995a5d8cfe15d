// The command table: each entry names the module that implements it. Modules are imported lazily so
// `emberload size` never loads fastify, and each area owns its own CLI (its only I/O boundary).
// Every module exports `main(argv: string[]): Promise<number>` returning an exit code.

export interface CommandEntry {
  readonly words: readonly string[];
  readonly module: string;
  readonly summary: string;
}

export const COMMANDS: readonly CommandEntry[] = [
  { words: ['serve'], module: '../reference-server/main.ts', summary: 'run the reference EmberEye server (sensor TCP, cameras, alerts, HTTP API, metrics)' },
  { words: ['sim', 'sensors'], module: '../simulators/sensors/cli.ts', summary: 'drive a server with a fleet of virtual PF devices (open model)' },
  { words: ['sim', 'cameras'], module: '../simulators/cameras/cli.ts', summary: 'serve N synthetic RTSP cameras with scripted fire' },
  { words: ['gate'], module: '../scenarios/cli.ts', summary: 'run a phase gate (phase0…phase5) with a profile and judge it against the thresholds' },
  { words: ['run'], module: '../scenarios/cli.ts', summary: 'run a custom scenario file (JSON/YAML)' },
  { words: ['export', 'k6'], module: '../scenarios/cli.ts', summary: 'export the dashboard viewer load of a scenario as a k6 script' },
  { words: ['report'], module: '../reports/cli.ts', summary: 'render report.md, report.html, charts, junit.xml and summary.json for a run' },
  { words: ['compare'], module: '../reports/cli.ts', summary: 'compare a candidate run with a baseline; exit 99 on regression' },
  { words: ['baseline', 'update'], module: '../ci/cli.ts', summary: 'refresh the committed CI baseline from a run, deliberately' },
  { words: ['size', 'calibrate'], module: '../calculators/cli.ts', summary: 'fit a calibration profile from measured runs' },
  { words: ['size'], module: '../calculators/cli.ts', summary: 'size nodes, storage, network and cost from a plan file' },
];

/** Longest match of the leading words; returns the entry and the argv left for the module (command words included). */
export function resolveCommand(argv: readonly string[]): CommandEntry | undefined {
  let best: CommandEntry | undefined;
  for (const c of COMMANDS) {
    if (c.words.every((w, i) => argv[i] === w) && (!best || c.words.length > best.words.length)) best = c;
  }
  return best;
}
