import { CANCEL, StripeWorld, succeededIntent } from './support/stripe-harness';

/**
 * The payment webhook and a guest's cancellation race for the same reservation. Every writer takes its
 * locks in one order (room → reservation → payment → refund), so neither waits on the other in a cycle; and
 * the end state is one of the legal ones, every time.
 */
describe('pay versus cancel', () => {
  // STRICT, more than 7 days before check-in: a guest's cancellation refunds 50 %, so the two outcomes
  // (cancelled after paying; paid after cancelling) leave refunds of different amounts.
  const world = new StripeWorld('STRICT');

  beforeAll(() => world.start());
  afterAll(() => world.stop());

  it('50 rounds of (payment_intent.succeeded ∥ guest cancels): no internal error, a consistent end every time', async () => {
    const token = await world.as(world.guest);
    const failures: string[] = [];
    const outcomes = { confirmed: 0, cancelledAfterPaying: 0, paidAfterCancelling: 0 };
    for (let round = 0; round < 50; round += 1) {
      const { reservation, intentId, amount } = await world.bookAndCheckout(token);
      const [hook, cancel] = await Promise.all([
        world.webhook('payment_intent.succeeded', succeededIntent(intentId, amount, reservation.id)),
        world.server.client.request(CANCEL, { id: reservation.id }, token),
      ]);
      if (hook.status !== 200) failures.push(`round ${round}: webhook answered ${hook.status}`);
      const cancelCode = cancel.errors?.[0]?.extensions?.code;
      if (cancel.status >= 500 || (cancelCode && cancelCode !== 'CONFLICT')) failures.push(`round ${round}: cancel answered ${cancel.status} ${cancelCode}`);

      await world.server.app.services.refunds.processDue();
      const after = await world.read(reservation.id, token);
      const refunds = after.refunds.filter((r: any) => r.status !== 'FAILED' && r.status !== 'CANCELED');
      const confirmedFirst = after.history.some((h: any) => h.to === 'CONFIRMED');
      if (after.payments[0]?.status !== 'SUCCEEDED') {
        failures.push(`round ${round}: payment ${after.payments[0]?.status}, reservation ${after.status}`);
        continue;
      }
      if (after.status === 'CONFIRMED') {
        expect(refunds).toEqual([]);
        outcomes.confirmed += 1;
      } else if (after.status === 'CANCELLED' && confirmedFirst) {
        // Paid, then cancelled: the policy's half of what was captured.
        expect(after.refundAmount).toEqual({ amount: Math.round(amount / 2) });
        expect(refunds).toMatchObject([{ amount: { amount: Math.round(amount / 2) }, reason: 'cancellation, per the cancellation policy' }]);
        outcomes.cancelledAfterPaying += 1;
      } else if (after.status === 'CANCELLED') {
        // Cancelled while unpaid (nothing to refund then), and the late payment goes back in full.
        expect(after.refundAmount).toBeNull();
        expect(refunds).toMatchObject([{ amount: { amount }, reason: 'paid after the reservation was cancelled' }]);
        outcomes.paidAfterCancelling += 1;
      } else {
        failures.push(`round ${round}: ended ${after.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(outcomes.confirmed + outcomes.cancelledAfterPaying + outcomes.paidAfterCancelling).toBe(50);
  }, 180_000);
});
