import { StripeWorld, succeededIntent, type Json } from './support/stripe-harness';

/**
 * Stripe delivers events in any order, and may deliver them before checkout has recorded the intent. Every
 * order of (payment_intent.succeeded, charge.refunded, refund.updated) for one intent must end in the state
 * the in-order delivery reaches; nothing is dropped and nothing is answered 500.
 */
describe('Stripe events in any order', () => {
  const world = new StripeWorld('MODERATE');
  let round = 0;

  beforeAll(() => world.start());
  afterAll(() => world.stop());

  const KINDS = ['succeeded', 'charge.refunded', 'refund.updated'] as const;
  type Kind = (typeof KINDS)[number];
  const permutations = <T,>(items: readonly T[]): T[][] =>
    items.length <= 1 ? [items.slice()] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));

  /** Delivers the events of one intent in `order`; `refunded` is how much was refunded at Stripe's dashboard. */
  async function deliver(order: Kind[], refunded: 'part' | 'all', withCheckout: boolean) {
    round += 1;
    const token = await world.as(world.guest);
    let reservation: Json;
    let intentId: string;
    if (withCheckout) {
      ({ reservation, intentId } = await world.bookAndCheckout(token));
    } else {
      // The webhook beats checkout: we have no payment for this intent yet.
      reservation = await world.book(token);
      intentId = `pi_order_${round}`;
    }
    const amount = reservation.total.amount as number;
    const refundAmount = refunded === 'all' ? amount : 5_000;
    const refundObject = { id: `re_dashboard_${round}`, object: 'refund', amount: refundAmount, payment_intent: intentId, status: 'succeeded', metadata: {} };
    const events: Record<Kind, [string, Json]> = {
      succeeded: ['payment_intent.succeeded', succeededIntent(intentId, amount, reservation.id)],
      'charge.refunded': ['charge.refunded', { id: `ch_${round}`, object: 'charge', payment_intent: intentId, amount, amount_refunded: refundAmount, refunds: { data: [refundObject] } }],
      'refund.updated': ['refund.updated', refundObject],
    };
    const statuses: number[] = [];
    for (const kind of order) statuses.push((await world.webhook(...events[kind])).status);
    const state = await world.read(reservation.id, token);
    return {
      statuses,
      // What must not depend on the order (the history may: an in-order stay was confirmed for a while).
      end: {
        status: state.status,
        refundAmount: state.refundAmount,
        payments: state.payments.map((p: Json) => ({ status: p.status, amount: p.amount.amount, amountRefunded: p.amountRefunded.amount })),
        refunds: state.refunds.map((r: Json) => ({ amount: r.amount.amount, status: r.status, reason: r.reason, fromStripe: r.stripeRefundId === refundObject.id })),
      },
    };
  }

  for (const refunded of ['part', 'all'] as const) {
    it(`converges for every order, with or without checkout first (${refunded === 'part' ? 'a partial' : 'a full'} refund at Stripe)`, async () => {
      const inOrder = await deliver([...KINDS], refunded, true);
      expect(inOrder.statuses).toEqual([200, 200, 200]);
      if (refunded === 'part') {
        expect(inOrder.end).toMatchObject({
          status: 'CONFIRMED',
          payments: [{ status: 'SUCCEEDED', amountRefunded: 5_000 }],
          refunds: [{ amount: 5_000, status: 'SUCCEEDED', reason: 'refunded at Stripe', fromStripe: true }],
        });
      } else {
        // All the money went back: no payment holds the booking any more.
        expect(inOrder.end).toMatchObject({ status: 'CANCELLED', refundAmount: null, payments: [{ status: 'SUCCEEDED' }], refunds: [{ reason: 'refunded at Stripe' }] });
        expect(inOrder.end.payments[0].amountRefunded).toBe(inOrder.end.payments[0].amount);
      }
      const differing: string[] = [];
      for (const withCheckout of [true, false]) {
        for (const order of permutations(KINDS)) {
          const run = await deliver(order, refunded, withCheckout);
          const label = `${order.join(' → ')} (${withCheckout ? 'after checkout' : 'before checkout'})`;
          if (run.statuses.some((status) => status !== 200)) differing.push(`${label}: answered ${run.statuses.join(', ')}`);
          if (JSON.stringify(run.end) !== JSON.stringify(inOrder.end)) differing.push(`${label}: ended ${JSON.stringify(run.end)}`);
        }
      }
      expect(differing).toEqual([]);
    }, 120_000);
  }
});
