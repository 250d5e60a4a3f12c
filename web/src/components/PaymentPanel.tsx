import { useEffect, useRef, useState } from 'react';
import { useClient, useMutation } from 'urql';
import { graphql } from '../gql';
import { loadStripe, type StripeClient, type StripeElements } from '../stripe';
import { ErrorMessage } from './ErrorMessage';

const StartCheckout = graphql(`
  mutation StartCheckout($reservationId: ID!) {
    startCheckout(reservationId: $reservationId) { mode publishableKey clientSecret amount { formatted } holdExpiresAt }
  }
`);

const ConfirmTestPayment = graphql(`
  mutation ConfirmTestPayment($reservationId: ID!) {
    confirmTestPayment(reservationId: $reservationId) { id status payments { status } }
  }
`);

const ReservationStatus = graphql(`
  query ReservationStatus($id: ID!) {
    reservation(id: $id) { id status }
  }
`);

/**
 * Paying a held reservation. Starting checkout (once, when shown) tells the mode: in local mode nothing is
 * charged and `confirmTestPayment` pays; with Stripe the card form is Stripe Elements (CardPayment below).
 */
export function PaymentPanel({ reservationId, onPaid }: { reservationId: string; onPaid: () => void }) {
  const [checkout, startCheckout] = useMutation(StartCheckout);
  const [payment, pay] = useMutation(ConfirmTestPayment);
  const mode = checkout.data?.startCheckout;
  useEffect(() => {
    void startCheckout({ reservationId });
  }, [reservationId, startCheckout]);
  const onPay = async () => {
    const result = await pay({ reservationId });
    if (result.data?.confirmTestPayment.status === 'CONFIRMED') onPaid();
  };
  return (
    <div className="payment">
      <ErrorMessage error={checkout.error ?? payment.error} />
      {mode?.mode === 'LOCAL' ? (
        <>
          <p className="local-mode">Local payment mode: nothing is charged.</p>
          <button type="button" onClick={() => void onPay()} disabled={payment.fetching}>
            Pay {mode.amount.formatted}
          </button>
        </>
      ) : null}
      {mode?.mode === 'STRIPE' && mode.publishableKey ? (
        <CardPayment reservationId={reservationId} publishableKey={mode.publishableKey} clientSecret={mode.clientSecret} amount={mode.amount.formatted} onPaid={onPaid} />
      ) : null}
      {mode?.mode === 'STRIPE' && !mode.publishableKey ? (
        <p className="error">Card payments are not set up on this server (no Stripe publishable key): the stay stays held until it is paid.</p>
      ) : null}
    </div>
  );
}

/**
 * Stripe Elements: the card form is Stripe's (in its own frame), the payment is confirmed by Stripe.js, and the
 * stay is confirmed by the server when Stripe's webhook arrives: the page waits for that, asking every second.
 */
function CardPayment({ reservationId, publishableKey, clientSecret, amount, onPaid }: { reservationId: string; publishableKey: string; clientSecret: string; amount: string; onPaid: () => void }) {
  const client = useClient();
  const target = useRef<HTMLDivElement>(null);
  const [stripe, setStripe] = useState<{ client: StripeClient; elements: StripeElements }>();
  const [state, setState] = useState<{ busy?: boolean; error?: string; waiting?: boolean }>({});

  useEffect(() => {
    let element: { destroy(): void } | undefined;
    let live = true;
    loadStripe(publishableKey).then(
      (loaded) => {
        if (!live || !target.current) return;
        const elements = loaded.elements({ clientSecret });
        const payment = elements.create('payment');
        payment.mount(target.current);
        element = payment;
        setStripe({ client: loaded, elements });
      },
      (error: Error) => live && setState({ error: error.message }),
    );
    return () => {
      live = false;
      element?.destroy();
    };
  }, [publishableKey, clientSecret]);

  const waitForConfirmation = async () => {
    for (let attempt = 0; attempt < 60; attempt += 1) {
      const result = await client.query(ReservationStatus, { id: reservationId }, { requestPolicy: 'network-only' }).toPromise();
      if (result.data?.reservation?.status === 'CONFIRMED') return onPaid();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    setState({ error: 'The payment went through, but the confirmation is late: see My trips in a minute.' });
  };

  const pay = async () => {
    if (!stripe) return;
    setState({ busy: true });
    const { error } = await stripe.client.confirmPayment({ elements: stripe.elements, redirect: 'if_required' });
    if (error) return setState({ error: error.message ?? 'The card was not accepted' });
    setState({ busy: true, waiting: true });
    await waitForConfirmation();
  };

  return (
    <form
      className="card-payment"
      aria-label="Card payment"
      onSubmit={(event) => {
        event.preventDefault();
        void pay();
      }}
    >
      <div ref={target} className="card-element" />
      <ErrorMessage error={state.error} />
      {state.waiting ? <p role="status">Payment received: confirming your stay…</p> : null}
      <button type="submit" disabled={!stripe || state.busy}>
        Pay {amount} by card
      </button>
    </form>
  );
}
