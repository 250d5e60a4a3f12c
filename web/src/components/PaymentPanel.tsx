import { useEffect } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { ErrorMessage } from './ErrorMessage';

const StartCheckout = graphql(`
  mutation StartCheckout($reservationId: ID!) {
    startCheckout(reservationId: $reservationId) { mode publishableKey amount { formatted } holdExpiresAt }
  }
`);

const ConfirmTestPayment = graphql(`
  mutation ConfirmTestPayment($reservationId: ID!) {
    confirmTestPayment(reservationId: $reservationId) { id status payments { status } }
  }
`);

/**
 * Paying a held reservation. Starting checkout (once, when shown) tells the mode: in local mode nothing is
 * charged and `confirmTestPayment` pays; with Stripe the card form would be Stripe Elements, whose script comes
 * from Stripe's origin, which this app never contacts.
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
      {mode?.mode === 'STRIPE' ? (
        <p>Card payments use Stripe Elements; this reference app does not load Stripe’s script (it makes no request to another origin).</p>
      ) : null}
    </div>
  );
}
