// Every Prometheus metric name and label set, as const. The first 14 are the original EmberEye's
// families with the same names and labels (prefix `emberye_`, sic), so dashboards and our probes
// work against both; the rest are ours. The server's metrics.ts and the scenario probes both read
// this file, so a rename cannot break one side silently.

export const ORIGINAL_FAMILIES = {
  uptimeSeconds: { name: 'emberye_uptime_seconds', type: 'gauge', labels: [] },
  framesProcessedTotal: { name: 'emberye_frames_processed_total', type: 'counter', labels: ['stream_id'] },
  framesDroppedTotal: { name: 'emberye_frames_dropped_total', type: 'counter', labels: ['stream_id'] },
  visionDetectionLatencyAvgMs: { name: 'emberye_vision_detection_latency_avg_ms', type: 'gauge', labels: ['stream_id'] },
  currentFps: { name: 'emberye_current_fps', type: 'gauge', labels: ['stream_id'] },
  detectionQueueDepth: { name: 'emberye_detection_queue_depth', type: 'gauge', labels: ['stream_id'] },
  tcpPacketsReceivedTotal: { name: 'emberye_tcp_packets_received_total', type: 'counter', labels: ['location_id'] },
  tcpPacketsErrorTotal: { name: 'emberye_tcp_packets_error_total', type: 'counter', labels: ['location_id'] },
  tcpPacketLatencyAvgMs: { name: 'emberye_tcp_packet_latency_avg_ms', type: 'gauge', labels: ['location_id'] },
  tcpQueueDepth: { name: 'emberye_tcp_queue_depth', type: 'gauge', labels: [] },
  tcpConnectionsActive: { name: 'emberye_tcp_connections_active', type: 'gauge', labels: [] },
  fusionInvocationsTotal: { name: 'emberye_fusion_invocations_total', type: 'counter', labels: [] },
  fusionAlarmsTotal: { name: 'emberye_fusion_alarms_total', type: 'counter', labels: [] },
  fusionLatencyAvgMs: { name: 'emberye_fusion_latency_avg_ms', type: 'gauge', labels: [] },
} as const;

/** Our additions: real histograms and counters by reason. Histograms are in seconds (Prometheus convention). */
export const EMBERLOAD_FAMILIES = {
  sensorProcessingSeconds: { name: 'emberload_sensor_processing_seconds', type: 'histogram', labels: ['kind'] },
  sensorSendToFusedSeconds: { name: 'emberload_sensor_send_to_fused_seconds', type: 'histogram', labels: ['kind'] },
  visionDetectionSeconds: { name: 'emberload_vision_detection_seconds', type: 'histogram', labels: [] },
  alertCommitSeconds: { name: 'emberload_alert_commit_seconds', type: 'histogram', labels: [] },
  ingestQueueDepth: { name: 'emberload_ingest_queue_depth', type: 'gauge', labels: [] },
  ingestQueueCapacity: { name: 'emberload_ingest_queue_capacity', type: 'gauge', labels: [] },
  packetsDroppedTotal: { name: 'emberload_packets_dropped_total', type: 'counter', labels: ['reason'] },
  packetsRejectedTotal: { name: 'emberload_packets_rejected_total', type: 'counter', labels: ['reason'] },
  packetsMalformedTotal: { name: 'emberload_packets_malformed_total', type: 'counter', labels: ['reason'] },
  packetsProcessedTotal: { name: 'emberload_packets_processed_total', type: 'counter', labels: ['kind'] },
  connectionsRejectedTotal: { name: 'emberload_connections_rejected_total', type: 'counter', labels: ['reason'] },
  alertsTotal: { name: 'emberload_alerts_total', type: 'counter', labels: ['level', 'cause'] },
  alertsOpen: { name: 'emberload_alerts_open', type: 'gauge', labels: [] },
  alertFloodDebounceActive: { name: 'emberload_alert_flood_debounce_active', type: 'gauge', labels: [] },
  cameraUp: { name: 'emberload_camera_up', type: 'gauge', labels: ['stream_id'] },
  cameraRestartsTotal: { name: 'emberload_camera_restarts_total', type: 'counter', labels: ['stream_id', 'reason'] },
  scaleOutSignal: { name: 'emberload_scale_out_signal', type: 'gauge', labels: [] },
  busPublishedTotal: { name: 'emberload_bus_published_total', type: 'counter', labels: ['subject'] },
  busShedTotal: { name: 'emberload_bus_shed_total', type: 'counter', labels: ['reason'] },
} as const;

export type MetricFamily = { readonly name: string; readonly type: 'counter' | 'gauge' | 'histogram'; readonly labels: readonly string[] };

/**
 * Reasons used in the `reason` label of the drop/reject/malformed counters. A fixed set keeps label
 * cardinality bounded (the original grew one label per frame counter).
 */
export const MALFORMED_REASONS = [
  'unknown-packet-type',
  'frame-length',
  'frame-count',
  'frame-parse',
  'eeprom-length',
  'eeprom-parse',
  'sensor-parse',
  'serialno-parse',
  'locid-parse',
  'line-too-long',
  'not-utf8',
  'empty-payload',
  /** A connection closed with an unterminated line in its buffer. */
  'half-packet',
  /** A WebSocket bus message that was not valid JSON with loc_id, temperature and fire_alarm. */
  'ws-message',
] as const;
export type MalformedReason = (typeof MALFORMED_REASONS)[number];

export const DROP_REASONS = ['queue-drop-oldest', 'queue-full', 'shutdown'] as const;
export type DropReason = (typeof DROP_REASONS)[number];
export const REJECT_REASONS = ['auth-token', 'cidr-allowlist', 'connection-limit', 'idle-timeout'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
