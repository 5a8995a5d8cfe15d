#!/usr/bin/env node
// Installed entry point: registers tsx so the TypeScript sources run as they are, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/main.ts');
const { formatError, exitCodeOf } = await import('../protocol/errors.ts');
try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${formatError(err)}\n`);
  process.exitCode = exitCodeOf(err);
}
