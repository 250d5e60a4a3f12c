import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';
import type { Logger } from '../logger';
import { BrowserRecords } from './browser-records';

/** Chromium is missing or would not start: the message says how to fix it. */
export class PdfRendererUnavailable extends Error {}

/**
 * HTML → PDF with one shared headless Chromium and a small pool of pages. The browser starts on first use
 * and is started again if it crashes; at most `poolSize` renders run at once.
 */
export class PdfRenderer {
  private browser?: Promise<Browser>;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly records?: BrowserRecords;
  private readonly poolSize: number;

  /** `recordsDir`: where launched browsers are recorded, so that the next start can close a killed server's. */
  constructor(
    private readonly executablePath: string,
    private readonly log: Logger,
    options: { recordsDir?: string; poolSize?: number } = {},
  ) {
    this.poolSize = options.poolSize ?? 2;
    if (options.recordsDir) this.records = new BrowserRecords(options.recordsDir, log);
  }

  /** Closes browsers left running by servers that were killed (SIGKILL, a crash) before closing them. */
  async reapOrphans(): Promise<void> {
    await this.records?.reapOrphans();
  }

  async render(html: string): Promise<Buffer> {
    await this.acquire();
    try {
      const browser = await this.ensureBrowser();
      const page = await browser.newPage();
      try {
        await page.setContent(html, { waitUntil: 'load', timeout: 30_000 });
        return Buffer.from(await page.pdf({ format: 'A4', printBackground: true, margin: { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' } }));
      } finally {
        await page.close().catch(() => undefined);
      }
    } finally {
      this.release();
    }
  }

  async close(): Promise<void> {
    const browser = await this.browser?.catch(() => undefined);
    this.browser = undefined;
    browser?.removeAllListeners('disconnected');
    await browser?.close().catch(() => undefined);
    const pid = browser?.process()?.pid;
    if (pid) await this.records?.remove(pid);
  }

  private ensureBrowser(): Promise<Browser> {
    this.browser ??= this.launch().catch((error: unknown) => {
      this.browser = undefined;
      throw error;
    });
    return this.browser;
  }

  private async launch(): Promise<Browser> {
    if (!existsSync(this.executablePath)) {
      throw new PdfRendererUnavailable(
        `Chromium not found at ${this.executablePath}: install it (Debian/Ubuntu: apt-get install -y chromium) or set PUPPETEER_EXECUTABLE_PATH`,
      );
    }
    const browser = await puppeteer.launch({
      executablePath: this.executablePath,
      headless: true,
      // The process owns its signals (src/main.ts): puppeteer's own handlers would kill Chromium and exit
      // with 130 on Ctrl-C, before the database is stopped.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const child = browser.process();
    if (child?.pid) {
      const pid = child.pid;
      const profile = child.spawnargs.find((arg) => arg.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length);
      await this.records?.add(pid, profile);
    }
    browser.on('disconnected', () => {
      this.log.warn('Chromium went away: it will be started again on the next render');
      this.browser = undefined;
      if (child?.pid) void this.records?.remove(child.pid);
    });
    return browser;
  }

  private async acquire(): Promise<void> {
    if (this.active < this.poolSize) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}
