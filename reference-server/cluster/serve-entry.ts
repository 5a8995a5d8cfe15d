// `emberload serve` with scale-out flags (reference-server/main.ts hands over here when
// wantsScaleOut(args)): `--role all` is today's single process, any other role runs one role
// process, `--cluster` runs the supervised multi-process topology.
import { EXIT_OK } from '../../protocol/exit-codes.ts';
import { formatOptionsHelp } from '../../protocol/cli-options.ts';
import { runCluster } from './cluster-main.ts';
import { runRole } from './role-main.ts';
import { ROLE_PURPOSE } from './roles.ts';
import { parseScaleOutOptions, SCALE_OUT_SPECS } from './serve-options.ts';

const SCALE_OUT_ONLY = new Set(['role', 'bus', 'nats-url', 'bus-fallback', 'camera-shard', 'alert-durable', 'camera-workers', 'cluster', 'nodes', 'cameras-per-worker', 'balancer-port', 'health-port', 'balance']);

/** argv without the scale-out options, for the single-process server. */
export function stripScaleOut(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const name = a.startsWith('--') ? a.slice(2).split('=')[0] ?? '' : '';
    if (!SCALE_OUT_ONLY.has(name)) {
      out.push(a);
      continue;
    }
    if (!a.includes('=') && name !== 'cluster') i++; // skip its value
  }
  return out;
}

export async function main(argv: string[], runSingle: (argv: string[]) => Promise<number>): Promise<number> {
  const args = argv[0] === 'serve' ? argv.slice(1) : argv;
  const o = parseScaleOutOptions(args);
  if (o.help) {
    const roles = Object.entries(ROLE_PURPOSE).map(([r, p]) => `  ${r.padEnd(15)} ${p}`).join('\n');
    process.stdout.write(`usage: emberload serve [--role <role> | --cluster] --bus nats --nats-url <url> [options]\n\nroles:\n${roles}\n\n${formatOptionsHelp(SCALE_OUT_SPECS)}\n`);
    return EXIT_OK;
  }
  const runAllInOne = (): Promise<number> => runSingle(['serve', ...stripScaleOut(args)]);
  if (o.cluster) return runCluster(o, runAllInOne);
  if (o.role === 'all') return runAllInOne();
  return runRole(o);
}
