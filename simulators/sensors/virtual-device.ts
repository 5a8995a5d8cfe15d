// One virtual PF device: the device side of the EmberEye TCP protocol, like the real unit
// (reference §1.2–1.3): optional `#serialno`/`#locid` greeting, silence until PERIODIC_ON or
// PERIOD_ON, then per scheduled tick a `#frame<loc>:` (3336 hex, split over 3 writes like the real
// device) and a `#Sensor<loc>:` line with TS=/SEQ=; EEPROM1 → `#EEPROM<loc>:` reply, REQUEST1 → one
// frame. Sends are driven by the fleet's open-model scheduler; this class only writes bytes.
import { connect, type Socket } from 'node:net';
import { encodeEepromLine, encodeLocIdLine, encodeSerialLine } from '../../protocol/sensor-packets.ts';
import type { IncidentSpec } from '../../protocol/alert.ts';
import type { SendOutcome } from '../core/open-model-scheduler.ts';
import type { Random } from '../core/prng.ts';
import type { TimerQueue } from '../core/timer-queue.ts';
import type { InjectionLog } from '../core/incident-script.ts';
import { CommandParser, type DeviceCommand } from './command-parser.ts';
import { framePrefix, hotSpotCells, patchHotCells, type FramePool } from './frame-pool.ts';
import { SensorLineTemplate, type SensorValues } from './sensor-line.ts';
import { activeIncidents, applySensorIncidents, hotSpotTempC, touchesFrame, touchesSensor } from './incident-render.ts';
import { malformedLine, type MalformedVariant } from './malformed.ts';
import type { FleetCounters } from './fleet-counters.ts';
import type { DeviceIdentity } from './identities.ts';

/** Socket bytes queued in user space past which a send is `blocked` (the server is not reading). */
export const MAX_BUFFERED_BYTES = 256 * 1024;
/** The real device's chunking of a 3348-byte frame: ~1300 + ~700 + rest (reference §1.1). */
const SPLIT_FIRST_BYTES = 1300;
const SPLIT_SECOND_BYTES = 700;

export interface ReconnectPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  /** 0…1: the delay is multiplied by a uniform factor in [1 − jitter, 1 + jitter]. */
  readonly jitter: number;
}

/** Shared by every device of a fleet (one object, not one per device). */
export interface DeviceContext {
  readonly counters: FleetCounters;
  readonly pool: FramePool;
  readonly random: Random;
  readonly timers: TimerQueue;
  readonly greeting: boolean;
  readonly splitFrames: boolean;
  /** Gap between the chunks of a split frame (the real device: ~110 ms and ~60 ms). */
  readonly frameChunkGapMs: number;
  /** Send a frame every n-th tick (1 = every tick like the real device; 0 = sensor lines only). */
  readonly frameEveryTicks: number;
  readonly reconnect: ReconnectPolicy;
  readonly eepromOffsetC: number;
  readonly authToken: string | undefined;
  readonly injections: InjectionLog;
  readonly startMs: number;
  running(): boolean;
  /** Returns a malformed variant when this send should be replaced by one (fault active), else undefined. */
  nextMalformed(): MalformedVariant | undefined;
}

type DeviceState = 'idle' | 'connecting' | 'waiting' | 'streaming';

const SENSOR_SCRATCH: SensorValues = { adc1: 0, adc2: 0, mpy30: 0, tsUs: 0, seq: 0 };

export class VirtualDevice {
  readonly identity: DeviceIdentity;
  readonly target: { readonly host: string; readonly port: number };
  /** Per-device fault switches, set by the fleet's fault timeline. */
  skewMs = 0;
  stallMs = 0;
  invalidToken = false;
  localAddress: string | undefined;
  incidents: IncidentSpec[] | undefined;
  /** Start streaming right after connecting instead of waiting for PERIODIC_ON/PERIOD_ON. */
  streamOnConnect = false;

  private readonly ctx: DeviceContext;
  private readonly prefix: Buffer;
  private sensorLine: SensorLineTemplate;
  private badTokenLine: SensorLineTemplate | undefined;
  private socket: Socket | undefined;
  private state: DeviceState = 'idle';
  private parser = new CommandParser();
  private tick = 0;
  private seq = 0;
  private everConnected = false;
  private backoffAttempt = 0;
  private stalled = false;
  private closing = false;
  private reconnectPending = false;
  private readonly hotFrames = new Map<string, number>();
  private closedWaiters: Array<() => void> = [];

  constructor(identity: DeviceIdentity, target: { host: string; port: number }, ctx: DeviceContext) {
    this.identity = identity;
    this.target = target;
    this.ctx = ctx;
    this.prefix = framePrefix(identity.locId);
    this.sensorLine = new SensorLineTemplate(identity.locId, ctx.authToken);
  }

  get isStreaming(): boolean {
    return this.state === 'streaming';
  }

  get isOpen(): boolean {
    return this.socket !== undefined;
  }

  connect(): void {
    if (this.socket || this.closing || !this.ctx.running()) return;
    this.reconnectPending = false;
    const c = this.ctx.counters;
    c.connectAttempts++;
    if (this.localAddress !== undefined) c.bump(c.faultsInjected, 'outside-allowlist');
    this.state = 'connecting';
    this.parser = new CommandParser();
    const socket = connect({ host: this.target.host, port: this.target.port, noDelay: true, ...(this.localAddress !== undefined ? { localAddress: this.localAddress } : {}) });
    this.socket = socket;
    socket.setEncoding('latin1');
    socket.on('connect', () => this.onConnect());
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      c.bump(c.errorsByKind, err.code ?? 'EUNKNOWN');
      if (this.state === 'connecting') c.connectErrors++;
    });
    socket.on('close', () => this.onClose(socket));
  }

  /** Scheduled send: frame (every n-th tick) + sensor line. */
  sendTick(intendedMs: number): SendOutcome {
    const socket = this.socket;
    if (this.state !== 'streaming' || !socket) return 'not-connected';
    if (this.stalled || socket.writableLength > MAX_BUFFERED_BYTES) return 'blocked';
    this.tick++;
    const variant = this.ctx.nextMalformed();
    if (variant !== undefined) {
      this.write(socket, malformedLine(variant, this.identity.locId, this.ctx.random));
      const c = this.ctx.counters;
      c.malformedSent++;
      c.bump(c.faultsInjected, `malformed:${variant}`);
      return 'sent';
    }
    const elapsedMs = intendedMs - this.ctx.startMs;
    const active = this.incidents === undefined ? undefined : activeIncidents(this.incidents, elapsedMs);
    if (this.ctx.frameEveryTicks > 0 && this.tick % this.ctx.frameEveryTicks === 0) this.writeFrame(socket, active, () => this.writeSensor(socket, intendedMs, active));
    else this.writeSensor(socket, intendedMs, active);
    return 'sent';
  }

  /** Drop the connection now (reconnect storm); reconnect after `delayMs`, or with backoff when undefined. */
  drop(delayMs: number | undefined): void {
    if (!this.socket) return;
    this.backoffAttempt = 0;
    this.nextReconnectDelayMs = delayMs;
    this.socket.destroy();
  }

  /** Close for good (end of run): finish the line in progress, then FIN; resolves when closed. */
  close(): Promise<void> {
    this.closing = true;
    if (!this.socket) return Promise.resolve();
    const socket = this.socket;
    return new Promise((resolve) => {
      this.closedWaiters.push(resolve);
      if (this.stalled) this.onIdle = () => socket.end();
      else socket.end();
    });
  }

  /** Force-close a socket that did not finish closing in time. */
  destroy(): void {
    this.closing = true;
    this.socket?.destroy();
  }

  private nextReconnectDelayMs: number | undefined;
  /** Run once the line in progress (split frame, stalled line) is fully written. */
  private onIdle: (() => void) | undefined;

  private becomeIdle(): void {
    this.stalled = false;
    const run = this.onIdle;
    this.onIdle = undefined;
    run?.();
  }

  private onConnect(): void {
    const c = this.ctx.counters;
    const socket = this.socket;
    if (!socket) return;
    c.connects++;
    c.connected++;
    if (this.everConnected) c.reconnects++;
    this.everConnected = true;
    this.state = 'waiting';
    if (this.ctx.greeting) {
      this.write(socket, Buffer.from(`${encodeSerialLine(this.identity.serial)}\r\n${encodeLocIdLine(this.identity.locId)}\r\n`, 'latin1'));
      c.greetingsSent++;
    }
    if (this.streamOnConnect) this.onCommand('PERIOD_ON');
  }

  private onData(chunk: string): void {
    const c = this.ctx.counters;
    for (const cmd of this.parser.push(chunk)) {
      c.bump(c.commandsReceived, cmd);
      this.onCommand(cmd);
    }
  }

  private onCommand(cmd: DeviceCommand): void {
    const socket = this.socket;
    if (!socket) return;
    const c = this.ctx.counters;
    if (this.stalled && (cmd === 'EEPROM1' || cmd === 'REQUEST1')) {
      // Mid-frame or mid-line: a device cannot interleave a reply; answer once the line is out.
      this.ctx.timers.at(performance.now() + 1, () => this.onCommand(cmd));
      return;
    }
    switch (cmd) {
      case 'PERIODIC_ON':
      case 'PERIOD_ON':
        if (this.state === 'waiting') {
          this.state = 'streaming';
          c.streaming++;
          this.backoffAttempt = 0; // a connection that got this far is healthy: reset the backoff
        }
        break;
      case 'EEPROM1':
        this.write(socket, Buffer.from(`${encodeEepromLine(this.identity.locId, this.ctx.eepromOffsetC)}\r\n`, 'latin1'));
        c.eepromReplies++;
        break;
      case 'REQUEST1':
        this.writeFrame(socket, this.incidents === undefined ? undefined : activeIncidents(this.incidents, performance.now() - this.ctx.startMs), undefined);
        c.requestReplies++;
        break;
    }
  }

  private onClose(socket: Socket): void {
    if (this.socket !== socket) return;
    const c = this.ctx.counters;
    if (this.state === 'streaming') c.streaming--;
    if (this.state === 'waiting' || this.state === 'streaming') {
      c.connected--;
      c.disconnects++;
    }
    this.socket = undefined;
    this.state = 'idle';
    this.stalled = false;
    const waiters = this.closedWaiters;
    this.closedWaiters = [];
    for (const w of waiters) w();
    if (this.closing || !this.ctx.running() || this.reconnectPending) return;
    const delayMs = this.nextReconnectDelayMs ?? this.backoffDelayMs();
    this.nextReconnectDelayMs = undefined;
    this.reconnectPending = true;
    this.ctx.timers.at(performance.now() + delayMs, () => this.connect());
  }

  /** Exponential backoff with jitter; never 0, so a refusing server is never hammered in a loop. */
  private backoffDelayMs(): number {
    const p = this.ctx.reconnect;
    const raw = Math.min(p.maxMs, p.baseMs * 2 ** this.backoffAttempt);
    this.backoffAttempt = Math.min(this.backoffAttempt + 1, 30);
    return Math.max(1, raw * (1 - p.jitter + 2 * p.jitter * this.ctx.random()));
  }

  private write(socket: Socket, data: Buffer): void {
    this.ctx.counters.bytesSent += data.length;
    socket.write(data);
  }

  /** Frame, then `after` (the sensor line) once the whole frame is written. */
  private writeFrame(socket: Socket, active: readonly IncidentSpec[] | undefined, after: (() => void) | undefined): void {
    const pool = this.ctx.pool.bodies;
    let body = pool[(this.identity.index + this.tick) % pool.length] as Buffer;
    if (active) {
      for (const s of active) {
        if (!touchesFrame(s.kind)) continue;
        const n = this.hotFrames.get(s.id) ?? 0;
        this.hotFrames.set(s.id, n + 1);
        body = patchHotCells(body, hotSpotCells(s.id), hotSpotTempC(n));
        this.ctx.injections.markInjected(s, Date.now());
      }
    }
    const c = this.ctx.counters;
    c.framesSent++;
    c.bytesSent += this.prefix.length + body.length;
    if (!this.ctx.splitFrames) {
      socket.cork();
      socket.write(this.prefix);
      socket.write(body);
      socket.uncork();
      after?.();
      return;
    }
    // Three writes ~1300 + ~700 + rest bytes, like the real device, a short gap apart so they leave
    // as separate TCP segments and the server must reassemble the line. The device is busy until
    // the last chunk is out (scheduled sends meanwhile count as `blocked`).
    const first = SPLIT_FIRST_BYTES - this.prefix.length;
    socket.cork();
    socket.write(this.prefix);
    socket.write(body.subarray(0, first));
    socket.uncork();
    this.stalled = true;
    const gapMs = this.ctx.frameChunkGapMs;
    const alive = (): boolean => this.socket === socket && !socket.destroyed && !socket.writableEnded;
    this.ctx.timers.at(performance.now() + gapMs, () => {
      if (!alive()) return;
      socket.write(body.subarray(first, first + SPLIT_SECOND_BYTES));
      this.ctx.timers.at(performance.now() + gapMs, () => {
        if (!alive()) return;
        socket.write(body.subarray(first + SPLIT_SECOND_BYTES));
        this.stalled = false;
        after?.(); // the sensor line; it may stall again (slow-device fault)
        if (!this.stalled) this.becomeIdle();
      });
    });
  }

  private writeSensor(socket: Socket, intendedMs: number, active: readonly IncidentSpec[] | undefined): void {
    const random = this.ctx.random;
    // Baseline like a quiet room: smoke ≈ 6.5 %, analog flame ≈ 7 % (below the original's 25 % flag).
    // One scratch object for every send of every device (single-threaded): no allocation per packet.
    const v = SENSOR_SCRATCH;
    v.adc1 = 262 + Math.floor(random() * 16);
    v.adc2 = 280 + Math.floor(random() * 40);
    v.mpy30 = 0;
    if (active && active.length > 0 && applySensorIncidents(active, v)) {
      for (const s of active) if (touchesSensor(s.kind)) this.ctx.injections.markInjected(s, Date.now());
    }
    const c = this.ctx.counters;
    let template = this.sensorLine;
    if (this.invalidToken) {
      this.badTokenLine ??= new SensorLineTemplate(this.identity.locId, `invalid-${this.identity.serial}`);
      template = this.badTokenLine;
      c.bump(c.faultsInjected, 'invalid-token');
    }
    if (this.skewMs !== 0) c.bump(c.faultsInjected, 'clock-skew');
    v.tsUs = Math.round((performance.timeOrigin + intendedMs + this.skewMs) * 1000);
    v.seq = ++this.seq;
    const line = template.render(v, socket.writableLength > 0);
    c.sensorLinesSent++;
    if (this.stallMs > 0) {
      // Slow device: half the line now, the rest after the stall; sends meanwhile are `blocked`.
      const half = line.length >> 1;
      const head = Buffer.from(line.subarray(0, half));
      const tail = Buffer.from(line.subarray(half));
      this.write(socket, head);
      this.stalled = true;
      c.bump(c.faultsInjected, 'slow-device');
      this.ctx.timers.at(performance.now() + this.stallMs, () => {
        if (this.socket === socket && !socket.destroyed && !socket.writableEnded) this.write(socket, tail);
        this.becomeIdle();
      });
      return;
    }
    this.write(socket, line);
  }
}
