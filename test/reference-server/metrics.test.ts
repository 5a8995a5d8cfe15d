// Metric semantics: bounded location labels (fold into `other`), the original's cumulative-mean
// gauges, histogram exposition, and the typed plug-in methods.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ServerMetrics } from '../../reference-server/metrics.ts';
import { parseMetrics } from './helpers.ts';

test('at most N location_id labels (+ other); the rest fold into other', async () => {
  const m = new ServerMetrics(3);
  for (let i = 0; i < 10; i++) m.packetReceived(`loc${i}`, 'sensor', 0.5);
  m.packetReceived('loc0', 'sensor', 1.5);
  const p = parseMetrics(await m.render());
  const labels = [...p.keys()].filter((k) => k.startsWith('emberye_tcp_packets_received_total{'));
  assert.equal(labels.sort(), ['emberye_tcp_packets_received_total{location_id="loc0"}', 'emberye_tcp_packets_received_total{location_id="loc1"}', 'emberye_tcp_packets_received_total{location_id="loc2"}', 'emberye_tcp_packets_received_total{location_id="other"}'].sort());
  assert.is(p.get('emberye_tcp_packets_received_total{location_id="other"}'), 7);
  assert.is(p.get('emberye_tcp_packet_latency_avg_ms{location_id="loc0"}'), 1, 'cumulative mean of parse time (0.5, 1.5)');
});

test('histograms expose cumulative buckets, sum and count; camera and bus methods land in their families', async () => {
  const m = new ServerMetrics();
  m.processingLatency('sensor', 0.0004);
  m.processingLatency('sensor', 0.003);
  m.cameraFrameProcessed('cam1');
  m.cameraFrameDropped('cam1');
  m.visionLatency('cam1', 0.004);
  m.visionLatency('cam1', 0.006);
  m.cameraUp('cam1', true);
  m.busPublished('sensor.readings');
  m.scaleOutSignal(true);
  const p = parseMetrics(await m.render());
  assert.is(p.get('emberload_sensor_processing_seconds_bucket{kind="sensor",le="0.0005"}'), 1);
  assert.is(p.get('emberload_sensor_processing_seconds_bucket{kind="sensor",le="0.005"}'), 2);
  assert.is(p.get('emberload_sensor_processing_seconds_bucket{kind="sensor",le="+Inf"}'), 2);
  assert.is(p.get('emberload_sensor_processing_seconds_count{kind="sensor"}'), 2);
  assert.is(p.get('emberye_frames_processed_total{stream_id="cam1"}'), 1);
  assert.is(p.get('emberye_frames_dropped_total{stream_id="cam1"}'), 1);
  assert.is(p.get('emberye_vision_detection_latency_avg_ms{stream_id="cam1"}'), 5);
  assert.is(p.get('emberload_camera_up{stream_id="cam1"}'), 1);
  assert.is(p.get('emberload_bus_published_total{subject="sensor.readings"}'), 1);
  assert.is(p.get('emberload_scale_out_signal'), 1);
});

test.run();
