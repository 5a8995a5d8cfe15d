// `emberload serve`: the only place that listens on ports and handles signals. Also runnable
// directly (`tsx reference-server/main.ts serve …`), which is how the scenario runner spawns it.
// When every listener is up it prints ONE JSON line on stdout:
//   {"event":"listening","tcp":<port>,"http":<port>,"ws":<port>,"pid":<pid>}
// SIGTERM/SIGINT: stop intake, process what is queued, commit alerts, close the store, exit 0.
import { pathToFileURL } from 'node:url';
import { EmberError, exitCodeOf, formatError, type Problem } from '../protocol/errors.ts';
import { parseOptions, formatOptionsHelp } from '../protocol/cli-options.ts';
import { EXIT_OK } from '../protocol/exit-codes.ts';
import { buildServer, type BuiltServer } from './app.ts';
import { cameraIngestPlugin } from './ingest/cameras/camera-plugin.ts';
import { loadConfig } from './config.ts';
import { wantsScaleOut } from './cluster/scale-out-flags.ts';
import { createLogger, type LogLevel } from './log.ts';

const SPECS = {
  config: { kind: 'string', describe: 'JSON or YAML configuration file (validated whole before anything starts)' },
  'tcp-port': { kind: 'int', min: 0, max: 65_535, describe: 'PF-device TCP port; 0 = any free port (config default 9001)' },
  'http-port': { kind: 'int', min: 0, max: 65_535, describe: 'HTTP API + /metrics port; 0 = any free port (config default 9090)' },
  'ws-port': { kind: 'int', min: 0, max: 65_535, describe: 'WebSocket sensor bus port; 0 = any free port (config default 8765)' },
  host: { kind: 'string', describe: 'address to bind every listener to (config default 127.0.0.1)' },
  'data-dir': { kind: 'string', describe: 'directory of the SQLite alert store' },
  'node-id': { kind: 'string', describe: 'node name written into alerts' },
  'log-level': { kind: 'enum', values: ['debug', 'info', 'warn', 'error'], default: 'info', describe: 'stderr log level (JSON lines)' },
  help: { kind: 'boolean', describe: 'show this help' },
} as const;

export async function main(argv: string[]): Promise<number> {
  const args = argv[0] === 'serve' ? argv.slice(1) : argv;
  // Scale-out (--role/--cluster/--bus …, reference-server/cluster/): loaded only when asked for.
  if (wantsScaleOut(args)) return (await import('./cluster/serve-entry.ts')).main(argv, main);
  const opts = parseOptions(args, SPECS);
  if (opts.help) {
    process.stdout.write(`usage: emberload serve [options]\n\n${formatOptionsHelp(SPECS)}\n`);
    return EXIT_OK;
  }
  if (opts._.length > 0) throw new EmberError('EMBER_ERR_CLI_INVALID_OPTIONS', 'unexpected arguments', [{ path: 'arguments', rule: 'serve takes options only', received: opts._.join(' ') }]);
  const config = loadConfig(opts.config, { tcpPort: opts['tcp-port'], httpPort: opts['http-port'], wsPort: opts['ws-port'], host: opts.host, dataDir: opts['data-dir'], nodeId: opts['node-id'] });
  const log = createLogger(opts['log-level'] as LogLevel);
  const server = await buildServer({ config, log, plugins: [cameraIngestPlugin()] });
  let ports: { tcp: number; http: number; ws: number };
  try {
    ports = await listenAll(server, config.host, config.tcpPort, config.httpPort, config.wsPort);
  } catch (err) {
    await server.close();
    throw err;
  }
  server.setReady(true);
  process.stdout.write(`${JSON.stringify({ event: 'listening', ...ports, pid: process.pid })}\n`);
  log.info('server ready', { ...ports, host: config.host, dataDir: config.dataDir });
  return new Promise<number>((resolve) => {
    const stop = (signal: string): void => {
      log.info('draining', { signal });
      server.close().then(
        () => resolve(EXIT_OK),
        (err: unknown) => {
          log.error('shutdown failed', { error: (err as Error).message });
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

async function listenAll(server: BuiltServer, host: string, tcpPort: number, httpPort: number, wsPort: number): Promise<{ tcp: number; http: number; ws: number }> {
  const problems: Problem[] = [];
  const attempt = async (path: string, port: number, fn: () => Promise<number>): Promise<number> => {
    try {
      return await fn();
    } catch (err) {
      problems.push({ path, rule: `must be free and bindable on ${host} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, received: port });
      return -1;
    }
  };
  const tcp = await attempt('tcpPort', tcpPort, () => server.tcp.listen(tcpPort, host));
  const http = await attempt('httpPort', httpPort, async () => {
    await server.http.listen({ port: httpPort, host });
    const addr = server.http.server.address();
    return typeof addr === 'object' && addr ? addr.port : httpPort;
  });
  const ws = await attempt('wsPort', wsPort, () => server.ws.listen(wsPort, host));
  if (problems.length > 0) throw new EmberError('EMBER_ERR_SERVER_LISTEN_FAILED', `${problems.length} listener(s) failed`, problems);
  return { tcp, http, ws };
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${formatError(err)}\n`);
    process.exitCode = exitCodeOf(err);
  }
}
