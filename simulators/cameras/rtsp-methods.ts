// RTSP method handlers (RFC 2326 §10) for the camera simulator: OPTIONS, DESCRIBE, SETUP (RTP over
// TCP interleaved, or UDP unicast when enabled; multicast gets 461), PLAY, PAUSE, TEARDOWN, GET_PARAMETER keep-alive.
// Status codes follow the RFC: 404 unknown camera, 454 unknown session, 455 wrong state, 459
// aggregate misuse, 461 transport, 405/501 for methods a camera does not serve, 505 version.
import { formatRtspResponse, formatTransportHeader, formatUdpTransportHeader, parseRtspUrl, parseTransportHeader, RTSP_VERSION, sessionIdOf, type RtspRequest } from '../../protocol/rtsp.ts';
import { buildVideoSdp } from '../../protocol/sdp.ts';
import type { LiveCamera } from './live-camera.ts';
import type { ClientConnection, RtspSession } from './rtsp-session.ts';
import { endSession, type ServerState } from './server-state.ts';

export const PUBLIC_METHODS = 'OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER';
const SERVER_HEADER: readonly [string, string] = ['Server', 'emberload-camera-sim/1'];
export const TRACK_CONTROL = 'trackID=0';

export interface CameraTarget {
  readonly camera: LiveCamera | undefined;
  /** The camera's id as written in the URL, when the path had the /cam/<n> form. */
  readonly idInUrl: string | undefined;
  /** The track control part (`trackID=0`) when the URL named the track. */
  readonly control: string | undefined;
  readonly baseUrl: string;
}

/**
 * `rtsp://host:port/cam/<n>[/trackID=0][?query]`. The original app appends `?tcp&rtsp_transport=tcp`
 * (ffmpeg strips `tcp` and sends the rest), and some clients append the track after the query, so
 * both `/cam/1/trackID=0?x` and `/cam/1?x/trackID=0` name the track.
 */
export function resolveTarget(state: ServerState, uri: string): CameraTarget {
  const url = parseRtspUrl(uri);
  const m = url ? /^\/cam\/(\d+)\/?(.*)$/.exec(url.path) : null;
  if (!url || !m) return { camera: undefined, idInUrl: undefined, control: undefined, baseUrl: '' };
  const idInUrl = m[1] as string;
  let control = m[2] === '' ? undefined : m[2];
  const queryTrack = /\/(trackID=\d+)$/.exec(url.query);
  if (control === undefined && queryTrack) control = queryTrack[1];
  const hostPart = url.port === undefined ? url.host : `${url.host}:${url.port}`;
  const baseUrl = `rtsp://${hostPart}/cam/${idInUrl}/`;
  const camera = String(Number(idInUrl)) === idInUrl ? state.cameras.get(idInUrl) : undefined;
  return { camera, idInUrl, control, baseUrl };
}

type Reply = { status: number; headers?: ReadonlyArray<readonly [string, string]>; body?: string };

function sessionHeader(state: ServerState, id: string): readonly [string, string] {
  return ['Session', `${id};timeout=${state.options.sessionTimeoutS}`];
}

function lookupSession(state: ServerState, req: RtspRequest, conn: ClientConnection): RtspSession | Reply {
  const id = sessionIdOf(req.headers.get('session'));
  if (id === undefined) return { status: 455 };
  const session = state.sessions.get(id);
  if (!session || session.connection !== conn) return { status: 454 };
  session.lastActivityMonoMs = state.nowMonoMs();
  return session;
}

function describe(state: ServerState, req: RtspRequest, target: CameraTarget): Reply {
  const cam = target.camera as LiveCamera;
  const accept = req.headers.get('accept');
  if (accept !== undefined && !/application\/sdp|\*\/\*/.test(accept)) return { status: 406 };
  const track = cam.track;
  const url = parseRtspUrl(target.baseUrl);
  const sdp = buildVideoSdp({
    sessionId: String(cam.ssrc),
    sessionName: `emberload camera ${cam.id}`,
    originAddress: url?.host.replace(/^\[|\]$/g, '') ?? state.options.host,
    codec: track.sdpCodec,
    widthPx: track.widthPx,
    heightPx: track.heightPx,
    fps: track.fps,
    control: TRACK_CONTROL,
  });
  return { status: 200, headers: [['Content-Base', target.baseUrl], ['Content-Type', 'application/sdp']], body: sdp };
}

function pickChannel(conn: ClientConnection, requested: readonly [number, number] | undefined): number | undefined {
  if (requested) return conn.channelsInUse.has(requested[0]) ? undefined : requested[0];
  for (let ch = 0; ch < 254; ch += 2) if (!conn.channelsInUse.has(ch)) return ch;
  return undefined;
}

function setup(state: ServerState, req: RtspRequest, conn: ClientConnection, target: CameraTarget): Reply {
  const cam = target.camera as LiveCamera;
  const now = state.nowMonoMs();
  if (cam.refusesSetup(now)) {
    state.faults.setupRefusals++;
    return { status: 503 };
  }
  if (target.control !== undefined && target.control !== TRACK_CONTROL) return { status: 404 };
  const transports = parseTransportHeader(req.headers.get('transport') ?? '');
  // The client's first acceptable alternative wins (§12.39: listed in order of preference).
  const chosen = transports.find((t) => !t.multicast && (t.mode === undefined || t.mode === 'PLAY') && (t.lowerTransport === 'TCP' || (state.udp !== undefined && t.clientPort !== undefined)));
  if (!chosen) return { status: 461, headers: [['Transport', 'RTP/AVP/TCP;unicast;interleaved=0-1']] };
  const existingId = sessionIdOf(req.headers.get('session'));
  if (existingId !== undefined) {
    const existing = state.sessions.get(existingId);
    if (!existing || existing.connection !== conn) return { status: 454 };
    // One track per camera: a second SETUP in the same session can only re-describe that track.
    if (existing.cameraId !== cam.id) return { status: 459 };
    existing.lastActivityMonoMs = now;
    const again = existing.udp && state.udp
      ? formatUdpTransportHeader({ clientPort: [existing.udp.rtpPort, existing.udp.rtpPort + 1], serverPort: [state.udp.rtpPort, state.udp.rtcpPort], ssrc: cam.ssrc })
      : formatTransportHeader({ interleaved: [existing.channel, existing.channel + 1], ssrc: cam.ssrc });
    return { status: 200, headers: [['Transport', again], sessionHeader(state, existing.id)] };
  }
  const base = { id: state.newSessionId(), cameraId: cam.id, connection: conn, playing: false, awaitingKeyframe: true, droppingForBackpressure: false, lastActivityMonoMs: now, framesSent: 0, framesDropped: 0, bytesSent: 0 };
  let session: RtspSession;
  let transport: string;
  if (chosen.lowerTransport === 'UDP' && chosen.clientPort && state.udp) {
    const address = conn.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
    session = { ...base, channel: -1, udp: { address, rtpPort: chosen.clientPort[0] } };
    transport = formatUdpTransportHeader({ clientPort: chosen.clientPort, serverPort: [state.udp.rtpPort, state.udp.rtcpPort], ssrc: cam.ssrc });
  } else {
    const channel = pickChannel(conn, chosen.interleaved);
    if (channel === undefined) return { status: 461, headers: [['Transport', 'RTP/AVP/TCP;unicast']] };
    session = { ...base, channel };
    conn.channelsInUse.add(channel);
    transport = formatTransportHeader({ interleaved: [channel, channel + 1], ssrc: cam.ssrc });
  }
  state.sessions.set(session.id, session);
  conn.sessionIds.add(session.id);
  cam.sessions.add(session);
  state.rtsp.sessionsCreated++;
  return { status: 200, headers: [['Transport', transport], sessionHeader(state, session.id)] };
}

function play(state: ServerState, req: RtspRequest, conn: ClientConnection, target: CameraTarget): Reply {
  const found = lookupSession(state, req, conn);
  if (!('id' in found)) return found;
  if (found.cameraId !== target.camera?.id) return { status: 459 };
  const cam = target.camera;
  if (!found.playing) {
    found.playing = true;
    found.awaitingKeyframe = true;
  }
  const info = cam.nextKeyframeRtpInfo();
  return { status: 200, headers: [sessionHeader(state, found.id), ['Range', 'npt=now-'], ['RTP-Info', `url=${target.baseUrl}${TRACK_CONTROL};seq=${info.seq};rtptime=${info.rtptime}`]] };
}

/** Handle one request; returns the serialised response and whether the connection must close. */
export function handleRequest(state: ServerState, conn: ClientConnection, req: RtspRequest): Buffer {
  state.rtsp.requests++;
  const reply = route(state, conn, req);
  const key = String(reply.status);
  state.rtsp.responsesByStatus[key] = (state.rtsp.responsesByStatus[key] ?? 0) + 1;
  return formatRtspResponse(reply.status, req.cseq, [SERVER_HEADER, ...(reply.headers ?? [])], reply.body ?? '');
}

function route(state: ServerState, conn: ClientConnection, req: RtspRequest): Reply {
  if (req.cseq === undefined) return { status: 400 };
  if (req.version !== RTSP_VERSION) return { status: 505 };
  const method = req.method;
  if (method === 'OPTIONS' && req.uri === '*') return { status: 200, headers: [['Public', PUBLIC_METHODS]] };
  if (method === 'ANNOUNCE' || method === 'RECORD') return { status: 405, headers: [['Allow', PUBLIC_METHODS]] };
  if (!PUBLIC_METHODS.split(', ').includes(method)) return { status: 501, headers: [['Public', PUBLIC_METHODS]] };
  if (method === 'GET_PARAMETER' || method === 'TEARDOWN' || method === 'PAUSE') {
    // Keep-alives may target any URL (ffmpeg uses the Content-Base); the session is what matters.
    if (method === 'GET_PARAMETER' && req.headers.get('session') === undefined) return { status: 200 };
    const found = lookupSession(state, req, conn);
    if (!('id' in found)) return found;
    if (method === 'TEARDOWN') {
      endSession(state, found);
      state.rtsp.sessionsTornDown++;
      return { status: 200 };
    }
    if (method === 'PAUSE') found.playing = false;
    return { status: 200, headers: [sessionHeader(state, found.id)] };
  }
  const target = resolveTarget(state, req.uri);
  if (!target.camera) return { status: 404 };
  if (method === 'OPTIONS') {
    // A keep-alive OPTIONS carrying a Session refreshes it, as GET_PARAMETER does.
    const id = sessionIdOf(req.headers.get('session'));
    const s = id === undefined ? undefined : state.sessions.get(id);
    if (s && s.connection === conn) s.lastActivityMonoMs = state.nowMonoMs();
    return { status: 200, headers: [['Public', PUBLIC_METHODS]] };
  }
  if (target.camera.isStopped(state.nowMonoMs())) {
    state.faults.requestsRefusedWhileStopped++;
    return { status: 503 };
  }
  if (method === 'DESCRIBE') return describe(state, req, target);
  if (method === 'SETUP') return setup(state, req, conn, target);
  return play(state, req, conn, target);
}
