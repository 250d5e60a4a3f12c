import type { IncomingMessage } from 'node:http';
import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Response headers for an API that browsers call: no sniffing, no framing, no referrer, and HSTS once the
 * public address is https (over plain http the header would be ignored at best). JSON needs no resources,
 * so the API's own content security policy allows none; the explorer sets its own (src/server/explorer.ts).
 */
export function securityHeaders(publicUrl: string): RequestHandler {
  const https = new URL(publicUrl).protocol === 'https:';
  return helmet(helmetOptions(https));
}

function helmetOptions(https: boolean): Parameters<typeof helmet>[0] {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  };
}

/**
 * The same headers as a list, computed once (helmet's headers do not depend on the request), for the direct
 * GraphQL route (graphql-http.ts), plus `Vary: Origin` as corsForListedOrigins sends it.
 */
export function apiResponseHeaders(publicUrl: string): ReadonlyArray<readonly [string, string]> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  helmet(helmetOptions(new URL(publicUrl).protocol === 'https:'))({} as never, recorder as never, () => undefined);
  headers.set('vary', 'Origin');
  return [...headers];
}

/**
 * CORS for the listed origins only, with credentials; any other origin gets no CORS headers, so its page
 * cannot read our answers. Responses vary by Origin either way, so a cache never hands one origin's
 * answer to another.
 */
export function corsForListedOrigins(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  const handler = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    exposedHeaders: ['x-request-id'],
    maxAge: 600,
  });
  return (req, res, next) => {
    res.vary('Origin');
    handler(req, res, next);
  };
}

/**
 * Browsers let any page open a WebSocket anywhere; only the Origin header tells where it comes from. With
 * CORS_ORIGINS set, an upgrade is accepted from a listed origin, from the server's own pages (the
 * explorer; its origin is PUBLIC_URL's or matches the Host header) or without an Origin (not a browser).
 */
export function webSocketOriginCheck(origins: readonly string[], publicUrl: string): (request: IncomingMessage) => boolean {
  if (!origins.length) return () => true;
  const allowed = new Set([...origins, new URL(publicUrl).origin]);
  return (request) => {
    const origin = request.headers.origin;
    if (origin === undefined || allowed.has(origin)) return true;
    return URL.canParse(origin) && new URL(origin).host === request.headers.host;
  };
}
