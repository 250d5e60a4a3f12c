import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { buildExplorer } from '../scripts/build-explorer';
import { ensureExplorerAssets, explorerRouter } from '../src/server/explorer';

// Absolute URLs that may appear in the bundle as plain text (XML namespaces,
// links in error/help messages); none of them is fetched at run time. A new
// host here means a dependency started referencing something remote: review it.
const ALLOWED_URL_HOSTS = new Set([
  'www.w3.org', // SVG / XHTML / XLink / MathML namespaces
  'reactjs.org', // React's error decoder link in minified error messages
  'github.com', // GraphiQL help text
  'yarnpkg.com', // GraphiQL "multiple graphql copies" help text
  'en.wikipedia.org', // graphql-js comment-like message
  'commonmark.org', // markdown-it
  'codemirror.net', // CodeMirror keymap help text
]);
const CDN_PATTERN = /unpkg\.com|jsdelivr\.net|cdnjs\.|\bcdn\.|esm\.sh|skypack\.dev|fonts\.googleapis|fonts\.gstatic/i;

describe('admin explorer', () => {
  let assetsDir: string;
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    assetsDir = await mkdtemp(path.join(tmpdir(), 'staygraph-explorer-'));
    await buildExplorer(assetsDir);

    const app = express();
    app.use('/explorer', explorerRouter({ assetsDir }));
    server = await new Promise<Server>((resolve, reject) => {
      const listening = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(listening)));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(assetsDir, { recursive: true, force: true });
  });

  it('serves index.html at /explorer/ referencing the local bundle', async () => {
    const res = await fetch(`${baseUrl}/explorer/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' ws: wss:");

    const html = await res.text();
    expect(html).toContain('<title>staygraph explorer</title>');
    expect(html).toContain('<div id="root">');
    expect(html).toMatch(/<script src="explorer\.js"><\/script>/);
    expect(html).toMatch(/<link rel="stylesheet" href="explorer\.css">/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('redirects /explorer to /explorer/ so relative asset URLs resolve', async () => {
    const res = await fetch(`${baseUrl}/explorer?x=1`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/explorer/?x=1');
  });

  it('serves explorer.js as JavaScript without remote resources', async () => {
    const res = await fetch(`${baseUrl}/explorer/explorer.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^(application|text)\/javascript/);
    expect(res.headers.get('content-security-policy')).toBeTruthy();

    const js = await res.text();
    expect(js.length).toBeGreaterThan(100_000);
    expect(js).toContain('/graphql');
    expect(js).not.toMatch(CDN_PATTERN);
    expect(js).not.toMatch(/sourceMappingURL/);

    const hosts = new Set(Array.from(js.matchAll(/https?:\/\/([a-z0-9.-]+\.[a-z]{2,})/gi), (m) => m[1]!.toLowerCase()));
    expect([...hosts].filter((host) => !ALLOWED_URL_HOSTS.has(host))).toEqual([]);
  });

  it('serves explorer.css with only inline (data:) resources', async () => {
    const res = await fetch(`${baseUrl}/explorer/explorer.css`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/css/);
    const css = await res.text();
    expect(css).toContain('.graphiql-container');
    expect(css).not.toMatch(/@import/);
    const urls = Array.from(css.matchAll(/url\(\s*['"]?([^'")\s]{0,16})/g), (m) => m[1]);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((url) => !url?.startsWith('data:'))).toEqual([]);
  });

  it('answers 404 for unknown files', async () => {
    const res = await fetch(`${baseUrl}/explorer/nope.js`);
    expect(res.status).toBe(404);
  });

  it('ensureExplorerAssets keeps existing assets and builds missing ones', async () => {
    const messages: string[] = [];
    await expect(ensureExplorerAssets(assetsDir, (msg) => messages.push(msg))).resolves.toBe(true);
    expect(messages).toEqual([]);

    const emptyDir = await mkdtemp(path.join(tmpdir(), 'staygraph-explorer-empty-'));
    try {
      // esbuild is a devDependency, so it is available here and the bundle gets built.
      await expect(ensureExplorerAssets(emptyDir, (msg) => messages.push(msg))).resolves.toBe(true);
      expect(messages).toHaveLength(1);
      expect(await readFile(path.join(emptyDir, 'index.html'), 'utf8')).toContain('explorer.js');
    } finally {
      await rm(emptyDir, { recursive: true, force: true });
    }
  }, 120_000);
});
