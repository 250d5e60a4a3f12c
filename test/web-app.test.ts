import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'puppeteer-core';
import { adminEnv, createHost, createProperty, createRoom, daysFromNow } from './support/fixtures';
import { launchBrowser, newPerson, screenshot, startWebAppServer } from './support/browser';
import type { TestServer } from './support/test-server';

/** Issue 18: the reference web app at /app/, driven in the system Chromium against the real server. */

jest.setTimeout(60_000);

describe('the reference web app', () => {
  let server: TestServer & { assetsDir: string };
  let browser: Browser;

  beforeAll(async () => {
    server = await startWebAppServer({ ...adminEnv });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('is small: under 300 KB gzipped for the first load', async () => {
    const sizes = await Promise.all(['index.html', 'app.js', 'app.css'].map(async (file) => gzipSync(await readFile(path.join(server.assetsDir, file))).length));
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBeLessThan(300 * 1024);
  });

  it('answers any route under /app/ with the app, and / sends people to it', async () => {
    const deep = await fetch(`${server.url}/app/properties/some-id?checkIn=2027-01-01`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root"></div>');
    expect(deep.headers.get('content-security-policy')).toContain("script-src 'self'");
    const root = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect(root.headers.get('location')).toBe('/app/');
  });

  it('signs a new guest up and finds a stay, making no request to another origin', async () => {
    const host = await createHost(server.client);
    const property = await createProperty(server.client, host.token, { name: 'Casa Navegador', address: { line1: 'Calle 1', city: 'Nerja', country: 'ES' } });
    await createRoom(server.client, host.token, property.id);

    const page = await newPerson(browser);
    const foreign: string[] = [];
    // The app's own code, styles, fonts and API calls: all from the server. (Photos are the hosts' URLs.)
    page.on('request', (request) => {
      const url = request.url();
      if (request.resourceType() !== 'image' && !url.startsWith(server.url) && !url.startsWith(server.url.replace(/^http/, 'ws'))) foreign.push(url);
    });
    await page.goto(`${server.url}/app/signup`);
    await page.locator('input[name="fullName"]').fill('Ana Navegadora');
    await page.locator('input[name="email"]').fill(`ana-${Date.now()}@example.com`);
    await page.locator('input[name="password"]').fill('a long enough password');
    await page.locator('button[type="submit"]').click();
    await page.waitForFunction(() => document.body.innerText.includes('Sign out Ana Navegadora'));

    const checkIn = daysFromNow(30);
    await page.goto(`${server.url}/app/?checkIn=${checkIn}&checkOut=${daysFromNow(32)}&guests=2&city=Nerja`);
    await page.waitForFunction(() => document.body.innerText.includes('Casa Navegador'));
    expect(await page.$eval('.result-count', (element) => element.textContent)).toMatch(/\d+ stays? found/);
    await screenshot(page, 'search');
    expect(foreign).toEqual([]);
  });
});
