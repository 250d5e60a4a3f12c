import type { Browser, Page } from 'puppeteer-core';
import { addDays } from '../web/src/dates';
import { adminEnv, blockDates, createHost, createProperty, createRoom, daysFromNow, type TestHost } from './support/fixtures';
import { registerGuest } from './support/graphql-client';
import { launchBrowser, newPerson, screenshot, startWebAppServer } from './support/browser';
import type { TestServer } from './support/test-server';

/**
 * Issue 18, the guest side of the reference web app, in the system Chromium against the real server: the live
 * month calendar (two people), the whole journey from sign-up to a cancelled trip, the keyboard, and one
 * refresh of the session for two tabs.
 */

jest.setTimeout(90_000);

const CREATE_CODE = `mutation ($input: DiscountCodeInput!) { createDiscountCode(input: $input) { id code } }`;

/** Text of the page, for waits on what a person reads. */
const pageText = (page: Page, text: string) => page.waitForFunction((expected: string) => document.body.innerText.includes(expected), {}, text);

/** The state a night shows in the month calendar (free, taken, loading) or null when the month does not show it. */
const nightState = (page: Page, date: string) => page.evaluate((day: string) => document.querySelector(`td[data-date="${day}"]`)?.getAttribute('data-state') ?? null, date);

async function signInThroughTheForm(page: Page, account: { email: string; password: string }) {
  await page.locator('input[name="email"]').fill(account.email);
  await page.locator('input[name="password"]').fill(account.password);
  await page.locator('button[type="submit"]').click();
}

/** Tab through the page (at most 80 stops) until the focused element matches `selector`. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((wanted: string) => document.activeElement?.matches(wanted) ?? false, selector)) return;
  }
  throw new Error(`nothing matching ${selector} is reachable with Tab`);
}

describe('the reference web app, guest side', () => {
  let server: TestServer & { assetsDir: string };
  let browser: Browser;
  let host: TestHost;
  let properties = 0;

  /** A public property with one room (and its photo on this server, so nothing leaves the machine). */
  const aProperty = async (overrides: Record<string, unknown> = {}) => {
    properties += 1;
    const city = `Guestville${properties}x${Date.now() % 100000}`;
    const property = await createProperty(server.client, host.token, {
      name: `Casa Calendario ${properties}`,
      description: 'Three white rooms above the harbour, ten minutes from the beach.',
      address: { line1: 'Calle del Puerto 4', city, country: 'ES' },
      photos: [{ url: `${server.url}/app/no-such-photo-${properties}.jpg`, altText: 'The terrace at sunset' }],
      ...overrides,
    });
    const room = await createRoom(server.client, host.token, property.id, { name: 'Sea room', basePricePerNight: { amount: 9500, currency: 'EUR' } });
    return { property, room, city };
  };

  beforeAll(async () => {
    server = await startWebAppServer({ ...adminEnv });
    browser = await launchBrowser();
    host = await createHost(server.client);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("turns a night taken in one person's calendar within a second of another person's booking, who pays later from my trips", async () => {
    const { property, room } = await aProperty();
    // Three nights of one month, whatever today is: the calendar shows the check-in's month.
    const soon = daysFromNow(10);
    const checkIn = Number(soon.slice(8)) <= 24 ? soon : addDays(`${addDays(soon, 10).slice(0, 8)}01`, 1);
    const checkOut = addDays(checkIn, 1);
    const probe = addDays(checkIn, 2);
    const stay = `/app/properties/${property.id}?checkIn=${checkIn}&checkOut=${checkOut}&guests=2`;

    const watcher = await newPerson(browser);
    await watcher.goto(server.url + stay);
    await watcher.waitForFunction((day: string) => document.querySelector(`td[data-date="${day}"]`)?.getAttribute('data-state') === 'free', {}, checkIn);
    // The watcher's subscription is live once a change made elsewhere shows: the host closes another night.
    const probeBlock = await blockDates(server.client, host.token, room.id, probe, addDays(probe, 1), 'Probe');
    await watcher.waitForFunction((day: string) => document.querySelector(`td[data-date="${day}"]`)?.getAttribute('data-state') === 'taken', {}, probe);
    expect(await nightState(watcher, checkIn)).toBe('free');
    await watcher.evaluate((day: string) => {
      const w = window as unknown as { takenAt?: number };
      new MutationObserver(() => {
        if (w.takenAt === undefined && document.querySelector(`td[data-date="${day}"]`)?.getAttribute('data-state') === 'taken') w.takenAt = Date.now();
      }).observe(document.body, { subtree: true, attributes: true, childList: true });
    }, checkIn);

    // The booker is signed out: Book sends them to sign in and back here.
    const guest = await registerGuest(server.client, { fullName: 'Bea Booker' });
    const booker = await newPerson(browser);
    await booker.goto(server.url + stay);
    await booker.locator('button.book:not([disabled])').click();
    await booker.waitForFunction(() => window.location.pathname === '/app/signin');
    expect(new URL(booker.url()).searchParams.get('next')).toBe(stay.slice('/app'.length));
    await signInThroughTheForm(booker, { email: guest.user.email, password: guest.password });
    await booker.waitForFunction((path: string) => window.location.pathname + window.location.search === path, {}, stay);
    await booker.evaluate(() => {
      const w = window as unknown as { bookedAt?: number };
      new MutationObserver(() => {
        if (w.bookedAt === undefined && document.querySelector('.booked')) w.bookedAt = Date.now();
      }).observe(document.body, { subtree: true, childList: true });
    });
    await booker.locator('button.book:not([disabled])').click();
    await booker.waitForSelector('.booked');

    await watcher.waitForFunction(() => (window as unknown as { takenAt?: number }).takenAt !== undefined, { timeout: 5_000 });
    const bookedAt = await booker.evaluate(() => (window as unknown as { bookedAt: number }).bookedAt);
    const takenAt = await watcher.evaluate(() => (window as unknown as { takenAt: number }).takenAt);
    // The deadline: the other person sees it within a second of the booking's answer.
    expect(takenAt - bookedAt).toBeLessThan(1000);
    expect(await nightState(watcher, checkOut)).toBe('free');
    // And back: the host lifts the probe's block, the night is free again.
    await server.client.data(`mutation ($id: ID!) { unblockDates(blockId: $id) }`, { id: probeBlock.id }, host.token);
    await watcher.waitForFunction((day: string) => document.querySelector(`td[data-date="${day}"]`)?.getAttribute('data-state') === 'free', {}, probe);
    expect(await nightState(watcher, checkIn)).toBe('taken');

    // The booker left without paying: my trips shows the held stay and pays it.
    await booker.locator('nav ::-p-text(My trips)').click();
    await booker.waitForSelector('.trip[data-status="PENDING"]');
    expect(await booker.$eval('.trip', (element) => (element as HTMLElement).innerText)).toContain('Awaiting payment');
    await booker.locator('::-p-text(Pay for trip)').click();
    await pageText(booker, 'Local payment mode: nothing is charged.');
    await booker.locator('.trip .payment button').click();
    await booker.waitForSelector('.trip[data-status="CONFIRMED"]');
    expect(await booker.$eval('.trip', (element) => (element as HTMLElement).innerText)).toMatch(/Confirmed · total .* · paid/);
    await watcher.browserContext().close();
    await booker.browserContext().close();
  });

  it('takes a guest from sign-up to a booked, paid, then cancelled trip (key steps by keyboard)', async () => {
    const { property, city } = await aProperty({ cancellationPolicy: 'FLEXIBLE' });
    const code = `WEB${Date.now() % 1000000}`;
    await server.client.data(CREATE_CODE, { input: { code, percentOff: 10, propertyIds: [property.id] } }, host.token);
    const checkIn = daysFromNow(20);
    const checkOut = daysFromNow(23);

    const page = await newPerson(browser);
    await page.goto(`${server.url}/app/signup`);
    await page.locator('input[name="fullName"]').fill('Gala Journey');
    await page.locator('input[name="email"]').fill(`gala-${Date.now()}@example.com`);
    await page.locator('input[name="password"]').fill('a long enough password');
    await page.locator('button[type="submit"]').click();
    await pageText(page, 'Sign out Gala Journey');

    await page.goto(`${server.url}/app/?checkIn=${checkIn}&checkOut=${checkOut}&guests=2&city=${city}`);
    await page.locator(`a[href^="/app/properties/${property.id}"]`).click();
    await page.waitForFunction(() => document.querySelector('h1')?.textContent?.startsWith('Casa Calendario'));
    await page.waitForSelector('[data-testid="quote-total"]');
    await page.waitForSelector(`td[data-date="${checkIn}"][data-state="free"]`);
    const fullPrice = await page.$eval('[data-testid="quote-total"]', (element) => element.textContent);
    expect(await page.$eval('.quote', (element) => (element as HTMLElement).innerText)).toMatch(/Subtotal, 3 nights/);
    expect(await page.$eval('.photos img', (element) => element.getAttribute('alt'))).toBe('The terrace at sunset');
    await screenshot(page, 'property');

    // Keyboard: the month buttons are reachable with Tab and work with Enter and Space.
    const caption = () => page.$eval('.month-calendar caption', (element) => element.textContent);
    const thisMonth = await caption();
    await tabTo(page, 'button[aria-label="Next month"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction((before: string) => document.querySelector('.month-calendar caption')?.textContent !== before, {}, thisMonth);
    await page.keyboard.down('Shift');
    await page.keyboard.press('Tab');
    await page.keyboard.up('Shift');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Previous month');
    await page.keyboard.press('Space');
    await page.waitForFunction((before: string) => document.querySelector('.month-calendar caption')?.textContent === before, {}, thisMonth);

    // A discount code: the quote shows its line and a lower total.
    await page.locator('input[name="discountCode"]').fill(code.toLowerCase());
    await page.locator('::-p-text(Apply code)').click();
    await pageText(page, `Code ${code} takes`);
    await page.waitForFunction((before: string) => document.querySelector('[data-testid="quote-total"]')?.textContent !== before, {}, fullPrice);
    expect(await page.$eval('.quote', (element) => (element as HTMLElement).innerText)).toContain(code);
    await screenshot(page, 'quote');

    // Book with the keyboard, then pay in local mode.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.focus('input[name="discountCode"]');
    await tabTo(page, 'button.book');
    await page.keyboard.press('Enter');
    await pageText(page, 'Local payment mode: nothing is charged.');
    const reference = await page.$eval('.booked strong', (element) => element.textContent ?? '');
    expect(reference).toMatch(/^SG-/);
    await page.locator('.booked button').click();
    await pageText(page, 'Paid and confirmed.');

    await page.locator('::-p-text(See it in my trips)').click();
    await page.waitForSelector(`.trip[data-code="${reference}"][data-status="CONFIRMED"]`);
    const trip = `.trip[data-code="${reference}"]`;
    expect(await page.$eval(trip, (element) => (element as HTMLElement).innerText)).toMatch(/Confirmed · total .* · paid/);
    expect(await page.$eval('#upcoming-heading + ul', (element) => (element as HTMLElement).innerText)).toContain(reference);
    await screenshot(page, 'trips');

    // Cancel: the refund policy comes first, then the refund itself.
    await page.locator(`${trip} ::-p-text(Cancel trip)`).click();
    const warning = await page.$eval(`${trip} .cancel-confirm`, (element) => (element as HTMLElement).innerText);
    expect(warning).toContain('Full refund until 48 hours before check-in');
    // The amount, before confirming (the API's cancellationRefund), is the refund the cancellation then makes.
    const previewed = /cancelling now refunds (€\s?\d[\d.,]*\d)/.exec(warning)?.[1];
    expect(previewed).toBeDefined();
    await page.locator(`${trip} ::-p-text(Yes, cancel)`).click();
    await page.waitForSelector(`${trip}[data-status="CANCELLED"]`);
    expect(await page.$eval(trip, (element) => (element as HTMLElement).innerText)).toContain(`Refund: ${previewed}`);
    await page.browserContext().close();
  });

  it('fits a phone: the property page without sideways scrolling, and survives a cleared date', async () => {
    const { property } = await aProperty();
    const page = await newPerson(browser, { width: 390, height: 844 });
    await page.goto(`${server.url}/app/properties/${property.id}?checkIn=${daysFromNow(5)}&checkOut=${daysFromNow(7)}&guests=2`);
    await page.waitForSelector('[data-testid="quote-total"]');
    await page.waitForSelector(`td[data-date="${daysFromNow(5)}"][data-state="free"]`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'property-mobile');
    // A half-typed stay asks for dates instead of a quote, and the page keeps working.
    await page.$eval('input[name="checkIn"]', (input) => {
      // What the browser's own clear button does: an empty value and an input event (React listens to those).
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, '');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await pageText(page, 'Choose a check-in, a later check-out and the number of guests.');
    expect(await page.$('.quote')).toBeNull();
    expect(await page.$eval('h1', (element) => element.textContent)).toMatch(/^Casa Calendario/);
    await page.waitForSelector('.month-calendar caption');
    await page.browserContext().close();
  });

  it('refreshes an expired session once for two tabs, which both keep the new token', async () => {
    const guest = await registerGuest(server.client, { fullName: 'Tab Twin' });
    const context = await browser.createBrowserContext();
    const first = await context.newPage();
    const second = await context.newPage();
    const refreshes: string[] = [];
    for (const tab of [first, second]) {
      tab.setDefaultTimeout(10_000);
      tab.on('request', (request) => {
        if (request.method() === 'POST' && request.postData()?.includes('refreshToken(')) refreshes.push(request.url());
      });
    }
    await first.goto(`${server.url}/app/not-yet`);
    // The access token's expiry is in the past: both tabs must refresh before their first request.
    await first.evaluate((session: string) => localStorage.setItem('staygraph.session', session), JSON.stringify({
      accessToken: guest.accessToken,
      accessTokenExpiresAt: new Date(Date.now() - 1000).toISOString(),
      refreshToken: guest.refreshToken,
      user: { ...guest.user, fullName: 'Tab Twin' },
    }));
    await Promise.all([first.goto(`${server.url}/app/trips`), second.goto(`${server.url}/app/trips`)]);
    for (const tab of [first, second]) {
      await pageText(tab, 'Sign out Tab Twin');
      await pageText(tab, 'Upcoming');
      await tab.waitForFunction(() => document.body.innerText.includes('No trips.'));
    }
    const stored = await Promise.all([first, second].map((tab) => tab.evaluate(() => JSON.parse(localStorage.getItem('staygraph.session') ?? 'null') as { accessToken: string; refreshToken: string } | null)));
    expect(refreshes).toHaveLength(1);
    expect(stored[0]?.refreshToken).toBeDefined();
    expect(stored[0]?.refreshToken).not.toBe(guest.refreshToken);
    expect(stored[1]).toEqual(stored[0]);
    // The new refresh token is the family's live one: spending the old one twice would have revoked it.
    const { refreshToken } = await server.client.data(`mutation ($t: String!) { refreshToken(refreshToken: $t) { refreshToken } }`, { t: stored[0]!.refreshToken });
    expect(refreshToken.refreshToken).toEqual(expect.any(String));
    await context.close();
  });
});
