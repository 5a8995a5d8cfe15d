// Writes docs/errors.md from the error catalog (npm run docs:errors). The catalog test fails when
// the committed file differs from what this would write.
import { writeFileSync } from 'node:fs';
import { renderErrorsDoc } from './errors-doc.ts';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorsDoc());
process.stdout.write('wrote docs/errors.md\n');
