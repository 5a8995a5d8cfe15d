// How each clip is drawn and encoded: the ffmpeg arguments, kept apart from caching so the cache key
// is derived from exactly what ffmpeg is told. Two scenes share one background so a switch to fire
// changes only the flame region:
//  - normal: a dim room (static texture), a slow grey figure walking, temporal sensor noise;
//  - fire: the same room plus a flickering flame-coloured region (H 0–40 in OpenCV's 0–179 scale,
//    S and V well above 100) over ~30 % of the frame, so the original's HSV heuristic
//    min(1, 3·fire_ratio + 1.5·smoke_ratio) scores ≥ 0.7 on every frame.

export type CameraCodec = 'h264' | 'mjpeg';
export type CameraResolution = '320x240' | '640x480';
export type CameraScene = 'normal' | 'fire';

export const CLIP_RECIPE_VERSION = 2;
/** Loop length; a multiple of the 1 s GOP so the loop seam is a keyframe. */
export const CLIP_DURATION_S = 8;

export interface ClipParams {
  readonly codec: CameraCodec;
  readonly resolution: CameraResolution;
  readonly fps: number;
  readonly scene: CameraScene;
}

export function dimensionsOf(resolution: CameraResolution): { widthPx: number; heightPx: number } {
  const [w, h] = resolution.split('x').map(Number) as [number, number];
  return { widthPx: w, heightPx: h };
}

/** Render one frame with `filters` and repeat it for the whole clip (static content costs one frame). */
function stillFrame(size: string, fps: number, format: string, filters: string): string {
  return `color=c=black:s=${size}:r=${fps},format=${format},trim=end_frame=1,${filters},loop=loop=-1:size=1,setpts=N/(${fps}*TB)`;
}

function backgroundGraph(w: number, h: number, fps: number): string {
  // Static texture: floor gradient, a soft lattice and diagonal stripes (shelves/lights); no saturation.
  const lum = `40+40*(Y/H)+12*sin(X/(W/53))*sin(Y/(H/27))+18*gt(mod(X+3*Y/4\\,W*0.3),W*0.25)`;
  return `${stillFrame(`${w}x${h}`, fps, 'yuv420p', `geq=lum='${lum}':cb=134:cr=124`)}[bg]`;
}

function figureGraph(w: number, h: number, fps: number): string {
  const fw = Math.round(w * 0.11);
  const fh = Math.round(h * 0.375);
  return `color=c=0x5a6470:s=${fw}x${fh}:r=${fps}[fig];[bg][fig]overlay=x='mod(t*${Math.round(w / 8)}\\,${w + fw})-${fw}':y=${Math.round(h / 2)}:shortest=1[scene]`;
}

function flameGraph(w: number, h: number, fps: number): string {
  // The flame: 62 % × 62 % of the frame at the bottom centre. Its colour runs red at the top to yellow
  // at the base with per-pixel jitter (a still texture; the final temporal noise makes it shimmer).
  // Its shape flickers: tongues move with two sines, evaluated on a quarter-size mask and scaled up
  // (16× fewer per-pixel evaluations, and soft edges like a real flame's).
  const fw = Math.round(w * 0.62);
  const fh = Math.round(h * 0.62);
  const edge = `255*gt(Y\\,H*(0.2+0.12*sin(11*T+X/(W/36))+0.07*sin(7*T+X/(W/56))))`;
  const texture = stillFrame(`${fw}x${fh}`, fps, 'rgba', `geq=r='225+30*random(1)':g='45+150*(Y/H)*(0.88+0.12*random(2))':b='12+16*random(3)':a=255`);
  const mask = `color=c=black:s=${Math.ceil(fw / 4)}x${Math.ceil(fh / 4)}:r=${fps},format=gray,geq=lum='${edge}',scale=${fw}:${fh}`;
  return `${texture}[tex];${mask}[mask];[tex][mask]alphamerge[flame];[scene][flame]overlay=x=${Math.round((w - fw) / 2)}:y=${h - fh}:shortest=1[scene2]`;
}

/** The full -filter_complex graph; its last label is `out`. */
export function sceneGraph(p: ClipParams): string {
  const { widthPx: w, heightPx: h } = dimensionsOf(p.resolution);
  const parts = [backgroundGraph(w, h, p.fps), figureGraph(w, h, p.fps)];
  let last = 'scene';
  if (p.scene === 'fire') {
    parts.push(flameGraph(w, h, p.fps));
    last = 'scene2';
  }
  parts.push(`[${last}]noise=alls=6:allf=t+u[out]`);
  return parts.join(';');
}

/** ffmpeg arguments writing the raw elementary stream to stdout. */
export function ffmpegArgs(p: ClipParams): string[] {
  const input = ['-hide_banner', '-nostdin', '-v', 'error', '-filter_complex', sceneGraph(p), '-map', '[out]'];
  const frames = ['-frames:v', String(p.fps * CLIP_DURATION_S)];
  if (p.codec === 'h264') {
    // Baseline, 1 keyframe per second exactly (no scene-cut keyframes), no B-frames, one slice per
    // picture; x264 repeats SPS/PPS before every IDR in Annex-B output.
    return [...input, ...frames, '-c:v', 'libx264', '-profile:v', 'baseline', '-preset', 'veryfast', '-tune', 'zerolatency', '-threads', '1', '-g', String(p.fps), '-keyint_min', String(p.fps), '-sc_threshold', '0', '-bf', '0', '-crf', '23', '-pix_fmt', 'yuv420p', '-f', 'h264', 'pipe:1'];
  }
  // RFC 2435 carries only the standard Huffman tables and 4:2:0/4:2:2 baseline JPEG.
  return [...input, ...frames, '-c:v', 'mjpeg', '-huffman', 'default', '-q:v', '5', '-pix_fmt', 'yuvj420p', '-f', 'mjpeg', 'pipe:1'];
}
