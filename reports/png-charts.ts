// charts/*.png: the report's charts rendered without a browser, chart.js drawing on @napi-rs/canvas
// (a prebuilt N-API binary from npm, so no system cairo is needed). Returns buffers; the CLI writes them.
import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type Plugin } from 'chart.js';
import type { RunResult } from '../protocol/run-result.ts';
import { chartJsConfig } from './chart-config.ts';
import { chartSpecs } from './chart-specs.ts';

Chart.register(...registerables);

export const PNG_WIDTH_PX = 1000;
export const PNG_HEIGHT_PX = 420;

// PNGs are transparent by default, which reads badly in dark-mode viewers.
const whiteBackground: Plugin = {
  id: 'emberloadWhiteBackground',
  beforeDraw(chart) {
    const ctx = chart.ctx;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

export interface PngChart {
  readonly id: string;
  readonly title: string;
  readonly png: Buffer;
}

export function renderChartPngs(result: RunResult): PngChart[] {
  return chartSpecs(result).map((spec) => {
    const canvas = createCanvas(PNG_WIDTH_PX, PNG_HEIGHT_PX);
    const config = chartJsConfig(spec, { responsive: false }) as unknown as ChartConfiguration;
    const options = { ...config.options, devicePixelRatio: 1 };
    // chart.js takes any object with getContext('2d'); @napi-rs/canvas's context is API-compatible.
    const chart = new Chart(canvas.getContext('2d') as unknown as CanvasRenderingContext2D, { ...config, options, plugins: [whiteBackground] });
    try {
      return { id: spec.id, title: spec.title, png: canvas.toBuffer('image/png') };
    } finally {
      chart.destroy();
    }
  });
}
