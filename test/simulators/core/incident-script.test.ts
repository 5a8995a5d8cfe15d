import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InjectionLog, parseIncidentScript } from '../../../simulators/core/incident-script.ts';
import { EmberError } from '../../../protocol/errors.ts';

test('YAML and JSON scripts parse to IncidentSpec (stray keys dropped)', () => {
  const yaml = 'incidents:\n  - {id: fire1, kind: hot-spot, atS: 5, durationS: 10, locId: dev0001, note: x}\n  - {id: cam, kind: vision-fire, atS: 1, durationS: 2, cameraId: "3"}\n';
  const fromYaml = parseIncidentScript(yaml);
  assert.equal(fromYaml[0], { id: 'fire1', kind: 'hot-spot', atS: 5, durationS: 10, locId: 'dev0001' });
  const fromJson = parseIncidentScript(JSON.stringify([{ id: 's', kind: 'smoke', atS: 0, durationS: 1, locId: 'a' }]));
  assert.is(fromJson.length, 1);
});

test('every problem is reported: kind, atS, durationS, missing locId, unknown location, duplicate id', () => {
  const script = JSON.stringify([
    { id: 'a', kind: 'fire', atS: 1, durationS: 1, locId: 'x' },
    { id: 'b', kind: 'smoke', atS: -1, durationS: 0 },
    { id: 'c', kind: 'flame', atS: 1, durationS: 1, locId: 'nowhere' },
    { id: 'c', kind: 'vision-fire', atS: 1, durationS: 1 },
  ]);
  try {
    parseIncidentScript(script, { knownLocIds: ['x', 'y'] });
    assert.unreachable();
  } catch (err) {
    assert.instance(err, EmberError);
    const paths = (err as EmberError).problems.map((p) => p.path);
    assert.equal(paths, ['incidents[0].kind', 'incidents[1].atS', 'incidents[1].durationS', 'incidents[1].locId', 'incidents[2].locId', 'incidents[3].id', 'incidents[3].cameraId']);
  }
});

test('injection log keeps the first packet time only', () => {
  const log = new InjectionLog();
  const spec = { id: 'f', kind: 'smoke', atS: 1, durationS: 1, locId: 'x' } as const;
  log.markInjected(spec, 1000);
  log.markInjected(spec, 2000);
  assert.equal(log.list(), [{ ...spec, injectedAtMs: 1000 }]);
});

test.run();
