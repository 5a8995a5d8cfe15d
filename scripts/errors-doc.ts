import { ERROR_CATALOG } from '../protocol/errors.ts';
import { EXIT_CODES } from '../protocol/exit-codes.ts';

export function renderErrorsDoc(): string {
  const lines = [
    '# Errors',
    '',
    'Generated from `protocol/errors.ts` by `npm run docs:errors`; a test keeps this file in step with the catalog.',
    'Codes are stable API: they are never renamed or reused. Every error a user can cause lists each problem as',
    '`path: rule (received value)` and ends with a hint.',
    '',
    '## Exit codes',
    '',
    '| code | name | meaning |',
    '|---|---|---|',
    ...EXIT_CODES.map((e) => `| ${e.code} | ${e.name} | ${e.meaning} |`),
    '',
    '## Catalog',
    '',
    '| code | exit | message | hint |',
    '|---|---|---|---|',
  ];
  for (const [code, spec] of Object.entries(ERROR_CATALOG).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| \`${code}\` | ${spec.exit} | ${spec.message} | ${spec.hint.replaceAll('|', '\\|')} |`);
  }
  return `${lines.join('\n')}\n`;
}
