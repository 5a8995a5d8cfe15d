// Every shipped plan file sizes and renders a report (Markdown, HTML, JSON) with its seed table.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { parsePlan } from '../../calculators/plan-parse.ts';
import { sizePlan } from '../../calculators/size-plan.ts';
import { renderSizingMarkdown } from '../../calculators/report-md.ts';
import { markdownToHtml } from '../../calculators/md-html.ts';
import { sizingToJson } from '../../calculators/format-json.ts';

const dir = new URL('../../calculators/plans/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

test('the four seed plans are shipped', () => {
  assert.equal(files, ['seed-000-a-edge.json', 'seed-000-b-small-business.json', 'seed-000-c-industrial.json', 'seed-003-200-cameras.json']);
});

for (const file of files) {
  test(`${file} produces a full report`, () => {
    const plan = parsePlan(JSON.parse(readFileSync(new URL(file, dir), 'utf8')), file);
    const r = sizePlan(plan);
    const md = renderSizingMarkdown(r, plan);
    for (const section of ['## Per-resource checks', '## Nodes', '## Storage tiers', '## Network', '## Cost', '## Seed says / corrected', '## Assumptions and provenance']) {
      assert.ok(md.includes(section), `${file}: missing ${section}`);
    }
    const html = markdownToHtml(md, plan.name);
    assert.match(html, '<table>');
    assert.not.match(html, '<script');
    const json = JSON.parse(JSON.stringify(sizingToJson(r))) as { cost: { monthlyCostUsd: { exact: string; display: string } } };
    assert.match(json.cost.monthlyCostUsd.exact, /^\d+(\/\d+)?$/);
    assert.match(json.cost.monthlyCostUsd.display, /^\d+\.\d\d$/);
  });
}

test('seed 003 report shows the corrected figures next to the seed ones', () => {
  const plan = parsePlan(JSON.parse(readFileSync(new URL('seed-003-200-cameras.json', dir), 'utf8')));
  const md = renderSizingMarkdown(sizePlan(plan), plan);
  assert.match(md, '| recording per day | 8.4 TB (comment); 0.008 "TB" (code) | 8.64 TB (7.86 TiB) |');
  assert.match(md, '$16,347.95');
  assert.match(md, '240 cameras, 8 nodes (6 + 2)');
  assert.match(md, '346 cameras, 11 nodes (9 + 2)');
});

test('HTML renderer escapes cell text', () => {
  const html = markdownToHtml('| a | b |\n|---|---|\n| <x> | **y** |\n', 't');
  assert.match(html, '<td class="">&lt;x&gt;</td>');
  assert.match(html, '<strong>y</strong>');
});

test.run();
