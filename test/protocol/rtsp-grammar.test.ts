// RTSP 1.0 message grammar (RFC 2326): requests, responses, interleaved frames, headers, URLs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatRtspRequest, formatRtspResponse, formatTransportHeader, MAX_RTSP_HEADER_BYTES, parseRtspUrl, parseTransportHeader, readRtspRequest, readRtspResponse, sessionIdOf, sessionTimeoutOf } from '../../protocol/rtsp.ts';

const req = (text: string): Buffer => Buffer.from(text, 'latin1');

test('a complete request is read with lower-cased headers, CSeq and the bytes it used', () => {
  const bytes = req('DESCRIBE rtsp://h:554/cam/1 RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n\r\nOPTIONS');
  const r = readRtspRequest(bytes);
  assert.is(r.kind, 'message');
  if (r.kind !== 'message') return;
  assert.is(r.message.method, 'DESCRIBE');
  assert.is(r.message.uri, 'rtsp://h:554/cam/1');
  assert.is(r.message.version, 'RTSP/1.0');
  assert.is(r.message.cseq, '2');
  assert.is(r.message.headers.get('accept'), 'application/sdp');
  assert.is(r.usedBytes, bytes.length - 'OPTIONS'.length);
});

test('every prefix of a request is incomplete, never an error', () => {
  const bytes = req('SET_PARAMETER rtsp://h/cam/1 RTSP/1.0\r\nCSeq: 9\r\nContent-Length: 5\r\n\r\nhello');
  for (let n = 0; n < bytes.length; n++) assert.is(readRtspRequest(bytes.subarray(0, n)).kind, 'incomplete', `prefix ${n}`);
  const r = readRtspRequest(bytes);
  assert.ok(r.kind === 'message' && r.message.body.toString() === 'hello');
});

test('bare-LF line ends and folded header lines are accepted (RFC 2326 §4)', () => {
  const r = readRtspRequest(req('OPTIONS * RTSP/1.0\nCSeq: 1\nUser-Agent: a\n  b\n\n'));
  assert.ok(r.kind === 'message');
  if (r.kind === 'message') assert.is(r.message.headers.get('user-agent'), 'a b');
});

test('interleaved binary frames are separated from requests', () => {
  const frame = Buffer.from([0x24, 1, 0, 3, 9, 8, 7]);
  const r = readRtspRequest(Buffer.concat([frame, req('OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n')]));
  assert.is(r.kind, 'interleaved');
  if (r.kind !== 'interleaved') return;
  assert.is(r.frame.channel, 1);
  assert.equal([...r.frame.payload], [9, 8, 7]);
  assert.is(r.usedBytes, 7);
  assert.is(readRtspRequest(frame.subarray(0, 5)).kind, 'incomplete');
});

test('malformed request lines, header lines and lengths are errors with a status', () => {
  const cases: Array<[string, number]> = [
    ['GARBAGE\r\n\r\n', 400],
    ['describe rtsp://h/ RTSP/1.0\r\nCSeq: 1\r\n\r\n', 400],
    ['OPTIONS * HTTP/1.1\r\nCSeq: 1\r\n\r\n', 400],
    ['OPTIONS * RTSP/1.0\r\nno colon here\r\n\r\n', 400],
    ['OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: -3\r\n\r\n', 400],
    ['OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 99999999\r\n\r\n', 413],
  ];
  for (const [text, status] of cases) {
    const r = readRtspRequest(req(text));
    assert.ok(r.kind === 'error' && r.status === status, `${JSON.stringify(text)} → ${JSON.stringify(r)}`);
  }
  const huge = readRtspRequest(Buffer.alloc(MAX_RTSP_HEADER_BYTES + 10, 0x41));
  assert.ok(huge.kind === 'error' && huge.status === 413);
});

test('responses round-trip through format and read, with Content-Length for bodies', () => {
  const bytes = formatRtspResponse(200, '3', [['Content-Type', 'application/sdp']], 'v=0\r\n');
  assert.match(bytes.toString(), /^RTSP\/1\.0 200 OK\r\nCSeq: 3\r\nContent-Type: application\/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n$/);
  const r = readRtspResponse(bytes);
  assert.ok(r.kind === 'message' && r.message.status === 200 && r.message.body.toString() === 'v=0\r\n');
  assert.match(formatRtspResponse(454, '4').toString(), /^RTSP\/1\.0 454 Session Not Found\r\n/);
  assert.throws(() => formatRtspResponse(200, '1', [['X', 'a\r\nInjected: 1']]));
  const rq = readRtspRequest(formatRtspRequest('PLAY', 'rtsp://h/cam/1/', 5, [['Session', 'abc']]));
  assert.ok(rq.kind === 'message' && rq.message.cseq === '5' && rq.message.headers.get('session') === 'abc');
});

test('Transport header alternatives: TCP interleaved, UDP client ports, multicast, mode', () => {
  const t = parseTransportHeader('RTP/AVP;unicast;client_port=5000-5001, RTP/AVP/TCP;unicast;interleaved=2-3;mode="PLAY", RTP/AVP;multicast');
  assert.is(t.length, 3);
  assert.equal(t[0], { protocol: 'RTP/AVP', lowerTransport: 'UDP', multicast: false, clientPort: [5000, 5001] });
  assert.equal(t[1], { protocol: 'RTP/AVP/TCP', lowerTransport: 'TCP', multicast: false, interleaved: [2, 3], mode: 'PLAY' });
  assert.ok(t[2]?.multicast);
  assert.equal(parseTransportHeader('RTP/AVP/TCP;interleaved=4')[0]?.interleaved, [4, 5]);
  assert.equal(parseTransportHeader('RAW/RAW/UDP;unicast'), []);
  assert.is(formatTransportHeader({ interleaved: [0, 1], ssrc: 0xabc }), 'RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=00000ABC;mode=play');
});

test('Session header: id and timeout', () => {
  assert.is(sessionIdOf('12345678;timeout=60'), '12345678');
  assert.is(sessionIdOf(' abc '), 'abc');
  assert.is(sessionIdOf(undefined), undefined);
  assert.is(sessionTimeoutOf('x;timeout=30'), 30);
  assert.is(sessionTimeoutOf('x'), undefined);
});

test('RTSP URLs keep the original app query verbatim', () => {
  assert.equal(parseRtspUrl('rtsp://10.0.0.5:8554/cam/3?tcp&rtsp_transport=tcp'), { host: '10.0.0.5', port: 8554, path: '/cam/3', query: 'tcp&rtsp_transport=tcp' });
  assert.equal(parseRtspUrl('rtsp://[::1]/cam/1/trackID=0'), { host: '[::1]', port: undefined, path: '/cam/1/trackID=0', query: '' });
  assert.is(parseRtspUrl('http://h/cam/1'), undefined);
  assert.is(parseRtspUrl('/cam/1'), undefined);
});

test.run();
