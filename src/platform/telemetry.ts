import type { TelemetryConfig } from '../config';
import type { createSdk as CreateSdk } from './telemetry-sdk';

/**
 * OpenTelemetry tracing (docs/architecture.md, "Observability"): off unless OTEL_EXPORTER_OTLP_ENDPOINT is
 * set. It must start before http, express, pg and graphql are first required — instrumentation patches
 * modules as they load — so src/main.ts imports telemetry-start.ts before anything else.
 */

export interface Telemetry {
  /** Sends the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

let running: Telemetry | undefined;

export function startTelemetry(config: TelemetryConfig): Telemetry | undefined {
  if (running || !config.endpoint) return running;
  // Required here rather than imported: with tracing off, none of the SDK is loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createSdk } = require('./telemetry-sdk') as { createSdk: typeof CreateSdk };
  const sdk = createSdk({ endpoint: config.endpoint, serviceName: config.serviceName });
  sdk.start();
  running = { shutdown: () => sdk.shutdown() };
  return running;
}

/** Flushes and stops tracing, when it runs (the last step of a shutdown). */
export async function stopTelemetry(): Promise<void> {
  const telemetry = running;
  running = undefined;
  // A collector that cannot be reached must not turn a clean stop into a failed one.
  await telemetry?.shutdown().catch(() => undefined);
}
