import http from 'node:http';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { loadConfig } from '../src/config';
import { registerGuest } from './support/graphql-client';
import { closeServer, listenOnLoopback } from './support/loopback-server';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * A real browser (the Chromium that renders PDFs) on a page of another origin: a front end calling the
 * API with a Bearer token over fetch and graphql-ws. http://127.0.0.1:<port> is listed in CORS_ORIGINS;
 * http://localhost:<port>, the same page under another name, is another origin and is not.
 */
interface CallOutcome {
  query: unknown;
  subscription: unknown;
}

/** Runs inside the page: a query with a Bearer header, then a graphql-transport-ws subscription's first event. */
async function callApiFromPage(page: Page, apiUrl: string, token: string): Promise<CallOutcome> {
  return page.evaluate(
    async (api, bearer) => {
      const query = await fetch(`${api}/graphql`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query: '{ me { email } }' }),
      }).then(
        (response) => response.json(),
        (error: Error) => `refused: ${error.message}`,
      );
      const subscription = await new Promise((resolve) => {
        const socket = new WebSocket(`${api.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
        socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${bearer}` } }));
        socket.onmessage = (event) => {
          const message = JSON.parse(String(event.data));
          if (message.type === 'connection_ack') {
            socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { heartbeat(intervalSeconds: 1) { time } }' } }));
          } else if (message.type === 'next') {
            resolve(message.payload);
            socket.close(1000);
          }
        };
        socket.onclose = (event) => resolve(`closed: ${event.code}`);
      });
      return { query, subscription };
    },
    apiUrl,
    token,
  );
}

describe('a browser on another origin (headless Chromium)', () => {
  let pageServer: http.Server;
  let pagePort: number;
  let server: TestServer;
  let browser: Browser;
  let token: string;
  let email: string;

  beforeAll(async () => {
    pageServer = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>front end</title>'));
    pagePort = await listenOnLoopback(pageServer);
    server = await startTestServer({ NODE_ENV: 'development', EXPLORER_ENABLED: 'true', CORS_ORIGINS: `http://127.0.0.1:${pagePort}` });
    ({ accessToken: token, user: { email } } = await registerGuest(server.client));
    const { chromiumPath } = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32) });
    browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await closeServer(pageServer);
  });

  async function openPage(url: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(url);
    return page;
  }

  it('lets a listed origin query with a Bearer token and receive a subscription event', async () => {
    const page = await openPage(`http://127.0.0.1:${pagePort}/`);
    const outcome = await callApiFromPage(page, server.url, token);
    expect(outcome.query).toEqual({ data: { me: { email } } });
    expect(outcome.subscription).toEqual({ data: { heartbeat: { time: expect.any(String) } } });
    await page.close();
  });

  it('refuses an unlisted origin over fetch and WebSocket', async () => {
    const page = await openPage(`http://localhost:${pagePort}/`);
    const outcome = await callApiFromPage(page, server.url, token);
    expect(outcome.query).toMatch(/^refused: /);
    expect(outcome.subscription).toBe('closed: 1006');
    await page.close();
  });

  it('allows credentials for listed origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const listed = await preflight(`http://127.0.0.1:${pagePort}`);
    expect(listed.headers.get('access-control-allow-origin')).toBe(`http://127.0.0.1:${pagePort}`);
    expect(listed.headers.get('access-control-allow-credentials')).toBe('true');
    const unlisted = await preflight(`http://localhost:${pagePort}`);
    expect(unlisted.headers.get('access-control-allow-origin')).toBeNull();
    expect(unlisted.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('loads the explorer with its security headers and no content-security-policy errors', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    // Opening /graphql in the browser lands on the explorer.
    const response = await page.goto(`${server.url}/graphql`);
    expect(page.url()).toBe(`${server.url}/explorer/`);
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    // The schema arrived (introspection through connect-src 'self'): the docs explorer button is enabled.
    await page.waitForFunction(() => document.querySelector('.graphiql-editor-tool, .graphiql-query-editor') !== null, { timeout: 30_000 });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
