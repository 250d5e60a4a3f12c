import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; secrets never reach them (see `redact`). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'staygraph' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken', '*.accessToken'],
      censor: '[redacted]',
    },
  });
}
