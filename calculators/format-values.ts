// Display of check values by unit; one place so text, Markdown and JSON agree.
import type { Q } from './rational.ts';
import { display } from './rounding.ts';
import { formatBitrate, formatBytesPerSecond, formatPercent, formatRam, formatStorage, TB } from './units.ts';
import type { Check, CheckUnit } from './size-types.ts';

export function formatByUnit(value: Q, unit: CheckUnit, resource = ''): string {
  switch (unit) {
    case 'cores':
      return `${display(value)} cores`;
    case 'bytes':
      return resource === 'RAM' ? formatRam(value) : formatStorage(value);
    case 'bps':
      return formatBitrate(value);
    case 'bytes/s':
      return formatBytesPerSecond(value);
    case 'bytes/yr':
      return `${display(value.div(TB))} TB/yr`;
    case 'hours':
      return `${display(value)} h`;
    default:
      return value.isInteger() ? `${value.toString()} ${unit}` : `${display(value)} ${unit}`;
  }
}

export function checkCells(c: Check): { required: string; provisioned: string; utilisation: string; target: string } {
  return {
    required: formatByUnit(c.required, c.unit, c.resource),
    provisioned: c.provisioned === null ? '—' : formatByUnit(c.provisioned, c.unit, c.resource),
    utilisation: c.utilisation === null ? '—' : formatPercent(c.utilisation),
    target: c.target === null ? 'fits' : `≤ ${formatPercent(c.target)}`,
  };
}
