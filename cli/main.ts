// emberload's entry point: dispatch to the area that owns the command; map errors to exit codes.
import { pathToFileURL } from 'node:url';
import { EmberError, exitCodeOf, formatError } from '../protocol/errors.ts';
import { EXIT_OK } from '../protocol/exit-codes.ts';
import { COMMANDS, resolveCommand } from './commands.ts';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.words.join(' ').length));
  return [
    'usage: emberload <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.words.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    'exit codes: 0 ok, 1 internal error, 2 usage/config error, 99 thresholds failed',
  ].join('\n');
}

export async function runCli(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(`${help()}\n`);
    return EXIT_OK;
  }
  const entry = resolveCommand(argv);
  if (!entry) throw new EmberError('EMBER_ERR_CLI_UNKNOWN_COMMAND', argv[0], [{ path: 'command', rule: `must be one of: ${[...new Set(COMMANDS.map((c) => c.words.join(' ')))].join(', ')}`, received: argv.slice(0, 2).join(' ') }]);
  const mod = (await import(entry.module)) as { main: (args: string[]) => Promise<number> };
  return mod.main([...argv]);
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry) {
  try {
    process.exitCode = await runCli(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${formatError(err)}\n`);
    process.exitCode = exitCodeOf(err);
  }
}
