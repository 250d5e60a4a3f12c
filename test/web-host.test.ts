import type { Browser, Page } from 'puppeteer-core';
import { CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, type TestHost } from './support/fixtures';
import { launchBrowser, newPerson, screenshot, startWebAppServer } from './support/browser';
import { registerGuest } from './support/graphql-client';
import { IcalServer } from './support/ical-server';
import type { TestServer } from './support/test-server';

/** Issue 18, the host's side of the reference web app, driven in the system Chromium against the real server. */

jest.setTimeout(90_000);

const RESERVATION = `query ($id: ID!) { reservation(id: $id) { status } }`;
const BLOCKS = `query ($roomId: ID!) { roomBlocks(roomId: $roomId) { id from to reason } }`;
const CONFIRM = `mutation ($id: ID!) { confirmReservation(id: $id) { status } }`;

/** YYYY-MM-DD today in a time zone (where the property is). */
const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** Day `day` of the month after today's (UTC): always in the future, and the reservation and the block share a month. */
function nextMonthDay(day: number): string {
  const date = new Date();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + 1);
  date.setUTCDate(day);
  return date.toISOString().slice(0, 10);
}

/**
 * A date input's value as a person picking a date would leave it: through the native setter, so that React hears
 * the input event (setting `value` directly, as Locator.fill does for date inputs, is invisible to React).
 */
async function pickDate(page: Page, selector: string, date: string): Promise<void> {
  await page.waitForSelector(selector);
  await page.$eval(
    selector,
    (element, value) => {
      const input = element as HTMLInputElement;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    date,
  );
}

describe('the host area of the reference web app', () => {
  let server: TestServer & { assetsDir: string };
  let browser: Browser;
  let host: TestHost;
  let property: { id: string; name: string };
  let room: { id: string };
  let garden: { id: string };
  let channel: IcalServer;
  let pending: { id: string; code: string };
  let arrival: { id: string; code: string };
  let page: Page;
  let book: (roomId: string, from: string, to: string, guestName: string) => Promise<{ id: string; code: string; status: string }>;
  const checkIn = nextMonthDay(10);
  const checkOut = nextMonthDay(13);

  beforeAll(async () => {
    // The "other channel" is an iCal server on loopback.
    server = await startWebAppServer({ ...adminEnv, CALENDAR_FETCH_ALLOW_PRIVATE: 'true' });
    channel = await new IcalServer().start();
    browser = await launchBrowser();
    host = await createHost(server.client, `Casa Host ${Date.now()}`);
    property = await createProperty(server.client, host.token, { name: 'Casa Confirmada', paymentCollection: 'AT_PROPERTY' });
    room = await createRoom(server.client, host.token, property.id, { name: 'Whole house' });
    garden = await createRoom(server.client, host.token, property.id, { name: 'Garden room', roomType: { code: 'DOUBLE', label: 'Double' } });

    const guest = await registerGuest(server.client);
    book = async (roomId, from, to, guestName) =>
      (await server.client.data(CREATE_RESERVATION, { input: { roomId, checkIn: from, checkOut: to, guests: 2, guestName } }, guest.accessToken))
        .createReservation as { id: string; code: string; status: string };
    // Paid at the property: the booking waits for the host.
    pending = await book(room.id, checkIn, checkOut, 'Pia Pendiente');
    expect(pending).toMatchObject({ status: 'PENDING' });
    // Someone who arrives today (where the house is), already confirmed.
    const today = todayIn('Europe/Madrid');
    const tomorrow = new Date(`${today}T00:00:00Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    arrival = await book(garden.id, today, tomorrow.toISOString().slice(0, 10), 'Lola Llegada');
    await server.client.data(CONFIRM, { id: arrival.id }, host.token);

    page = await newPerson(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await channel?.stop();
    await server?.stop();
  });

  it('asks a visitor who is not signed in to sign in', async () => {
    const visitor = await newPerson(browser);
    await visitor.goto(`${server.url}/app/host`);
    await visitor.waitForFunction(() => document.body.innerText.includes('The host area is for hosts'));
    expect(await visitor.$eval('main a[href^="/app/signin"]', (a) => a.getAttribute('href'))).toBe('/app/signin?next=%2Fhost');
    await visitor.browserContext().close();
  });

  it('lets the host sign in through the UI, see the stay waiting, and confirm it', async () => {
    await page.goto(`${server.url}/app/signin?next=/host`);
    await page.locator('input[name="email"]').fill(host.email);
    await page.locator('input[name="password"]').fill(host.password);
    await page.locator('button[type="submit"]').click();
    await page.waitForSelector(`[data-reservation-code="${pending.code}"]`);
    const card = await page.$eval(`[data-reservation-code="${pending.code}"]`, (element) => (element as HTMLElement).innerText);
    expect(card).toContain('Pia Pendiente');
    expect(card).toContain('Paid at the property');

    // Today's arrivals and the property with its rooms are on the same page.
    await page.waitForFunction(() => document.querySelector('[aria-labelledby="arrivals-heading"]')?.textContent?.includes('Lola Llegada'));
    const arrivals = await page.$eval('[aria-labelledby="arrivals-heading"]', (element) => (element as HTMLElement).innerText);
    expect(arrivals).toContain(arrival.code);
    expect(arrivals).not.toContain(pending.code);
    const rooms = await page.$eval('ul[aria-label="Rooms of Casa Confirmada"]', (element) => (element as HTMLElement).innerText);
    expect(rooms).toContain('Whole house');
    expect(rooms).toContain('Garden room');
    await screenshot(page, 'host-pending');

    await page.locator(`button[aria-label="Confirm ${pending.code}"]`).click();
    await page.waitForFunction((code) => document.body.innerText.includes(`${code} is confirmed.`), {}, pending.code);
    await page.waitForFunction((code) => !document.querySelector(`[data-reservation-code="${code}"]`), {}, pending.code);
    expect((await server.client.data(RESERVATION, { id: pending.id }, host.token)).reservation.status).toBe('CONFIRMED');
  });

  it('shows every room’s month in the calendar, blocks dates through the form, and unblocks them', async () => {
    await page.locator('a ::-p-text(Casa Confirmada)').click();
    await page.waitForSelector('table.host-calendar');
    const month = checkIn.slice(0, 7);
    // The current month first; the next month is a click away.
    if ((await page.$eval('table.host-calendar', (table) => table.getAttribute('data-month'))) !== month) {
      await page.locator(`nav[aria-label="Month"] a[href$="?month=${month}"]`).click();
      await page.waitForSelector(`table.host-calendar[data-month="${month}"]`);
    }
    await page.waitForSelector(`td[data-code="${pending.code}"][data-status="CONFIRMED"]`);
    const cell = await page.$eval(`td[data-code="${pending.code}"]`, (td) => ({ span: (td as HTMLTableCellElement).colSpan, date: td.getAttribute('data-date'), text: (td as HTMLElement).innerText }));
    expect(cell).toEqual({ span: 3, date: checkIn, text: expect.stringContaining('Pia Pendiente') });
    // Row headers are the rooms.
    expect(await page.$$eval('table.host-calendar tbody th[scope="row"]', (ths) => ths.map((th) => (th as HTMLElement).innerText))).toEqual([
      expect.stringContaining('Garden room'),
      expect.stringContaining('Whole house'),
    ]);

    const from = nextMonthDay(15);
    const to = nextMonthDay(18);
    await page.locator('select[name="roomId"]').fill(room.id);
    await pickDate(page, 'form[aria-labelledby="block-heading"] input[name="from"]', from);
    await pickDate(page, 'form[aria-labelledby="block-heading"] input[name="to"]', to);
    await page.locator('form[aria-labelledby="block-heading"] input[name="reason"]').fill('Painting');
    await page.locator('form[aria-labelledby="block-heading"] button[type="submit"]').click();
    await page.waitForSelector(`td[data-kind="BLOCK"][data-date="${from}"]`);
    const block = await page.$eval(`td[data-kind="BLOCK"][data-date="${from}"]`, (td) => ({ span: (td as HTMLTableCellElement).colSpan, text: (td as HTMLElement).innerText }));
    expect(block).toEqual({ span: 3, text: expect.stringContaining('Blocked: Painting') });
    const blocks = (await server.client.data(BLOCKS, { roomId: room.id }, host.token)).roomBlocks;
    expect(blocks).toEqual([expect.objectContaining({ from, to, reason: 'Painting' })]);
    await screenshot(page, 'host-calendar');

    await page.locator('button[aria-label^="Unblock Whole house"]').click();
    await page.waitForFunction((date) => !document.querySelector(`td[data-kind="BLOCK"][data-date="${date}"]`), {}, from);
    expect((await server.client.data(BLOCKS, { roomId: room.id }, host.token)).roomBlocks).toEqual([]);
  });

  it('updates the calendar live when a guest books while the host watches', async () => {
    const from = nextMonthDay(20);
    expect(await page.$(`td[data-date="${from}"][data-kind="RESERVATION"]`)).toBeNull();
    const started = Date.now();
    const stay = await book(room.id, from, nextMonthDay(22), 'Vera Viva');
    await page.waitForSelector(`td[data-code="${stay.code}"][data-date="${from}"][data-status="PENDING"]`, { timeout: 5_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await page.$eval(`td[data-code="${stay.code}"]`, (td) => (td as HTMLElement).innerText)).toContain('Vera Viva');
  });

  it('shows events imported from another channel', async () => {
    const [from, to] = [nextMonthDay(24), nextMonthDay(27)];
    const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Airbnb Inc//Hosting Calendar 0.8.8//EN', 'BEGIN:VEVENT',
      `DTSTART;VALUE=DATE:${from.replaceAll('-', '')}`, `DTEND;VALUE=DATE:${to.replaceAll('-', '')}`, 'UID:web-host-1@airbnb.com', 'SUMMARY:Reserved',
      'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    channel.serve('/garden.ics', { status: 200, body: ics, contentType: 'text/calendar; charset=utf-8' });
    const { addCalendarFeed } = await server.client.data(
      `mutation ($input: AddCalendarFeedInput!) { addCalendarFeed(input: $input) { id } }`,
      { input: { roomId: garden.id, name: 'Airbnb', url: channel.url('/garden.ics') } },
      host.token,
    );
    const { syncCalendarFeed } = await server.client.data(`mutation ($id: ID!) { syncCalendarFeed(id: $id) { status added } }`, { id: addCalendarFeed.id }, host.token);
    expect(syncCalendarFeed).toEqual({ status: 'OK', added: 1 });
    const CALENDAR = `query ($id: ID!, $from: Date!, $to: Date!) { propertyCalendar(propertyId: $id, from: $from, to: $to) { room { id } entries { kind from to note } } }`;
    const calendar = (await server.client.data(CALENDAR, { id: property.id, from, to }, host.token)).propertyCalendar;
    expect(calendar.find((row: any) => row.room.id === garden.id).entries).toEqual([{ kind: 'EXTERNAL', from, to, note: 'Reserved' }]);
    // The open page hears the change and shows the event on the garden room's row.
    await page.waitForSelector(`td[data-kind="EXTERNAL"][data-date="${from}"]`, { timeout: 5_000 });
    const cell = await page.$eval(`td[data-kind="EXTERNAL"][data-date="${from}"]`, (td) => ({
      span: (td as HTMLTableCellElement).colSpan,
      row: (td.closest('tr')!.querySelector('th') as HTMLElement).innerText,
      text: (td as HTMLElement).innerText,
    }));
    expect(cell).toEqual({ span: 3, row: expect.stringContaining('Garden room'), text: expect.stringContaining('External: Reserved') });
    // Imported events are lifted by their channel, not unblocked here.
    expect(await page.$('button[aria-label^="Unblock Garden room"]')).toBeNull();
  });

  it('rejects a stay with a reason', async () => {
    await page.waitForSelector('[data-reservation-code]');
    const code = await page.$eval('[data-reservation-code]', (element) => element.getAttribute('data-reservation-code'));
    await page.locator(`button[aria-label="Reject ${code}…"]`).click();
    await page.locator(`[data-reservation-code="${code}"] input[name="reason"]`).fill('Closed for a family event');
    await page.locator(`[data-reservation-code="${code}"] button[type="submit"]`).click();
    await page.waitForFunction((c) => document.body.innerText.includes(`${c} is rejected`), {}, code);
    const REJECTED = `query { hostReservations(status: REJECTED) { edges { node { code history { to reason } } } } }`;
    const stays = (await server.client.data(REJECTED, {}, host.token)).hostReservations.edges.map(({ node }: any) => node);
    expect(stays).toEqual([{ code, history: expect.arrayContaining([{ to: 'REJECTED', reason: 'Closed for a family event' }]) }]);
    // The calendar frees the nights.
    await page.waitForFunction((c) => !document.querySelector(`td[data-code="${c}"]`), {}, code);
  });

  it('shows a room’s iCal link, which serves the room’s calendar', async () => {
    await page.locator('button ::-p-text(Create an iCal link for Whole house)').click();
    const input = `input[data-ical-room="${room.id}"]`;
    await page.waitForSelector(input);
    const url = await page.$eval(input, (element) => (element as HTMLInputElement).value);
    expect(url).toMatch(/\/calendar\/[\w-]+\.ics$/);
    expect(await page.$eval(input, (element) => element.closest('label')?.textContent)).toContain('iCal link for Whole house');
    const feed = await fetch(`${server.url}${new URL(url).pathname}`);
    expect(feed.status).toBe(200);
    const body = await feed.text();
    expect(body).toContain('BEGIN:VCALENDAR');
    expect(body).toContain(`DTSTART;VALUE=DATE:${checkIn.replaceAll('-', '')}`);
    await page.waitForFunction(() => document.body.innerText.includes('Whole house · link active since'));
  });

  it('adds and removes a pricing rule', async () => {
    const form = 'form[aria-labelledby="new-rule-heading"]';
    await page.locator(`${form} input[name="name"]`).fill('Summer weekends');
    await page.locator(`${form} input[name="price"]`).fill('150');
    await page.locator(`${form} button[type="submit"]`).click();
    await page.waitForFunction(() => document.body.innerText.includes('A rule needs dates, weekdays or both'));
    // Saturday and Sunday nights.
    await page.locator(`${form} input[name="weekday"][value="6"]`).click();
    await page.locator(`${form} input[name="weekday"][value="7"]`).click();
    await page.locator(`${form} button[type="submit"]`).click();
    await page.waitForFunction(() => document.body.innerText.includes('Rule “Summer weekends” added.'));
    await page.waitForSelector('button[aria-label="Remove rule Summer weekends"]');
    const PRICING = `query ($id: ID!) { property(id: $id) { pricingRules { name weekdays nightlyPrice { amount currency } } } }`;
    expect((await server.client.data(PRICING, { id: property.id }, host.token)).property.pricingRules).toEqual([
      { name: 'Summer weekends', weekdays: [6, 7], nightlyPrice: { amount: 15000, currency: 'EUR' } },
    ]);
    const row = await page.$eval('button[aria-label="Remove rule Summer weekends"]', (button) => (button.closest('tr') as HTMLElement).innerText);
    expect(row).toMatch(/Any date, Sat Sun/);
    expect(row).toContain('150.00 a night');

    await page.locator('button[aria-label="Remove rule Summer weekends"]').click();
    await page.waitForFunction(() => !document.querySelector('button[aria-label="Remove rule Summer weekends"]'));
    expect((await server.client.data(PRICING, { id: property.id }, host.token)).property.pricingRules).toEqual([]);
  });

  it('fits a phone: the page does not scroll sideways, the calendar scrolls within its region', async () => {
    await page.setViewport({ width: 390, height: 844 });
    await page.reload();
    await page.waitForSelector('table.host-calendar');
    const widths = await page.evaluate(() => {
      const region = document.querySelector('.host-calendar-scroll') as HTMLElement;
      return { page: document.documentElement.scrollWidth, viewport: window.innerWidth, region: region.clientWidth, calendar: region.scrollWidth, focusable: region.tabIndex };
    });
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    expect(widths.calendar).toBeGreaterThan(widths.region);
    expect(widths.focusable).toBe(0); // keyboard users can scroll it

    await page.goto(`${server.url}/app/host`);
    await page.waitForSelector('#properties-heading');
    await page.waitForFunction(() => document.body.innerText.includes('Lola Llegada'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
