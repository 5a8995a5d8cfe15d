// RTP header (RFC 3550), interleaved framing, and H.264 Annex-B / access-unit / FU-A helpers (RFC 6184).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { depacketizeNal, groupAccessUnits, nalType, packetizeNal, profileLevelId, readFirstMbInSlice, splitAnnexB, spropParameterSets } from '../../protocol/h264.ts';
import { isRtcpPacket, parseRtpPacket, readInterleavedFrame, writeInterleavedHeader, writeRtpHeader } from '../../protocol/rtp.ts';

test('RTP header round-trips, including sequence and timestamp wrap', () => {
  const b = Buffer.alloc(16);
  writeRtpHeader(b, 0, { marker: true, payloadType: 96, sequenceNumber: 0x1ffff, timestamp: 2 ** 32 + 5, ssrc: 0xdeadbeef });
  b.write('abcd', 12);
  const p = parseRtpPacket(b);
  assert.ok(p);
  assert.equal({ ...p, payload: p.payload.toString() }, { marker: true, payloadType: 96, sequenceNumber: 0xffff, timestamp: 5, ssrc: 0xdeadbeef, payload: 'abcd' });
  assert.is(b[0], 0x80);
  assert.is(parseRtpPacket(Buffer.alloc(5)), undefined);
  assert.is(parseRtpPacket(Buffer.from([0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])), undefined, 'version 1 rejected');
});

test('CSRCs, extension and padding are skipped when parsing', () => {
  const b = Buffer.alloc(12 + 4 + 8 + 3 + 2);
  b[0] = 0x80 | 0x20 | 0x10 | 1; // padding, extension, 1 CSRC
  b.writeUInt16BE(1, 12 + 4 + 2); // extension length 1 word
  b.write('xyz', 24);
  b[b.length - 1] = 2; // 2 bytes of padding
  assert.is(parseRtpPacket(b)?.payload.toString(), 'xyz');
});

test('interleaved header and reader agree; a short buffer needs more bytes', () => {
  const b = Buffer.alloc(4 + 3);
  writeInterleavedHeader(b, 0, 6, 3);
  assert.equal(readInterleavedFrame(b)?.frame.channel, 6);
  assert.is(readInterleavedFrame(b.subarray(0, 6)), undefined);
  assert.throws(() => writeInterleavedHeader(Buffer.alloc(4), 0, 0, 70_000));
  assert.ok(isRtcpPacket(Buffer.from([0x80, 201])));
  assert.not.ok(isRtcpPacket(Buffer.from([0x80, 96])));
});

const sps = Buffer.from('6742c01ed9005005bb011000000300100000030300f1624920', 'hex');
const pps = Buffer.from('68ce3c80', 'hex');
// Slices: first_mb_in_slice is ue(v) right after the header: '1' = 0, '010' = 1, '00111' = 6.
const idr0 = Buffer.from([0x65, 0x88, 0x84, 0x00]);
const p0 = Buffer.from([0x41, 0x9a, 0x00]);
const p0second = Buffer.from([0x41, 0x40, 0x00]); // first_mb_in_slice = 1: same picture

test('Annex-B split handles 3- and 4-byte start codes; first_mb_in_slice groups slices into pictures', () => {
  const sc4 = Buffer.from([0, 0, 0, 1]);
  const sc3 = Buffer.from([0, 0, 1]);
  const stream = Buffer.concat([sc4, sps, sc4, pps, sc3, idr0, sc3, p0, sc3, p0second, sc4, p0]);
  const nals = splitAnnexB(stream);
  assert.equal(nals.map(nalType), [7, 8, 5, 1, 1, 1]);
  assert.is(readFirstMbInSlice(p0second), 1);
  assert.is(readFirstMbInSlice(Buffer.from([0x41, 0x38])), 6);
  const units = groupAccessUnits(nals);
  assert.equal(units.map((u) => u.nals.length), [3, 2, 1]);
  assert.equal(units.map((u) => u.isKeyframe), [true, false, false]);
  assert.is(profileLevelId(sps), '42C01E');
  assert.is(spropParameterSets({ sps, pps }), `${sps.toString('base64')},${pps.toString('base64')}`);
});

test('FU-A: small NAL units pass whole, large ones fragment with S/E bits and reassemble exactly', () => {
  assert.equal(packetizeNal(p0, 1400), [p0]);
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 2, maxLength: 5000 }), fc.integer({ min: 3, max: 1400 }), (bytes, max) => {
      const nal = Buffer.from(bytes);
      nal[0] = 0x65;
      const parts = packetizeNal(nal, max);
      for (const p of parts) assert.ok(p.length <= max);
      if (parts.length > 1) {
        assert.is((parts[0]?.[1] ?? 0) & 0xc0, 0x80, 'start bit on the first fragment only');
        assert.is((parts.at(-1)?.[1] ?? 0) & 0xc0, 0x40, 'end bit on the last fragment only');
        for (const p of parts) assert.is((p[0] ?? 0) & 0x1f, 28);
      }
      assert.ok(depacketizeNal(parts).equals(nal));
    }),
    { numRuns: 200 },
  );
});

test.run();
