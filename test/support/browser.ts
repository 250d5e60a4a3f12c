import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { buildWebApp } from '../../scripts/build-web';
import { loadConfig } from '../../src/config';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server';

/** The real server with the reference web app at /app/, bundled from the current web/ sources for this test file. */
export async function startWebAppServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer & { assetsDir: string }> {
  const assetsDir = await mkdtemp(path.join(os.tmpdir(), 'staygraph-web-'));
  await buildWebApp(assetsDir);
  const server = await startTestServer({ ...env, WEB_APP_ENABLED: 'true', WEB_APP_DIR: assetsDir }, options);
  return {
    ...server,
    assetsDir,
    async stop() {
      await server.stop();
      await rm(assetsDir, { recursive: true, force: true });
    },
  };
}

/** The system Chromium (the one that renders PDFs), headless. */
export function launchBrowser(): Promise<Browser> {
  const { chromiumPath } = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32) });
  return puppeteer.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}

/** A page in its own browser context (its own storage: another person), sized like a laptop or a phone. */
export async function newPerson(browser: Browser, viewport: { width: number; height: number } = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(viewport);
  page.setDefaultTimeout(10_000);
  return page;
}

/** Screenshots for the README (docs/screenshots/NAME.png), written by the tests from the real pages. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.resolve(__dirname, '..', '..', 'docs', 'screenshots', `${name}.png`) as `${string}.png`, fullPage: true });
}
