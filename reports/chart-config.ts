// ChartSpec → a plain-JSON chart.js configuration. The same object drives the browser (report.html)
// and @napi-rs/canvas (charts/*.png), so the two cannot drift. No functions inside: it must survive
// JSON.stringify into the HTML page.
import type { ChartDataset, ChartSpec } from './chart-specs.ts';

// Colour-blind-friendly (Okabe–Ito) first, then extra hues for many cameras.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000', '#7f7f7f', '#8c564b', '#17becf', '#bcbd22'] as const;

function colour(i: number): string {
  return PALETTE[i % PALETTE.length] as string;
}

function dataset(d: ChartDataset, i: number): Record<string, unknown> {
  const data = d.points.map(([x, y]) => ({ x, y }));
  switch (d.style) {
    case 'limit':
      return { label: d.label, data, borderColor: '#d62728', backgroundColor: '#d62728', borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, fill: false };
    case 'missed':
      return { label: d.label, data, showLine: false, borderColor: '#d62728', backgroundColor: '#d62728', pointStyle: 'crossRot', pointRadius: 8, borderWidth: 2 };
    case 'points':
      return { label: d.label, data, showLine: false, borderColor: colour(i), backgroundColor: colour(i), pointRadius: 5 };
    case 'line':
      return { label: d.label, data, borderColor: colour(i), backgroundColor: colour(i), borderWidth: 1.5, pointRadius: 0, fill: false, tension: 0 };
  }
}

export interface ChartConfigOptions {
  /** true in the browser (fits its container); false for fixed-size PNGs. */
  readonly responsive: boolean;
}

export function chartJsConfig(spec: ChartSpec, opts: ChartConfigOptions): Record<string, unknown> {
  const scatter = spec.datasets.every((d) => d.style === 'points' || d.style === 'missed');
  return {
    type: scatter ? 'scatter' : 'line',
    data: { datasets: spec.datasets.map(dataset) },
    options: {
      responsive: opts.responsive,
      maintainAspectRatio: false,
      animation: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: { type: 'linear', title: { display: true, text: spec.xLabel } },
        y: { beginAtZero: true, grace: '5%', title: { display: true, text: spec.yLabel } },
      },
      plugins: {
        title: { display: true, text: spec.title, font: { size: 14 } },
        subtitle: { display: true, text: spec.subtitle },
        // A legend with dozens of cameras hides the plot; tooltips still name each line.
        legend: { display: spec.datasets.length <= 12, position: 'bottom' },
      },
    },
  };
}
