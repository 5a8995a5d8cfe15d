// Network formulas (sizing-model.md §3.3): each link is checked on its own, never summed across links.
import { Q, q } from './rational.ts';
import { buyCount } from './rounding.ts';

/** Sensor traffic on the wire: count × pps × (payload + header) bytes × 8. */
export function sensorsBps(count: bigint, ppsPerSensor: Q, payloadBytes: bigint, headerBytes: bigint): Q {
  return ppsPerSensor.mul(count).mul(payloadBytes + headerBytes).mul(8n);
}

/** Camera → recorder traffic including protocol overhead (e.g. 1/5 for RTP/RTSP/TCP). */
export function cameraIngressBps(cameras: bigint, bitrateBps: Q, overhead: Q): Q {
  return bitrateBps.mul(cameras).mul(q(1n).add(overhead));
}

/** Recorder → viewers/API uplink with an explicit headroom fraction. */
export function uplinkBps(viewers: bigint, liveBitrateBps: Q, apiBps: Q, headroom: Q): Q {
  return liveBitrateBps.mul(viewers).add(apiBps).mul(q(1n).add(headroom));
}

/** Recording write rate in bytes/s for `cameras` at `bitrateBps` recording a fraction `duty`. */
export function ingestWriteBytesPerS(cameras: bigint, bitrateBps: Q, duty: Q = q(1n)): Q {
  return bitrateBps.mul(cameras).mul(duty).div(8n);
}

/** Access switches: each switch gives (ports − uplinks) camera ports. */
export function switchesFor(devices: bigint, ports: bigint, uplinksPerSwitch: bigint): bigint {
  return buyCount(q(devices, ports - uplinksPerSwitch));
}

/** Ports one switch needs for `devices` plus uplinks. */
export function portsNeeded(devices: bigint, uplinks: bigint): bigint {
  return devices + uplinks;
}

/** Smallest IPv4 prefix holding `hosts` (network and broadcast addresses excluded). */
export function prefixFor(hosts: bigint): number {
  let bits = 0;
  while (2n ** BigInt(bits) < hosts + 2n) bits++;
  return 32 - bits;
}
