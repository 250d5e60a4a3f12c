// First: tracing must be running before the modules it instruments are loaded (see telemetry-start.ts).
import './platform/telemetry-start';
import { startApp } from './app';
import { ConfigError, loadConfig } from './config';
import { InstanceLocked } from './platform/instance-lock';
import { createLogger } from './platform/logger';
import { stopTelemetry } from './platform/telemetry';

/** The process entry point: configuration, start-up, and a bounded graceful shutdown on SIGTERM/SIGINT/SIGHUP. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`staygraph: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const app = await startApp({ config, log }).catch((error: unknown) => {
    if (!(error instanceof InstanceLocked)) throw error;
    process.stderr.write(`staygraph: ${error.message}\n`);
    return process.exit(1);
  });

  const stop = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    // Tracing stops last, so that the spans of the shutdown itself are sent too.
    app.stop().then(stopTelemetry).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // A closed terminal (or a supervisor's reload) sends SIGHUP: stop cleanly rather than die mid-request.
  process.once('SIGHUP', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`staygraph failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
