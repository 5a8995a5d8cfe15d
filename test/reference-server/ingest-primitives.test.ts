// Line framing, the bounded queue and the CIDR matcher, with hand-made byte sequences.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cidrMatcher } from '../../reference-server/ingest/cidr.ts';
import { IngestQueue } from '../../reference-server/ingest/ingest-queue.ts';
import { LineSplitter } from '../../reference-server/ingest/line-splitter.ts';

const t = suite('ingest primitives');

function collect(splitter: LineSplitter, chunks: Buffer[]): { lines: string[]; bad: boolean[]; results: string[] } {
  const lines: string[] = [];
  const bad: boolean[] = [];
  const results = chunks.map((c) => splitter.push(c, (l, n) => (lines.push(l), bad.push(n))));
  return { lines, bad, results };
}

t('lines split across segments reassemble; \\r\\n and blank lines handled; ! stays', () => {
  const s = new LineSplitter(65_536);
  const { lines } = collect(s, [Buffer.from('#Sensor1234:ADC1=2'), Buffer.from('69,ADC2=1296!\r'), Buffer.from('\n\r\n  \n#locid:a!\n#loc'), Buffer.from('id:b!\n')]);
  assert.equal(lines, ['#Sensor1234:ADC1=269,ADC2=1296!', '#locid:a!', '#locid:b!']);
  assert.is(s.pendingBytes, 0);
});

t('the trailing ! is not a delimiter (two packets without \\n are one line, as in the original)', () => {
  const { lines } = collect(new LineSplitter(1024), [Buffer.from('#Sensor:nolf:ADC1=5!#Sensor:nolf2:ADC1=6!\r\n')]);
  assert.equal(lines, ['#Sensor:nolf:ADC1=5!#Sensor:nolf2:ADC1=6!']);
});

t('a line over the limit is refused whether it arrives whole or in pieces', () => {
  assert.equal(collect(new LineSplitter(16), [Buffer.from(`${'x'.repeat(17)}\n`)]).results, ['line-too-long']);
  const s = new LineSplitter(16);
  assert.equal(collect(s, [Buffer.from('x'.repeat(10)), Buffer.from('x'.repeat(10))]).results, ['ok', 'line-too-long']);
  assert.equal(collect(new LineSplitter(16), [Buffer.from(`${'x'.repeat(16)}\n`)]).lines.length, 1, 'exactly the limit is fine');
});

t('non-UTF-8 bytes are flagged and dropped from the text (errors="ignore")', () => {
  const { lines, bad } = collect(new LineSplitter(1024), [Buffer.from([0x23, 0x6c, 0x6f, 0x63, 0x69, 0x64, 0x3a, 0xff, 0xfe, 0x61, 0x21, 0x0a])]);
  assert.equal(lines, ['#locid:a!']);
  assert.equal(bad, [true]);
  const only = collect(new LineSplitter(1024), [Buffer.from([0xff, 0x20, 0xfe, 0x0d, 0x0a])]);
  assert.equal(only.lines, [''], 'a line of nothing but invalid bytes becomes empty text, flagged');
  assert.equal(only.bad, [true]);
});

t('a half packet is discarded on close and reported by size', () => {
  const s = new LineSplitter(1024);
  collect(s, [Buffer.from('#frame1234:FFB0FF')]);
  assert.is(s.discard(), 17);
  assert.is(s.pendingBytes, 0);
});

t('queue: FIFO, and from 80 % fill each push drops the oldest', () => {
  const q = new IngestQueue<number>(10, 0.8);
  let dropped = 0;
  for (let i = 0; i < 12; i++) dropped += q.push(`l${i}`, i, i);
  assert.is(q.length, 8);
  assert.is(dropped, 4);
  const out = { line: '', conn: 0, arrivedMs: 0 };
  const seen: string[] = [];
  while (q.shiftInto(out)) seen.push(out.line);
  assert.equal(seen, ['l4', 'l5', 'l6', 'l7', 'l8', 'l9', 'l10', 'l11']);
});

t('CIDR allowlist: off when empty; IPv4 and IPv4-mapped IPv6 match', () => {
  assert.ok(cidrMatcher(undefined)('1.2.3.4'));
  const allow = cidrMatcher(['10.0.0.0/8', '127.0.0.1']);
  assert.ok(allow('10.200.3.4'));
  assert.ok(allow('::ffff:127.0.0.1'));
  assert.not.ok(allow('11.0.0.1'));
  assert.not.ok(allow('::1'));
});

t.run();
