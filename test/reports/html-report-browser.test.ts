// report.html in a real browser (Debian's chromium through playwright-core): every chart canvas has
// pixels drawn, nothing failed to load, and the verdict table says what result.json says.
// Set EMBERLOAD_SCREENSHOT=/path.png to keep a full-page screenshot for a human to look at.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { metricKey } from '../../reports/format.ts';
import { parseRunResult, type RunResult } from '../../protocol/run-result.ts';
import { main } from '../../reports/cli.ts';

const CHROMIUM = '/usr/bin/chromium';
const FIXTURE = resolve(import.meta.dirname, '../fixtures/run-results/phase0-smoke/result.json');

if (!existsSync(CHROMIUM)) {
  process.stdout.write('SKIP html-report-browser: install the Debian package chromium\n');
} else {
  const t = suite('html-report-browser');
  let browser: Browser | undefined;
  let dir = '';

  t.before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'emberload-html-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  t.after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function renderReport(result: RunResult, name: string): Promise<string> {
    const runDir = join(dir, name);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'result.json'), JSON.stringify(result));
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      assert.is(await main(['report', runDir, '--step-summary=false']), 0);
    } finally {
      process.stdout.write = write;
    }
    return join(runDir, 'report.html');
  }

  t('every chart canvas renders non-empty and the verdict table matches result.json', async () => {
    const result = parseRunResult(JSON.parse(readFileSync(FIXTURE, 'utf8')), FIXTURE);
    const html = await renderReport(result, 'fixture');
    const page = await (browser as Browser).newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    // Self-contained means no request leaves the file.
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(html).href);
    await page.waitForFunction(() => typeof (window as unknown as { __emberloadChartsRendered?: number }).__emberloadChartsRendered === 'number', undefined, { timeout: 15_000 });

    const canvases = await page.$$eval('canvas[data-chart-id]', (els) =>
      els.map((el) => {
        const c = el as HTMLCanvasElement;
        const ctx = c.getContext('2d');
        const data = ctx ? ctx.getImageData(0, 0, c.width, c.height).data : new Uint8ClampedArray();
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) painted++;
        return { id: c.dataset['chartId'] ?? '', width: c.width, height: c.height, painted, total: data.length / 4 };
      }),
    );
    const rendered = await page.evaluate(() => (window as unknown as { __emberloadChartsRendered: number }).__emberloadChartsRendered);
    assert.equal(errors, [], errors.join('\n'));
    assert.equal(requests, []);
    assert.ok(canvases.length >= 8, `only ${canvases.length} canvases`);
    assert.is(rendered, canvases.length);
    for (const c of canvases) {
      assert.ok(c.width > 100 && c.height > 100, `${c.id} has size`);
      // Axes, labels and lines cover a few percent of a chart; a blank canvas has none.
      assert.ok(c.painted > c.total * 0.01, `${c.id}: ${c.painted}/${c.total} pixels painted`);
    }

    const rows = await page.$$eval('#verdict-table tbody tr', (trs) => trs.map((tr) => ({ key: tr.getAttribute('data-key'), expression: tr.getAttribute('data-expression'), verdict: tr.getAttribute('data-verdict'), observed: tr.getAttribute('data-observed'), text: tr.textContent ?? '' })));
    assert.is(rows.length, result.thresholds.length);
    for (const th of result.thresholds) {
      const row = rows.find((r) => r.key === metricKey(th.metric, th.tags) && r.expression === th.expression);
      assert.ok(row, `row for ${th.metric} ${th.expression}`);
      assert.is(row.verdict, th.verdict);
      assert.is(row.observed, th.observed === null ? '' : String(th.observed));
    }
    const banner = await page.textContent('#verdict');
    assert.match(banner ?? '', new RegExp(result.verdict));
    const keep = process.env['EMBERLOAD_SCREENSHOT'];
    if (keep) await page.screenshot({ path: keep, fullPage: true });
    await page.close();
  });

  t('a real phase0 run (committed measurement) renders every chart in the browser', async () => {
    const file = resolve(import.meta.dirname, '../fixtures/run-results/real-phase0-smoke/run1.json');
    const result = parseRunResult(JSON.parse(readFileSync(file, 'utf8')), file);
    const html = await renderReport(result, 'real');
    const page = await (browser as Browser).newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(html).href);
    await page.waitForFunction(() => typeof (window as unknown as { __emberloadChartsRendered?: number }).__emberloadChartsRendered === 'number', undefined, { timeout: 15_000 });
    const painted = await page.$$eval('canvas[data-chart-id]', (els) =>
      els.map((el) => {
        const c = el as HTMLCanvasElement;
        const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
        return { id: c.dataset['chartId'] ?? '', share: n / Math.max(1, data.length / 4) };
      }),
    );
    assert.equal(errors, []);
    assert.is(painted.length, new Set(result.series.filter((s) => s.points.length > 0).map((s) => s.name)).size + (result.incidents.length > 0 ? 1 : 0));
    for (const p of painted) assert.ok(p.share > 0.01, `${p.id} painted ${p.share}`);
    const rows = await page.$$eval('#verdict-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-verdict')));
    assert.equal([...rows].sort(), result.thresholds.map((th) => th.verdict).sort());
    await page.close();
  });

  t('a failing threshold shows as a failing row and a failing banner', async () => {
    const base = parseRunResult(JSON.parse(readFileSync(FIXTURE, 'utf8')), FIXTURE);
    const failing: RunResult = { ...base, verdict: 'fail', thresholds: base.thresholds.map((th, i) => (i === 1 ? { ...th, observed: 31.5, verdict: 'fail' } : th)) };
    const html = await renderReport(failing, 'failing');
    const page = await (browser as Browser).newPage();
    await page.goto(pathToFileURL(html).href);
    const first = await page.$eval('#verdict-table tbody tr', (tr) => ({ verdict: tr.getAttribute('data-verdict'), cls: tr.className, text: tr.textContent ?? '' }));
    assert.is(first.verdict, 'fail');
    assert.is(first.cls, 'v-fail');
    assert.match(first.text, /p\(95\)=31\.5 ms/);
    assert.match((await page.textContent('#verdict')) ?? '', /fail — \d+ passed, 1 failed/);
    await page.close();
  });

  t.run();
}
