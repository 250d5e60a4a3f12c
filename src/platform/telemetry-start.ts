import { existsSync } from 'node:fs';
import { ConfigError, loadTelemetryConfig } from '../config';
import { startTelemetry } from './telemetry';

/**
 * Imported first by src/main.ts, for its side effect: .env is read and tracing started before the app's
 * modules (and so http, express, pg, graphql) are required. A `--require` preload would do the same but
 * would have to be repeated in every start command (npm start, start:prod, the Dockerfile); an import
 * cannot be forgotten. Compiled to CommonJS, imports run in order, under tsx and from dist alike.
 */
if (existsSync('.env')) process.loadEnvFile('.env');
try {
  startTelemetry(loadTelemetryConfig());
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`staygraph: ${error.message}\n`);
  process.exit(1);
}
