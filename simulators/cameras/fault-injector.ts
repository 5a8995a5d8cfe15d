// Applies scripted and on-demand faults at their time and counts each one. Faults are validated
// whole before they are accepted (triggerFault throws with every problem).
import { EmberError } from '../../protocol/errors.ts';
import { validateFault, type CameraFaultSpec } from './camera-options.ts';
import { dropConnection } from './rtsp-connection.ts';
import { endSession, type ServerState } from './server-state.ts';

const DEFAULT_STALL_S = 5;
const DEFAULT_DAMAGE_S = 1;

interface Scheduled {
  readonly atMonoMs: number;
  readonly spec: CameraFaultSpec;
}

export class FaultInjector {
  private readonly pending: Scheduled[] = [];
  private readonly state: ServerState;
  private readonly startMonoMs: number;

  constructor(state: ServerState, startMonoMs: number) {
    this.state = state;
    this.startMonoMs = startMonoMs;
  }

  /** Validate, then schedule at `atS` from start (or now when absent/past). */
  schedule(spec: CameraFaultSpec, path = 'fault'): void {
    const problems = validateFault(spec, this.state.options.cameras, path);
    if (problems.length > 0) throw new EmberError('EMBER_ERR_CAMERA_SIM_FAULT_INVALID', `${problems.length} problem(s)`, problems);
    const atMonoMs = spec.atS === undefined ? this.state.nowMonoMs() : this.startMonoMs + spec.atS * 1000;
    this.pending.push({ atMonoMs, spec });
    this.pending.sort((a, b) => a.atMonoMs - b.atMonoMs);
    if (atMonoMs <= this.state.nowMonoMs()) this.applyDue(this.state.nowMonoMs());
  }

  applyDue(nowMonoMs: number): void {
    while (this.pending.length > 0 && (this.pending[0] as Scheduled).atMonoMs <= nowMonoMs) {
      const next = this.pending.shift() as Scheduled;
      this.apply(next.spec, nowMonoMs);
    }
  }

  private apply(spec: CameraFaultSpec, nowMonoMs: number): void {
    const state = this.state;
    const c = state.faults;
    if (spec.kind === 'reconnect-storm') {
      c.reconnectStorms++;
      for (const conn of [...state.connections]) {
        const touches = [...conn.sessionIds].some((id) => spec.cameraId === undefined || state.sessions.get(id)?.cameraId === spec.cameraId);
        if (touches) c.sessionsDroppedByStorm += dropConnection(state, conn);
      }
      return;
    }
    const cam = state.cameras.get(spec.cameraId as string);
    if (!cam) return;
    const until = (defaultS: number | undefined): number => {
      const s = spec.durationS ?? defaultS;
      return s === undefined ? Number.POSITIVE_INFINITY : nowMonoMs + s * 1000;
    };
    switch (spec.kind) {
      case 'stop': {
        c.stops++;
        cam.setFault('stop', until(undefined));
        for (const s of [...cam.sessions]) {
          const conn = s.connection;
          const onlyThisCamera = [...conn.sessionIds].every((id) => state.sessions.get(id)?.cameraId === cam.id);
          if (onlyThisCamera) c.sessionsEndedByStop += dropConnection(state, conn);
          else {
            endSession(state, s);
            c.sessionsEndedByStop++;
          }
        }
        return;
      }
      case 'stall':
        c.stalls++;
        cam.setFault('stall', until(DEFAULT_STALL_S));
        return;
      case 'corrupt':
        c.corruptWindows++;
        cam.setFault('corrupt', until(DEFAULT_DAMAGE_S));
        return;
      case 'truncate':
        c.truncateWindows++;
        cam.setFault('truncate', until(DEFAULT_DAMAGE_S));
        return;
      case 'refuse-setup':
        c.refuseSetupWindows++;
        cam.setFault('refuse-setup', until(undefined));
        return;
    }
  }
}
