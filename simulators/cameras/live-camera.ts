// One simulated camera's live timeline: which clip frame is next, its RTP sequence number, timestamp
// and SSRC, the scene (normal or fire), active faults, and the sessions watching it. The pacer calls
// emitFrame() once per frame period; the camera keeps running whether or not anyone watches, like a
// real camera, so incidents and RTP clocks follow wall time.
import type { IncidentSpec } from '../../protocol/alert.ts';
import { VIDEO_CLOCK_HZ } from '../../protocol/rtp.ts';
import type { CameraScene } from './clip-recipes.ts';
import type { FrameVariant, PreparedTrack } from './prepared-track.ts';
import { packetCountOf, stampFrame } from './rtp-frame-template.ts';
import { writeWhole, type RtspSession } from './rtsp-session.ts';
import type { UdpTransport } from './udp-transport.ts';

export interface CameraFaultState {
  stoppedUntilMonoMs: number;
  stalledUntilMonoMs: number;
  corruptUntilMonoMs: number;
  truncatedUntilMonoMs: number;
  refuseSetupUntilMonoMs: number;
}

export interface CameraCounters {
  framesEmitted: number;
  framesSent: number;
  framesDropped: number;
  bytesSent: number;
  corruptFramesEmitted: number;
  truncatedFramesEmitted: number;
  framesSuppressedByStall: number;
  framesSuppressedByStop: number;
}

export interface SceneSwitch {
  readonly incident: IncidentSpec;
  readonly scene: CameraScene;
  readonly epochMs: number;
}

export interface LiveCameraOptions {
  readonly id: string;
  readonly tracks: Readonly<Record<CameraScene, PreparedTrack>>;
  readonly ssrc: number;
  readonly initialSeq: number;
  readonly initialTimestamp: number;
  readonly maxClientQueueBytes: number;
  /** This camera's incidents, as [startMonoMs, endMonoMs) windows. */
  readonly incidents: ReadonlyArray<{ readonly spec: IncidentSpec; readonly startMonoMs: number; readonly endMonoMs: number }>;
  readonly onSceneSwitch: (s: SceneSwitch) => void;
  /** Sends UDP sessions' packets; absent when UDP is disabled. */
  readonly udp?: UdpTransport;
}

const FOREVER = Number.POSITIVE_INFINITY;

export class LiveCamera {
  readonly id: string;
  readonly ssrc: number;
  readonly sessions = new Set<RtspSession>();
  readonly faults: CameraFaultState = { stoppedUntilMonoMs: 0, stalledUntilMonoMs: 0, corruptUntilMonoMs: 0, truncatedUntilMonoMs: 0, refuseSetupUntilMonoMs: 0 };
  readonly counters: CameraCounters = { framesEmitted: 0, framesSent: 0, framesDropped: 0, bytesSent: 0, corruptFramesEmitted: 0, truncatedFramesEmitted: 0, framesSuppressedByStall: 0, framesSuppressedByStop: 0 };
  private readonly o: LiveCameraOptions;
  private sceneValue: CameraScene = 'normal';
  private activeIncident: IncidentSpec | undefined;
  private frameIndex = 0;
  private seq: number;
  private readonly timestampBase: number;
  private frameCounter = 0;
  private readonly ticksPerFrame: number;

  constructor(o: LiveCameraOptions) {
    this.o = o;
    this.id = o.id;
    this.ssrc = o.ssrc >>> 0;
    this.seq = o.initialSeq & 0xffff;
    this.timestampBase = o.initialTimestamp >>> 0;
    this.ticksPerFrame = VIDEO_CLOCK_HZ / o.tracks.normal.fps;
  }

  get scene(): CameraScene {
    return this.sceneValue;
  }

  get track(): PreparedTrack {
    return this.o.tracks[this.sceneValue];
  }

  isStopped(nowMonoMs: number): boolean {
    return nowMonoMs < this.faults.stoppedUntilMonoMs;
  }

  refusesSetup(nowMonoMs: number): boolean {
    return nowMonoMs < this.faults.refuseSetupUntilMonoMs;
  }

  activeFaults(nowMonoMs: number): string[] {
    const f = this.faults;
    const out: string[] = [];
    if (nowMonoMs < f.stoppedUntilMonoMs) out.push('stop');
    if (nowMonoMs < f.stalledUntilMonoMs) out.push('stall');
    if (nowMonoMs < f.corruptUntilMonoMs) out.push('corrupt');
    if (nowMonoMs < f.truncatedUntilMonoMs) out.push('truncate');
    if (nowMonoMs < f.refuseSetupUntilMonoMs) out.push('refuse-setup');
    return out;
  }

  /** Set a fault window ending at `untilMonoMs` (Infinity = until cleared). */
  setFault(kind: 'stop' | 'stall' | 'corrupt' | 'truncate' | 'refuse-setup', untilMonoMs: number = FOREVER): void {
    const f = this.faults;
    if (kind === 'stop') f.stoppedUntilMonoMs = untilMonoMs;
    else if (kind === 'stall') f.stalledUntilMonoMs = untilMonoMs;
    else if (kind === 'corrupt') f.corruptUntilMonoMs = untilMonoMs;
    else if (kind === 'truncate') f.truncatedUntilMonoMs = untilMonoMs;
    else f.refuseSetupUntilMonoMs = untilMonoMs;
  }

  private timestampAt(frameCounter: number): number {
    return (this.timestampBase + Math.round(frameCounter * this.ticksPerFrame)) >>> 0;
  }

  /** Where a client that PLAYs now will start: the next keyframe's first sequence number and timestamp (RTP-Info). */
  nextKeyframeRtpInfo(): { seq: number; rtptime: number } {
    const frames = this.track.frames;
    let seq = this.seq;
    let k = 0;
    for (; k < frames.length; k++) {
      const f = frames[(this.frameIndex + k) % frames.length];
      if (!f || f.isKeyframe) break;
      seq += packetCountOf(f);
    }
    return { seq: seq & 0xffff, rtptime: this.timestampAt(this.frameCounter + k) };
  }

  // Incidents switch scenes only at keyframes, so a decoder never sees P-frames of the other clip.
  private switchSceneAtKeyframe(nowMonoMs: number, epochMs: number): void {
    const due = this.o.incidents.find((w) => nowMonoMs >= w.startMonoMs && nowMonoMs < w.endMonoMs);
    if (due && this.activeIncident !== due.spec) {
      this.activeIncident = due.spec;
      this.sceneValue = 'fire';
      this.o.onSceneSwitch({ incident: due.spec, scene: 'fire', epochMs });
    } else if (!due && this.activeIncident) {
      const ended = this.activeIncident;
      this.activeIncident = undefined;
      this.sceneValue = 'normal';
      this.o.onSceneSwitch({ incident: ended, scene: 'normal', epochMs });
    }
  }

  /** Produce the next frame of the timeline and write it to every playing session. */
  emitFrame(nowMonoMs: number, epochMs: number): void {
    const frames = this.track.frames;
    if (frames[this.frameIndex]?.isKeyframe) this.switchSceneAtKeyframe(nowMonoMs, epochMs);
    const f = this.faults;
    if (nowMonoMs < f.stoppedUntilMonoMs) {
      this.counters.framesSuppressedByStop++;
      this.advance(0);
      return;
    }
    if (nowMonoMs < f.stalledUntilMonoMs) {
      // A stalled camera sends nothing; its clients resume at the next keyframe after the stall.
      this.counters.framesSuppressedByStall++;
      for (const s of this.sessions) s.awaitingKeyframe = true;
      this.advance(0);
      return;
    }
    const variant: FrameVariant = nowMonoMs < f.corruptUntilMonoMs ? 'corrupt' : nowMonoMs < f.truncatedUntilMonoMs ? 'truncated' : 'intact';
    if (variant === 'corrupt') this.counters.corruptFramesEmitted++;
    else if (variant === 'truncated') this.counters.truncatedFramesEmitted++;
    const frame = this.track.frameAt(this.frameIndex, variant);
    const timestamp = this.timestampAt(this.frameCounter);
    let stampedChannel = -1;
    let stamped: Buffer | undefined;
    for (const s of this.sessions) {
      if (!s.playing) continue;
      if (s.awaitingKeyframe && !frame.isKeyframe) {
        if (s.droppingForBackpressure) this.countDrop(s);
        continue;
      }
      // Backpressure (MediaMTX/gortsplib #351): never queue part of a frame; drop it whole and resync at a keyframe.
      if (!s.udp && s.connection.socket.writableLength > this.o.maxClientQueueBytes) {
        this.countDrop(s);
        s.awaitingKeyframe = true;
        s.droppingForBackpressure = true;
        continue;
      }
      if (!stamped || (stampedChannel !== s.channel && s.channel >= 0)) {
        stamped = stampFrame(frame, Math.max(0, s.channel), this.seq, timestamp, this.ssrc);
        stampedChannel = s.channel;
      }
      const written = s.udp ? (this.o.udp?.sendFrame(stamped, frame, s.udp) ?? 0) : writeWhole(s, stamped);
      if (written === 0) continue;
      s.awaitingKeyframe = false;
      s.droppingForBackpressure = false;
      s.framesSent++;
      s.bytesSent += written;
      this.counters.framesSent++;
      this.counters.bytesSent += written;
    }
    this.advance(packetCountOf(frame));
  }

  private countDrop(s: RtspSession): void {
    s.framesDropped++;
    this.counters.framesDropped++;
  }

  private advance(packets: number): void {
    this.counters.framesEmitted++;
    this.seq = (this.seq + packets) & 0xffff;
    this.frameCounter++;
    this.frameIndex = (this.frameIndex + 1) % this.track.frames.length;
  }
}
