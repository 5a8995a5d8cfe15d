// The one way to get a bus: from resolved options. NATS unreachable at start is an error naming the
// URL (exit 2) unless the user explicitly allowed the in-process fallback.
import { isEmberError } from '../../protocol/errors.ts';
import { InprocBus } from './inproc-bus.ts';
import { NatsBus } from './nats-bus.ts';
import type { BusOptions } from './options.ts';
import type { Bus } from './types.ts';

export interface CreatedBus {
  readonly bus: Bus;
  /** Set when NATS was requested but unreachable and the fallback was used (log it loudly). */
  readonly fellBackBecause?: string;
}

export async function createBus(opts: BusOptions): Promise<CreatedBus> {
  if (opts.kind === 'inproc') return { bus: new InprocBus(opts) };
  try {
    return { bus: await NatsBus.open(opts) };
  } catch (err) {
    if (!opts.fallbackToInproc || !isEmberError(err) || err.code !== 'EMBER_ERR_BUS_NATS_UNREACHABLE') throw err;
    return { bus: new InprocBus({ ...opts, kind: 'inproc' }), fellBackBecause: err.message };
  }
}
