import { AsyncLocalStorage } from 'node:async_hooks';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** The request (HTTP) or operation (WebSocket) being served; every line logged meanwhile names it. */
export interface RequestScope {
  requestId: string;
}

const requestScope = new AsyncLocalStorage<RequestScope>();

/**
 * Runs `work` as part of request `requestId`: whatever logs inside it, directly or after awaiting (services
 * log with the app's logger, not the request's), gets `requestId`. Stream events (a body being read) do not
 * carry it over: enter again after reading.
 */
export function inRequestScope<T>(requestId: string, work: () => T): T {
  return requestScope.run({ requestId }, work);
}

export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}

/**
 * The request id, and the trace and span when tracing is on (no SDK: no active span, nothing added), on
 * each line that is written; lines that are not written cost nothing.
 */
function requestFields(): Record<string, string> {
  const fields: Record<string, string> = {};
  const scope = requestScope.getStore();
  if (scope) fields['requestId'] = scope.requestId;
  const span = trace.getActiveSpan()?.spanContext();
  if (span && isSpanContextValid(span)) {
    fields['traceId'] = span.traceId;
    fields['spanId'] = span.spanId;
  }
  return fields;
}

/** Structured JSON logs on stdout (or `destination`: tests read them); secrets never reach them (see `redact`). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'staygraph' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken', '*.accessToken'],
      censor: '[redacted]',
    },
    mixin: requestFields,
  };
  return destination ? pino(options, destination) : pino(options);
}
