import Stripe from 'stripe';
import type { StripeConfig } from '../../config';
import { fromStripeAmount, toStripeAmount } from './stripe-amounts';

/**
 * What staygraph asks of a card processor; Stripe is the one implementation (tests point it at a fake).
 * Amounts on this interface are ISO 4217 minor units; the Stripe implementation converts at the edge.
 */
export interface PaymentIntentSummary {
  id: string;
  clientSecret: string;
  status: string;
  amount: number;
  currency: string;
}

export interface RefundSummary {
  id: string;
  status: string;
}

export interface PaymentGateway {
  createIntent(params: { amount: number; currency: string; metadata: Record<string, string>; idempotencyKey: string }): Promise<PaymentIntentSummary>;
  retrieveIntent(id: string): Promise<PaymentIntentSummary>;
  createRefund(params: { paymentIntentId: string; amount: number; currency: string; metadata: Record<string, string>; idempotencyKey: string }): Promise<RefundSummary>;
  /** Verifies the signature of a webhook's raw body; throws when it does not match. */
  verifyWebhook(rawBody: Buffer, signature: string): Stripe.Event;
}

/** The provider failed or did not answer: nothing was charged or refunded by this call. */
export class PaymentProviderError extends Error {}

const summarize = (intent: Stripe.PaymentIntent): PaymentIntentSummary => ({
  id: intent.id,
  clientSecret: intent.client_secret ?? '',
  status: intent.status,
  amount: fromStripeAmount(intent.amount, intent.currency),
  currency: intent.currency.toUpperCase(),
});

export class StripeGateway implements PaymentGateway {
  private readonly stripe: Stripe;

  constructor(private readonly config: StripeConfig) {
    this.stripe = new Stripe(config.secretKey, {
      ...(config.apiBase ?? {}),
      maxNetworkRetries: 1, // idempotency keys make retries safe
      timeout: 15_000,
    });
  }

  async createIntent({ amount, currency, metadata, idempotencyKey }: Parameters<PaymentGateway['createIntent']>[0]) {
    const stripeAmount = toStripeAmount(amount, currency);
    return this.call(async () =>
      summarize(
        await this.stripe.paymentIntents.create(
          { amount: stripeAmount, currency: currency.toLowerCase(), metadata, automatic_payment_methods: { enabled: true } },
          { idempotencyKey },
        ),
      ),
    );
  }

  async retrieveIntent(id: string) {
    return this.call(async () => summarize(await this.stripe.paymentIntents.retrieve(id)));
  }

  async createRefund({ paymentIntentId, amount, currency, metadata, idempotencyKey }: Parameters<PaymentGateway['createRefund']>[0]) {
    const stripeAmount = toStripeAmount(amount, currency);
    return this.call(async () => {
      const refund = await this.stripe.refunds.create({ payment_intent: paymentIntentId, amount: stripeAmount, metadata }, { idempotencyKey });
      return { id: refund.id, status: refund.status ?? 'pending' };
    });
  }

  verifyWebhook(rawBody: Buffer, signature: string): Stripe.Event {
    return this.stripe.webhooks.constructEvent(rawBody, signature, this.config.webhookSecret);
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      const stripeError = error as { type?: string; message?: string; statusCode?: number };
      throw new PaymentProviderError(
        `Stripe ${stripeError.statusCode ? `answered ${stripeError.statusCode}` : 'did not answer'}: ${stripeError.message ?? String(error)}`,
      );
    }
  }
}
