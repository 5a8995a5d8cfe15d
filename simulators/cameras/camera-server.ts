// The camera simulator: N RTSP cameras at rtsp://host:port/cam/1..N serving pre-encoded clips,
// switching to the fire clip at the keyframe after a scripted incident starts, with faults and the
// whole-frame backpressure rule. This is the API the scenario runner codes against.
import { createServer, type Server } from 'node:net';
import type { InjectedIncident } from '../../protocol/alert.ts';
import { EmberError } from '../../protocol/errors.ts';
import { InjectionLog } from '../core/incident-script.ts';
import { resolveCameraServerOptions, type CameraFaultSpec, type CameraServerOptions, type ResolvedCameraServerOptions } from './camera-options.ts';
import { buildSnapshot, type CameraServerSnapshot } from './camera-snapshot.ts';
import { loadClip } from './clip-cache.ts';
import { dimensionsOf, type CameraScene } from './clip-recipes.ts';
import { FaultInjector } from './fault-injector.ts';
import { FramePacer } from './frame-pacer.ts';
import { prepareH264Track } from './h264-track.ts';
import { prepareJpegTrack } from './jpeg-track.ts';
import { LiveCamera } from './live-camera.ts';
import type { PreparedTrack } from './prepared-track.ts';
import { acceptConnection, dropConnection } from './rtsp-connection.ts';
import { randomUint32, seededRandom } from '../core/prng.ts';
import { endSession, newFaultCounters, newRtspCounters, type ServerState } from './server-state.ts';
import { openUdpTransport } from './udp-transport.ts';

export type { CameraFaultSpec, CameraServerOptions } from './camera-options.ts';
export type { CameraServerSnapshot, CameraSnapshot } from './camera-snapshot.ts';

export interface CameraServer {
  readonly port: number;
  /** rtsp://host:port/cam/1..N */
  readonly urls: readonly string[];
  snapshot(): CameraServerSnapshot;
  injectedIncidents(): readonly InjectedIncident[];
  triggerFault(f: CameraFaultSpec): void;
  /** Start a fresh pacing-lateness window (benchmarks exclude startup this way); counters are kept. */
  resetPacingStats(): void;
  close(): Promise<void>;
}

/** Load (or encode once) both scenes' clips and prepare their RTP frames. */
export async function prepareTracks(o: Pick<ResolvedCameraServerOptions, 'codec' | 'resolution' | 'fps' | 'cacheDir'>): Promise<Record<CameraScene, PreparedTrack>> {
  const { widthPx, heightPx } = dimensionsOf(o.resolution);
  const load = async (scene: CameraScene): Promise<PreparedTrack> => {
    const clip = await loadClip({ codec: o.codec, resolution: o.resolution, fps: o.fps, scene }, o.cacheDir);
    return o.codec === 'h264' ? prepareH264Track(clip.bytes, widthPx, heightPx, o.fps) : prepareJpegTrack(clip.bytes, o.fps);
  };
  const [normal, fire] = await Promise.all([load('normal'), load('fire')]);
  return { normal, fire };
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(new EmberError('EMBER_ERR_CAMERA_SIM_LISTEN_FAILED', err.code ?? err.message, [{ path: 'port', rule: `must be free on ${host} (${err.code ?? err.message})`, received: port }], { cause: err }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

export async function startCameraServer(options: CameraServerOptions): Promise<CameraServer> {
  const o = resolveCameraServerOptions(options);
  const tracks = await prepareTracks(o);
  const rand = seededRandom(o.seed);
  const injections = new InjectionLog();
  let startMonoMs = performance.now();
  const cameras = new Map<string, LiveCamera>();
  let sessionCounter = 0;
  // Client RTCP and NAT punch packets over UDP keep their session alive, as requests do.
  const udp = o.udp
    ? await openUdpTransport(o.host, (address, port) => {
        for (const s of state.sessions.values()) {
          if (s.udp && s.udp.address === address.replace(/^::ffff:/, '') && (port === s.udp.rtpPort || port === s.udp.rtpPort + 1)) s.lastActivityMonoMs = state.nowMonoMs();
        }
      })
    : undefined;
  const state: ServerState = {
    udp,
    options: o,
    cameras,
    sessions: new Map(),
    connections: new Set(),
    rtsp: newRtspCounters(),
    faults: newFaultCounters(),
    nowMonoMs: () => performance.now(),
    newSessionId: () => `${randomUint32(rand).toString(16).padStart(8, '0')}${(++sessionCounter).toString(16).padStart(4, '0')}`,
  };
  const server = createServer((socket) => acceptConnection(state, socket));
  let port: number;
  try {
    port = await listen(server, o.host, o.port);
  } catch (err) {
    await udp?.close();
    throw err;
  }
  // The run's clock starts when the port is open: incidents and faults are relative to this.
  startMonoMs = performance.now();
  for (let n = 1; n <= o.cameras; n++) {
    const id = String(n);
    const incidents = o.incidents
      .filter((i) => i.cameraId === id)
      .map((spec) => ({ spec, startMonoMs: startMonoMs + spec.atS * 1000, endMonoMs: startMonoMs + (spec.atS + spec.durationS) * 1000 }));
    cameras.set(id, new LiveCamera({
      id,
      tracks,
      ssrc: randomUint32(rand),
      initialSeq: randomUint32(rand) & 0xffff,
      initialTimestamp: randomUint32(rand),
      maxClientQueueBytes: o.maxClientQueueBytes,
      ...(udp ? { udp } : {}),
      incidents,
      onSceneSwitch: (s) => {
        if (s.scene === 'fire') injections.markInjected(s.incident, s.epochMs);
      },
    }));
  }
  const faults = new FaultInjector(state, startMonoMs);
  o.faults.forEach((f, i) => faults.schedule(f, `faults[${i}]`));
  const expireSessions = (nowMonoMs: number): void => {
    const limitMs = o.sessionTimeoutS * 1000;
    for (const s of [...state.sessions.values()]) {
      if (nowMonoMs - s.lastActivityMonoMs <= limitMs) continue;
      state.rtsp.sessionsTimedOut++;
      endSession(state, s);
      if (s.connection.sessionIds.size === 0) dropConnection(state, s.connection);
    }
    // A connection that holds no session (e.g. stopped after DESCRIBE) is closed after the same idle time.
    for (const conn of [...state.connections]) {
      if (conn.sessionIds.size === 0 && nowMonoMs - conn.lastActivityMonoMs > limitMs) {
        state.rtsp.idleConnectionsClosed++;
        dropConnection(state, conn);
      }
    }
  };
  const pacer = new FramePacer([...cameras.values()], o.fps, (now) => {
    faults.applyDue(now);
    expireSessions(now);
  });
  pacer.start(startMonoMs);
  const urls = [...cameras.keys()].map((id) => `rtsp://${urlHost(o.host)}:${port}/cam/${id}`);
  let closed: Promise<void> | undefined;
  return {
    port,
    urls,
    snapshot: () => buildSnapshot(state, pacer, urls, startMonoMs),
    injectedIncidents: () => injections.list(),
    triggerFault: (f) => faults.schedule(f),
    resetPacingStats: () => pacer.lateness.reset(),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        pacer.stop();
        for (const conn of [...state.connections]) dropConnection(state, conn);
        server.close(() => {
          if (udp) void udp.close().then(resolve);
          else resolve();
        });
      });
      return closed;
    },
  };
}
