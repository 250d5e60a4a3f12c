import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { addDays } from '../../src/platform/calendar-dates';
import { closeServer, listenOnLoopback } from './loopback-server';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'ical');

/** What one path answers: a fixture file (rendered for `today`), or a raw status and body. */
export type Route =
  | { fixture: string; uid?: string; etag?: boolean; lastModified?: boolean }
  | { status: number; body?: string; contentType?: string; headers?: Record<string, string> }
  | { stall: true };

/** A fixture with its `{{+N}}` dates (YYYYMMDD, N days after `today`) and `{{uid}}` filled in. */
export function renderFixture(name: string, today: string, uid = 'a'): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8')
    .replace(/\{\{\+(\d+)\}\}/g, (_match, days: string) => addDays(today, Number(days)).replaceAll('-', ''))
    .replaceAll('{{uid}}', uid);
}

/**
 * A channel's calendar server on loopback, as Airbnb or Booking.com would serve exports: each path set by
 * the test, ETag / If-None-Match (304) when asked, every request's headers recorded.
 */
export class IcalServer {
  today = new Date().toISOString().slice(0, 10);
  readonly requests: { path: string; headers: http.IncomingHttpHeaders }[] = [];
  private readonly routes = new Map<string, Route>();
  private server?: http.Server;
  private port = 0;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.answer(req, res));
    this.port = await listenOnLoopback(this.server);
    return this;
  }

  url(pathname: string): string {
    return `http://127.0.0.1:${this.port}${pathname}`;
  }

  serve(pathname: string, route: Route): void {
    this.routes.set(pathname, route);
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    this.requests.push({ path: pathname, headers: req.headers });
    const route = this.routes.get(pathname);
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    if ('stall' in route) return; // never answers: the client's timeout must end it
    if ('status' in route) {
      res.writeHead(route.status, { 'content-type': route.contentType ?? 'text/plain', ...route.headers }).end(route.body ?? '');
      return;
    }
    const body = renderFixture(route.fixture, this.today, route.uid);
    const etag = `"${Buffer.from(`${route.fixture}/${this.today}/${route.uid ?? ''}`).toString('base64url')}"`;
    const headers: Record<string, string> = { 'content-type': 'text/calendar; charset=utf-8' };
    if (route.etag) headers['etag'] = etag;
    if (route.etag && req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, headers).end(body);
  }
}
