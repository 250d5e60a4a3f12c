import { registerGuest } from './graphql-client';
import { ADMIN, CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, signIn, type TestHost } from './fixtures';
import { FakeStripe, signedEvent } from './fake-stripe';
import { TestClock } from './test-clock';
import { startTestServer, type TestServer } from './test-server';

export const WEBHOOK_SECRET = 'whsec_test_secret';
export const CHECKOUT = `mutation ($id: ID!) { startCheckout(reservationId: $id) { paymentIntentId amount { amount currency } holdExpiresAt } }`;
export const CANCEL = `mutation ($id: ID!) { cancelReservation(id: $id) { status refundAmount { amount } } }`;
export const RESERVATION = `query ($id: ID!) { reservation(id: $id) {
  id status total { amount } refundAmount { amount }
  payments { intentId status amount { amount currency } amountRefunded { amount } failureMessage }
  refunds { amount { amount } status reason stripeRefundId }
  history { from to actorRole reason }
} }`;

export interface Account {
  email: string;
  password: string;
}

export type Json = Record<string, any>;

export const succeededIntent = (intentId: string, amount: number, reservationId?: string, currency = 'eur') => ({
  id: intentId, object: 'payment_intent', amount, amount_received: amount, currency, status: 'succeeded',
  metadata: reservationId ? { reservationId } : {},
});

/**
 * A server with Stripe keys pointed at the fake Stripe, a host with one property and room, and a guest:
 * the common ground of the payment tests, with helpers that go through the public API and the webhook.
 */
export class StripeWorld {
  readonly fake = new FakeStripe();
  readonly clock = new TestClock(new Date('2027-05-01T10:00:00Z'));
  server!: TestServer;
  host!: TestHost;
  guest!: Account;
  roomId!: string;
  private next = 0;

  /** More server environment (set before start). */
  env: Record<string, string> = {};

  constructor(private readonly policy = 'MODERATE') {}

  async start(): Promise<void> {
    await this.fake.start();
    this.server = await startTestServer(
      {
        ...adminEnv,
        STRIPE_SECRET_KEY: 'sk_test_fake',
        STRIPE_PUBLISHABLE_KEY: 'pk_test_fake',
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_BASE: this.fake.baseUrl,
        ...this.env,
      },
      { clock: this.clock },
    );
    this.host = await createHost(this.server.client);
    const registered = await registerGuest(this.server.client);
    this.guest = { email: registered.user.email, password: registered.password };
    const property = await createProperty(this.server.client, this.host.token, { name: `Casa ${this.policy}`, cancellationPolicy: this.policy, timeZone: 'Europe/Madrid' });
    this.roomId = (await createRoom(this.server.client, this.host.token, property.id, { basePricePerNight: { amount: 12_345, currency: 'EUR' } })).id;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    await this.fake.stop();
  }

  as(account: Account): Promise<string> {
    return signIn(this.server.client, account);
  }

  admin(): Promise<string> {
    return signIn(this.server.client, ADMIN);
  }

  async webhook(type: string, object: Json, id?: string): Promise<{ status: number; body: Json; id: string }> {
    const event = signedEvent(WEBHOOK_SECRET, type, object, id);
    const response = await fetch(`${this.server.url}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': event.signature },
      body: event.payload,
    });
    return { status: response.status, body: (await response.json()) as Json, id: event.id };
  }

  /** A fresh PENDING reservation of two nights on dates of its own. */
  async book(token?: string): Promise<{ id: string; code: string; checkIn: string; total: { amount: number } }> {
    this.next += 1;
    const checkIn = new Date(Date.UTC(2027, 5, 1 + this.next * 3)).toISOString().slice(0, 10);
    const checkOut = new Date(Date.UTC(2027, 5, 3 + this.next * 3)).toISOString().slice(0, 10);
    const { createReservation } = await this.server.client.data(
      CREATE_RESERVATION,
      { input: { roomId: this.roomId, checkIn, checkOut, guests: 2 } },
      token ?? (await this.as(this.guest)),
    );
    return createReservation;
  }

  async bookAndCheckout(token?: string) {
    const guestToken = token ?? (await this.as(this.guest));
    const reservation = await this.book(guestToken);
    const { startCheckout } = await this.server.client.data(CHECKOUT, { id: reservation.id }, guestToken);
    return { reservation, intentId: startCheckout.paymentIntentId as string, amount: startCheckout.amount.amount as number, token: guestToken };
  }

  async read(id: string, token?: string): Promise<Json> {
    return (await this.server.client.data(RESERVATION, { id }, token ?? (await this.admin()))).reservation;
  }
}
