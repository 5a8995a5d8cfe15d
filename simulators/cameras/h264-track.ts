// H.264 clip → prepared RTP frames (RFC 6184, packetization-mode 1: single NAL unit packets and
// FU-A). SEI and AUD NAL units are dropped (clients do not need x264's banner); every IDR carries
// SPS and PPS in-band as well as in the SDP so a client joining at any keyframe can decode.
import { EmberError } from '../../protocol/errors.ts';
import { findParameterSets, groupAccessUnits, isVclNal, NAL_TYPE_AUD, NAL_TYPE_PPS, NAL_TYPE_SEI, NAL_TYPE_SPS, nalType, packetizeNal, profileLevelId, splitAnnexB, spropParameterSets, type AccessUnit } from '../../protocol/h264.ts';
import { H264_PAYLOAD_TYPE } from '../../protocol/sdp.ts';
import { corruptBytes, truncateBytes, withVariants, type PreparedTrack } from './prepared-track.ts';
import { buildFrameTemplate, MAX_RTP_PAYLOAD_BYTES, type PreparedFrame } from './rtp-frame-template.ts';

function sendableNals(au: AccessUnit, sps: Buffer, pps: Buffer): Buffer[] {
  const nals = au.nals.filter((n) => nalType(n) !== NAL_TYPE_SEI && nalType(n) !== NAL_TYPE_AUD);
  if (!au.isKeyframe) return nals;
  const hasSps = nals.some((n) => nalType(n) === NAL_TYPE_SPS);
  const hasPps = nals.some((n) => nalType(n) === NAL_TYPE_PPS);
  return [...(hasSps ? [] : [sps]), ...(hasPps ? [] : [pps]), ...nals];
}

function frameFromNals(nals: readonly Buffer[], isKeyframe: boolean): PreparedFrame {
  return buildFrameTemplate(nals.flatMap((n) => packetizeNal(n, MAX_RTP_PAYLOAD_BYTES)), H264_PAYLOAD_TYPE, isKeyframe);
}

export function prepareH264Track(annexB: Buffer, widthPx: number, heightPx: number, fps: number): PreparedTrack {
  const nals = splitAnnexB(annexB);
  const ps = findParameterSets(nals);
  const units = groupAccessUnits(nals);
  if (!ps || units.length === 0 || !units[0]?.isKeyframe) {
    throw new EmberError('EMBER_ERR_CAMERA_SIM_CLIP_FAILED', 'H.264 clip has no SPS/PPS or does not start with an IDR', [{ path: 'clip', rule: 'must be Annex-B H.264 starting with SPS, PPS and an IDR', received: `${nals.length} NAL units, ${units.length} access units` }]);
  }
  const perUnit = units.map((au) => sendableNals(au, ps.sps, ps.pps));
  const frames = perUnit.map((n, i) => frameFromNals(n, units[i]?.isKeyframe ?? false));
  return withVariants(
    { codec: 'h264', widthPx, heightPx, fps, frames, sdpCodec: { kind: 'h264', profileLevelId: profileLevelId(ps.sps), spropParameterSets: spropParameterSets(ps) } },
    (index, variant) => {
      // Damage only slice data: the NAL header and first slice-header bytes stay, so the client
      // still sees a slice of the right type and reports the damage as a decode error.
      const damaged = (perUnit[index] ?? []).map((n) => (!isVclNal(n) ? n : variant === 'corrupt' ? corruptBytes(n, 4) : truncateBytes(n, 4)));
      return frameFromNals(damaged, units[index]?.isKeyframe ?? false);
    },
  );
}
