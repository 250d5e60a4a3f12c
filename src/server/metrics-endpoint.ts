import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Hashes first, so the comparison takes the same time whatever the length of what was sent. */
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `GET /metrics` on the main port, for `Authorization: Bearer <METRICS_TOKEN>`; null when the main port
 * does not serve metrics (no token: they are on METRICS_PORT, or nowhere), so the request goes on to a 404.
 */
export function metricsOnMainPort(config: Config['metrics'], metrics: Metrics, log: Logger): Handler | null {
  if (!config.token) return null;
  const expected = digest(`Bearer ${config.token}`);
  const serve = scrapeHandler(metrics, log);
  return (req, res) => {
    const given = req.headers.authorization;
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
      res.writeHead(401, { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Bearer realm="metrics"' });
      res.end(JSON.stringify({ error: 'metrics need Authorization: Bearer <METRICS_TOKEN>' }));
      return;
    }
    serve(req, res);
  };
}

export interface MetricsListener {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** METRICS_PORT: a listener of its own that serves /metrics to whoever can reach METRICS_HOST, nothing else. */
export async function startMetricsListener(port: number, host: string, metrics: Metrics, log: Logger): Promise<MetricsListener> {
  const serve = scrapeHandler(metrics, log);
  const server = http.createServer((req, res) => {
    if (req.url?.split('?', 1)[0] === '/metrics') return serve(req, res);
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: `Not found: ${req.method} ${req.url}` }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function scrapeHandler(metrics: Metrics, log: Logger): Handler {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: 'metrics are read with GET' }));
      return;
    }
    metrics.scrape().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        log.error({ err: error }, 'metrics scrape failed');
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: 'Internal server error' }));
      },
    );
  };
}
