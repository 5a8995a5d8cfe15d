import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CommandParser } from '../../../simulators/sensors/command-parser.ts';

test('PERIODIC_ON without newline followed by PERIOD_ON\\n (the original async server + scheduler)', () => {
  const p = new CommandParser();
  assert.equal(p.push('PERIODIC_ONPERIOD_ON\n'), ['PERIODIC_ON', 'PERIOD_ON']);
});

test('commands split across segments are completed, not misread', () => {
  const p = new CommandParser();
  assert.equal(p.push('PERIO'), []);
  assert.equal(p.push('D_ON\nEEP'), ['PERIOD_ON']);
  assert.equal(p.push('ROM1\nREQUEST1\n'), ['EEPROM1', 'REQUEST1']);
});

test('PERIODIC_ON alone (no newline ever) is recognised', () => {
  const p = new CommandParser();
  assert.equal(p.push('PERIODIC_ON'), ['PERIODIC_ON']);
});

test('unknown lines are skipped and counted; CRLF and lower case tolerated', () => {
  const p = new CommandParser();
  assert.equal(p.push('HELLO\r\nperiod_on\r\n'), ['PERIOD_ON']);
  assert.is(p.unknown, 'HELLO\r\n'.length);
});

test.run();
