// The decode command for one camera, Frigate's model: ffmpeg reads the stream and writes raw
// yuv420p frames at the detection resolution and rate to stdout. Only errors go to stderr, so its
// last line is the reason we show when a camera goes down.

export interface DecodeArgsInput {
  readonly url: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
}

export function decodeArgs({ url, width, height, fps }: DecodeArgsInput): string[] {
  const input: string[] = [];
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
  if (scheme === 'rtsp' || scheme === 'rtsps') {
    // TCP interleaved: no UDP port pairs per camera, no loss reordering on loopback. A 0.5 s probe
    // (the SDP already carries SPS/PPS) brings the first frame ~1 s earlier than the 5 s default.
    input.push('-rtsp_transport', 'tcp', '-fflags', '+genpts+discardcorrupt', '-analyzeduration', '500000', '-probesize', '500000');
  } else if (scheme === 'file') {
    // Replay a recording as if it were live: real-time pacing, looped forever.
    input.push('-re', '-stream_loop', '-1');
  }
  const source = scheme === 'file' ? decodeURIComponent(new URL(url).pathname) : url;
  return [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-threads', '1',
    ...input,
    '-i', source,
    '-an', '-sn', '-dn',
    '-vf', `fps=${fps},scale=${width}:${height}`,
    '-pix_fmt', 'yuv420p', '-f', 'rawvideo', 'pipe:1',
  ];
}
