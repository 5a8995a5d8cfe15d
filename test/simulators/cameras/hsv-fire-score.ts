// The original EmberEye vision heuristic (reference §3), re-implemented for tests only: OpenCV 8-bit
// HSV (H 0–179), fire = inRange([0,100,100],[40,255,255]), smoke = inRange([0,0,180],[180,60,255]),
// score = min(1, 3·fire_ratio + 1.5·smoke_ratio). Used to prove the fire clip carries the incident.

export interface FireScore {
  readonly fireRatio: number;
  readonly smokeRatio: number;
  readonly score: number;
}

export function hsvFireScore(rgb: Uint8Array, widthPx: number, heightPx: number): FireScore {
  const total = widthPx * heightPx;
  let fire = 0;
  let smoke = 0;
  for (let i = 0; i < total; i++) {
    const r = rgb[3 * i] ?? 0;
    const g = rgb[3 * i + 1] ?? 0;
    const b = rgb[3 * i + 2] ?? 0;
    const v = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const delta = v - min;
    const s = v === 0 ? 0 : (255 * delta) / v;
    let hDeg = 0;
    if (delta > 0) {
      if (v === r) hDeg = (60 * (g - b)) / delta;
      else if (v === g) hDeg = 120 + (60 * (b - r)) / delta;
      else hDeg = 240 + (60 * (r - g)) / delta;
      if (hDeg < 0) hDeg += 360;
    }
    const h = Math.round(hDeg / 2);
    if (h <= 40 && s >= 100 && v >= 100) fire++;
    if (s <= 60 && v >= 180) smoke++;
  }
  const fireRatio = fire / total;
  const smokeRatio = smoke / total;
  return { fireRatio, smokeRatio, score: Math.min(1, 3 * fireRatio + 1.5 * smokeRatio) };
}
