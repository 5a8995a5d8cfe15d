// Every malformed variant provokes the original's error reason it is named after (decoded with the
// protocol decoder, which reproduces the original's reason strings).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeSensorLine, ORIGINAL_ERROR_REASONS } from '../../../protocol/sensor-packets.ts';
import { malformedLine, MALFORMED_VARIANTS, OVER_LONG_LINE_BYTES, VARIANT_REASON } from '../../../simulators/sensors/malformed.ts';
import { seededRandom } from '../../../simulators/core/prng.ts';

function templateMatches(template: string, reason: string): boolean {
  const re = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\\{n\\\}|\{n\}/g, '\\d+').replace(/\{e\}/g, '.+')}$`);
  return re.test(reason);
}

test('each decodable variant fails with its reason, and the reasons cover ORIGINAL_ERROR_REASONS', () => {
  const covered = new Set<string>();
  for (const v of MALFORMED_VARIANTS) {
    if (v === 'random-bytes' || v === 'over-long-line') continue;
    const line = malformedLine(v, 'dev0001', seededRandom(1)).toString('latin1').trim();
    const r = decodeSensorLine(line, '127.0.0.1');
    assert.ok(!r.ok, `${v} must not decode`);
    if (!r.ok) {
      assert.ok(templateMatches(VARIANT_REASON[v], r.reason), `${v}: got "${r.reason}"`);
      covered.add(VARIANT_REASON[v]);
    }
  }
  for (const reason of ORIGINAL_ERROR_REASONS) assert.ok(covered.has(reason), `no variant provokes "${reason}"`);
});

test('random bytes are non-UTF-8 and end in CRLF; over-long line exceeds the 64 KiB limit', () => {
  const rb = malformedLine('random-bytes', 'd', seededRandom(3));
  assert.ok(rb.subarray(0, -2).every((b) => b >= 0x80));
  assert.is(rb.subarray(-2).toString('latin1'), '\r\n');
  const long = malformedLine('over-long-line', 'd', seededRandom(3));
  assert.ok(long.length > 64 * 1024 && long.length >= OVER_LONG_LINE_BYTES);
});

test.run();
