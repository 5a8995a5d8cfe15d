// Chart selection and server-side PNG rendering: every series becomes a chart, downsampling keeps
// spikes, and each PNG actually has a plot drawn in it (not a blank canvas).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { RunResult } from '../../protocol/run-result.ts';
import { chartSpecs, downsample, MAX_POINTS_PER_LINE } from '../../reports/chart-specs.ts';
import { PNG_HEIGHT_PX, PNG_WIDTH_PX, renderChartPngs } from '../../reports/png-charts.ts';
import { makeRunResult } from '../fixtures/run-results/make-fixture.ts';

const t = suite('charts');

t('one chart per series name, in report sections, plus the incident timeline', () => {
  const r = makeRunResult({ seed: 7 });
  const specs = chartSpecs(r);
  const names = new Set(r.series.map((s) => s.name));
  assert.is(specs.length, names.size + 1);
  const byId = new Map(specs.map((s) => [s.id, s]));
  assert.is(byId.get('sensor-processing-ms')?.section, 'latency');
  assert.is(byId.get('processed-fps')?.section, 'fps');
  assert.is(byId.get('processed-fps')?.datasets.length, 5, 'one line per camera');
  assert.is(byId.get('frames-dropped')?.section, 'drops');
  assert.is(byId.get('rss-bytes')?.section, 'resources');
  assert.is(byId.get('detection-queue-depth')?.section, 'queues');
  assert.is(byId.get('incident-alert-timeline')?.section, 'incidents');
  // The P95 threshold is drawn on the latency chart.
  assert.ok(byId.get('sensor-processing-ms')?.datasets.some((d) => d.style === 'limit' && d.label === 'limit p(95)<25'));
  // A missed incident (seed 7) is drawn as a cross.
  assert.ok(byId.get('incident-alert-timeline')?.datasets.some((d) => d.style === 'missed'));
  assert.is(new Set(specs.map((s) => s.id)).size, specs.length, 'ids unique');
});

t('the runner-style series name sensor_processing_p95_ms gets the p(95) limit line', () => {
  const r = makeRunResult({ seed: 7 });
  const run: RunResult = { ...r, series: [{ name: 'sensor_processing_p95_ms', unit: 'ms', tags: {}, points: [[1, 9], [2, 12]] }] };
  const spec = chartSpecs(run).find((s) => s.id === 'sensor-processing-p95-ms');
  assert.is(spec?.section, 'latency');
  assert.equal(spec?.datasets.find((d) => d.style === 'limit')?.points, [[1, 25], [2, 25]]);
});

t('a limit far above the data is named in the subtitle instead of flattening the lines', () => {
  const r = makeRunResult({ seed: 7 });
  const run: RunResult = { ...r, series: [{ name: 'sensor_processing_p95_ms', unit: 'ms', tags: {}, points: [[1, 0.4], [2, 0.5]] }] };
  const spec = chartSpecs(run)[0];
  assert.not.ok(spec?.datasets.some((d) => d.style === 'limit'));
  assert.match(spec?.subtitle ?? '', /limit p\(95\)<25 is far above the data/);
});

t('RSS is plotted in MiB', () => {
  const r = makeRunResult({ seed: 7 });
  const rss = chartSpecs(r).find((s) => s.id === 'rss-bytes');
  const raw = r.series.find((s) => s.name === 'rss_bytes')?.points[0]?.[1] ?? 0;
  assert.is(rss?.yLabel, 'MiB');
  assert.ok(Math.abs((rss?.datasets[0]?.points[0]?.[1] ?? 0) - raw / 1048576) < 1e-9);
});

t('downsampling keeps a one-sample latency spike and bounds the point count', () => {
  const points = Array.from({ length: 7200 }, (_, i) => [i, i === 4321 ? 500 : 5] as const);
  const max = downsample(points, MAX_POINTS_PER_LINE, true);
  assert.ok(max.length <= MAX_POINTS_PER_LINE);
  assert.is(Math.max(...max.map((p) => p[1])), 500);
  const mean = downsample(points, MAX_POINTS_PER_LINE, false);
  assert.ok(Math.max(...mean.map((p) => p[1])) < 500);
  assert.is(downsample(points.slice(0, 10), MAX_POINTS_PER_LINE, true).length, 10);
});

t('a run without series or incidents gets no charts (and no crash)', () => {
  const r: RunResult = { ...makeRunResult({ seed: 2 }), series: [], incidents: [] };
  assert.equal(chartSpecs(r), []);
  assert.equal(renderChartPngs(r), []);
});

t('every PNG decodes at the declared size and has a plot drawn on it', async () => {
  const r = makeRunResult({ seed: 7 });
  const pngs = renderChartPngs(r);
  assert.is(pngs.length, chartSpecs(r).length);
  for (const p of pngs) {
    assert.equal([...p.png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'PNG');
    const img = await loadImage(p.png);
    assert.is(img.width, PNG_WIDTH_PX);
    assert.is(img.height, PNG_HEIGHT_PX);
    const canvas = createCanvas(img.width, img.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, img.width, img.height).data;
    let coloured = 0;
    let white = 0;
    for (let i = 0; i < px.length; i += 4) {
      const [r8, g8, b8] = [px[i] ?? 0, px[i + 1] ?? 0, px[i + 2] ?? 0];
      if (r8 === 255 && g8 === 255 && b8 === 255) white++;
      // Saturated pixels come from data lines, not from grey axes and text.
      else if (Math.max(r8, g8, b8) - Math.min(r8, g8, b8) > 60) coloured++;
    }
    assert.ok(white > px.length / 8, `${p.id}: white background`);
    assert.ok(coloured > 200, `${p.id}: only ${coloured} coloured pixels`);
  }
});

t.run();
