// Which card provider is in use: Stripe when its keys are in the environment, otherwise
// the embedded sandbox gateway. The sandbox's webhook path always answers, so notifications
// still pending from before a switch to Stripe are applied.
import { paymentsConfig } from '../config';
import { SandboxProvider } from './sandbox/provider';
import { StripeProvider } from './stripe';
import type { PaymentProvider, ProviderName } from './types';

let stripe: { key: string; provider: StripeProvider } | null = null;
const sandbox = new SandboxProvider();

function stripeProvider(): StripeProvider | null {
  const { stripeSecretKey, stripeWebhookSecret } = paymentsConfig();
  if (!stripeSecretKey || !stripeWebhookSecret) return null;
  const key = `${stripeSecretKey}|${stripeWebhookSecret}`;
  if (stripe?.key !== key) stripe = { key, provider: new StripeProvider({ secretKey: stripeSecretKey, webhookSecret: stripeWebhookSecret }) };
  return stripe.provider;
}

export function providerByName(name: string): PaymentProvider | null {
  if (name === 'sandbox') return sandbox;
  if (name === 'stripe') return stripeProvider();
  return null;
}

/** The provider new card payments go to. */
export function cardProvider(): PaymentProvider {
  return stripeProvider() ?? sandbox;
}

export type { ProviderName };
