// Which card provider is in use: Stripe when its keys are in the environment, otherwise
// the embedded sandbox gateway, but only while the sandbox is on (demo mode or
// SANDBOX_PAYMENTS=on, see ../../sandbox.ts). In production without Stripe there is none.
import { AppError } from '../../errors';
import { sandboxOn } from '../../sandbox';
import { paymentsConfig } from './config';
import { SandboxProvider } from './sandbox/provider';
import { StripeProvider } from './stripe';
import type { PaymentProvider, ProviderName } from './types';

let stripe: { key: string; provider: StripeProvider } | null = null;
const sandbox = new SandboxProvider();

function stripeProvider(): StripeProvider | null {
  const { stripeSecretKey, stripeWebhookSecret, stripeApi } = paymentsConfig();
  if (!stripeSecretKey || !stripeWebhookSecret) return null;
  const key = `${stripeSecretKey}|${stripeWebhookSecret}|${stripeApi ? `${stripeApi.host}:${stripeApi.port}` : ''}`;
  if (stripe?.key !== key) stripe = { key, provider: new StripeProvider({ secretKey: stripeSecretKey, webhookSecret: stripeWebhookSecret, api: stripeApi }) };
  return stripe.provider;
}

export function providerByName(name: string): PaymentProvider | null {
  if (name === 'sandbox') return sandboxOn('payments') ? sandbox : null;
  if (name === 'stripe') return stripeProvider();
  return null;
}

/** Who takes a new card payment on this server: Stripe, the sandbox (test cards only), or nobody. */
export function cardMode(): 'stripe' | 'sandbox' | null {
  if (stripeProvider()) return 'stripe';
  return sandboxOn('payments') ? 'sandbox' : null;
}

/** Whether this server can take a card payment at all. */
export function cardAvailable(): boolean {
  return cardMode() !== null;
}

/** The provider new card payments go to; refused clearly when there is none. */
export function cardProvider(): PaymentProvider {
  const real = stripeProvider();
  if (real) return real;
  if (sandboxOn('payments')) return sandbox;
  throw new AppError('PRECONDITION_FAILED', 'payments.checkout.card_unavailable', 'Card payment is not available on this server: no card provider is configured.');
}

export type { ProviderName };
