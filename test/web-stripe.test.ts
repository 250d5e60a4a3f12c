import type { Browser, HTTPRequest } from 'puppeteer-core';
import { adminEnv, createHost, createProperty, createRoom, daysFromNow } from './support/fixtures';
import { FakeStripe, signedEvent } from './support/fake-stripe';
import { registerGuest } from './support/graphql-client';
import { launchBrowser, newPerson, startWebAppServer } from './support/browser';
import type { TestServer } from './support/test-server';

/**
 * Issue 18: with Stripe keys, the web app pays with Stripe Elements. Stripe.js comes from Stripe's own
 * address, which this machine cannot reach: the browser is given a stand-in at that address that offers the
 * same calls (elements, create, mount, confirmPayment) and, on confirmPayment, has Stripe's webhook delivered
 * to the server as Stripe would, signed with the webhook secret. Everything else is the real app and server.
 */

jest.setTimeout(90_000);

const WEBHOOK_SECRET = 'whsec_web_test';

/** The stand-in for https://js.stripe.com/v3/: records what the app asked for, confirms through the test. */
const STRIPE_JS_STAND_IN = `
window.Stripe = function (publishableKey) {
  window.__stripe = { publishableKey: publishableKey };
  return {
    elements: function (options) {
      window.__stripe.clientSecret = options.clientSecret;
      return {
        create: function (kind) {
          window.__stripe.kind = kind;
          return {
            mount: function (target) { target.innerHTML = '<label>Card number <input name="cardnumber" autocomplete="cc-number"></label>'; },
            destroy: function () {}
          };
        }
      };
    },
    confirmPayment: function (options) {
      return window.__confirmWithStripe(window.__stripe.clientSecret, options.redirect);
    }
  };
};`;

describe('the reference web app, paying by card with Stripe Elements', () => {
  const stripe = new FakeStripe();
  let server: TestServer & { assetsDir: string };
  let browser: Browser;

  beforeAll(async () => {
    await stripe.start();
    server = await startWebAppServer({
      ...adminEnv,
      STRIPE_SECRET_KEY: 'sk_test_fake',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_web',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: stripe.baseUrl,
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await stripe.stop();
  });

  it("loads Stripe.js only then, mounts the card form with the checkout's client secret, and shows the stay confirmed once Stripe's webhook arrives", async () => {
    const host = await createHost(server.client);
    const property = await createProperty(server.client, host.token, { name: 'Casa Tarjeta', photos: [] });
    await createRoom(server.client, host.token, property.id, { basePricePerNight: { amount: 10_000, currency: 'EUR' } });
    const guest = await registerGuest(server.client);

    const page = await newPerson(browser);
    const stripeScripts: string[] = [];
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      if (request.url().startsWith('https://js.stripe.com/')) {
        stripeScripts.push(request.url());
        void request.respond({ status: 200, contentType: 'application/javascript', body: STRIPE_JS_STAND_IN });
      } else if (!request.url().startsWith(server.url)) {
        void request.abort();
      } else {
        void request.continue();
      }
    });
    // Stripe's side of confirmPayment: the intent succeeds and its webhook reaches the server.
    let confirmedWith: { clientSecret: string; redirect: string } | undefined;
    await page.exposeFunction('__confirmWithStripe', async (clientSecret: string, redirect: string) => {
      confirmedWith = { clientSecret, redirect };
      const intentId = clientSecret.split('_secret_')[0]!;
      const intent = await stripeIntent(intentId);
      const event = signedEvent(WEBHOOK_SECRET, 'payment_intent.succeeded', { ...intent, status: 'succeeded', amount_received: intent['amount'] });
      const response = await fetch(`${server.url}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': event.signature },
        body: event.payload,
      });
      if (response.status !== 200) throw new Error(`webhook refused: ${response.status}`);
      return { paymentIntent: { id: intentId, status: 'succeeded' } };
    });
    async function stripeIntent(id: string): Promise<Record<string, unknown>> {
      const response = await fetch(`${stripe.baseUrl}/v1/payment_intents/${id}`, { headers: { authorization: 'Bearer sk_test_fake' } });
      return (await response.json()) as Record<string, unknown>;
    }

    const stay = `/app/properties/${property.id}?checkIn=${daysFromNow(40)}&checkOut=${daysFromNow(42)}&guests=2`;
    await page.goto(`${server.url}/app/signin?next=${encodeURIComponent(stay.slice('/app'.length))}`);
    await page.locator('input[name="email"]').fill(guest.user.email);
    await page.locator('input[name="password"]').fill(guest.password);
    await page.locator('button[type="submit"]').click();
    await page.waitForFunction((path: string) => window.location.pathname + window.location.search === path, {}, stay);
    expect(stripeScripts).toEqual([]);

    await page.locator('button.book:not([disabled])').click();
    await page.waitForSelector('.card-payment input[name="cardnumber"]');
    expect(stripeScripts).toEqual(['https://js.stripe.com/v3/']);
    const asked = await page.evaluate(() => (window as unknown as { __stripe: Record<string, string> }).__stripe);
    expect(asked).toMatchObject({ publishableKey: 'pk_test_web', kind: 'payment', clientSecret: expect.stringMatching(/^pi_fake_\d+_secret_/) });

    await page.locator('.card-payment button[type="submit"]:not([disabled])').click();
    await page.waitForFunction(() => document.body.innerText.includes('Paid and confirmed.'));
    expect(confirmedWith).toEqual({ clientSecret: asked['clientSecret'], redirect: 'if_required' });
    const { myReservations } = await server.client.data(`{ myReservations { edges { node { status payments { status } } } } }`, {}, guest.accessToken);
    expect(myReservations.edges[0].node).toEqual({ status: 'CONFIRMED', payments: [{ status: 'SUCCEEDED' }] });

    const csp = (await fetch(`${server.url}/app/`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self' https://js.stripe.com");
    expect(csp).toContain('frame-src https://js.stripe.com');
    await page.browserContext().close();
  });
});
