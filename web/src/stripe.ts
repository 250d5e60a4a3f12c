/**
 * Stripe.js, loaded from Stripe (it must be: Stripe serves it to keep card data off this page) only when the
 * server answers checkout in STRIPE mode. Local mode never loads it, so the app stays offline-capable.
 */
export interface StripeElement {
  mount(target: HTMLElement): void;
  destroy(): void;
}

export interface StripeElements {
  create(kind: 'payment'): StripeElement;
}

export interface StripeClient {
  elements(options: { clientSecret: string }): StripeElements;
  confirmPayment(options: { elements: StripeElements; redirect: 'if_required' }): Promise<{
    error?: { message?: string };
    paymentIntent?: { status: string };
  }>;
}

declare global {
  interface Window {
    Stripe?: (publishableKey: string) => StripeClient;
  }
}

const STRIPE_JS = 'https://js.stripe.com/v3/';
let loading: Promise<NonNullable<Window['Stripe']>> | undefined;

export function loadStripe(publishableKey: string): Promise<StripeClient> {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = STRIPE_JS;
    script.onload = () => (window.Stripe ? resolve(window.Stripe) : reject(new Error('Stripe.js did not load')));
    script.onerror = () => {
      loading = undefined;
      reject(new Error('Stripe.js could not be loaded: check the connection and try again'));
    };
    document.head.append(script);
  });
  return loading.then((Stripe) => Stripe(publishableKey));
}
