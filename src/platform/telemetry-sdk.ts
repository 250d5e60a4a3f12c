import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { TelemetryConfig } from '../config';

/** Loaded only when tracing is on (telemetry.ts): the SDK and its exporters are heavy to require. */

/** GraphQL over GET carries the document and variables in the query string: never into a span. */
const GRAPHQL_QUERY_PARAMETERS = ['query', 'variables', 'extensions', 'operationName'];
/** Scrapes and probes every few seconds would drown the traces that matter. */
const UNTRACED_PATHS = new Set(['/metrics', '/healthz', '/readyz']);

export function createSdk({ endpoint, serviceName }: Required<TelemetryConfig>): NodeSDK {
  return new NodeSDK({
    serviceName,
    // OTEL_EXPORTER_OTLP_ENDPOINT is the collector's base address; traces go to /v1/traces under it (OTLP/HTTP, JSON).
    traceExporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }),
    // Traces only: metrics are Prometheus's (/metrics), logs are stdout's. Without these the SDK would start
    // OTLP metric and log exporters of its own.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has(req.url?.split('?', 1)[0] ?? ''),
        redactedQueryParamsServer: GRAPHQL_QUERY_PARAMETERS,
      }),
      new ExpressInstrumentation(),
      // No span per resolver (thousands for a list page) and never the variables' values (passwords,
      // tokens); the document is recorded with its literals taken out.
      new GraphQLInstrumentation({ allowValues: false, ignoreResolveSpans: true, mergeItems: true }),
      // Statements as text, never their parameters.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    ],
  });
}
