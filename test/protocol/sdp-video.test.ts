// SDP for one live video track (RFC 4566 + RFC 6184 §8.2 / RFC 2435 static PT 26).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildVideoSdp, parseFmtp, parseSdp } from '../../protocol/sdp.ts';

test('H.264 SDP carries packetization-mode=1, profile-level-id, sprop-parameter-sets and the track control', () => {
  const text = buildVideoSdp({ sessionId: '42', sessionName: 'cam 1', originAddress: '127.0.0.1', codec: { kind: 'h264', profileLevelId: '42C01E', spropParameterSets: 'Z0LAHg==,aM48gA==' }, widthPx: 320, heightPx: 240, fps: 15, control: 'trackID=0' });
  assert.ok(text.endsWith('\r\n'));
  const sdp = parseSdp(text);
  assert.ok(sdp);
  assert.is(sdp.version, '0');
  assert.equal(sdp.sessionAttributes.get('control'), ['*']);
  assert.is(sdp.media.length, 1);
  const m = sdp.media[0];
  assert.equal(m?.payloadTypes, [96]);
  assert.equal(m?.attributes.get('rtpmap'), ['96 H264/90000']);
  assert.equal(m?.attributes.get('control'), ['trackID=0']);
  const fmtp = parseFmtp(m?.attributes.get('fmtp')?.[0] ?? '');
  assert.is(fmtp.get('packetization-mode'), '1');
  assert.is(fmtp.get('profile-level-id'), '42C01E');
  assert.is(fmtp.get('sprop-parameter-sets'), 'Z0LAHg==,aM48gA==');
});

test('JPEG SDP uses static payload type 26; IPv6 origins are IP6', () => {
  const sdp = parseSdp(buildVideoSdp({ sessionId: '1', sessionName: 's', originAddress: '::1', codec: { kind: 'jpeg' }, widthPx: 640, heightPx: 480, fps: 25, control: 'trackID=0' }));
  assert.equal(sdp?.media[0]?.payloadTypes, [26]);
  assert.equal(sdp?.media[0]?.attributes.get('rtpmap'), ['26 JPEG/90000']);
  assert.equal(sdp?.media[0]?.attributes.get('framerate'), ['25']);
});

test('parseSdp rejects text that does not start with v=', () => {
  assert.is(parseSdp('o=- 1 1 IN IP4 h\r\n'), undefined);
  assert.is(parseSdp('v=0\r\nbroken line\r\n'), undefined);
});

test.run();
