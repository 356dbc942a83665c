// Environment configuration of the payments module; tests override parts of it. It sits with
// the card providers that read most of it, below ../../refunds (which refunds through them).
export interface PaymentsConfig {
  /** where payment providers reach this app server (the sandbox posts its notifications here) */
  notifyBaseUrl: string;
  /** how long the sandbox gateway waits before it notifies (a real gateway takes a moment too) */
  sandboxNotifyDelayMs: number;
  /** how often the scheduler looks for overdue orders and undelivered sandbox notifications */
  schedulerIntervalMs: number;
  /** Stripe is used for card payments only when both are set */
  stripeSecretKey: string;
  stripeWebhookSecret: string;
  /** tests only: a local stand-in of Stripe's API (never set from the environment) */
  stripeApi?: { host: string; port: number; protocol: 'http' | 'https' };
}

let override: Partial<PaymentsConfig> = {};

export function configurePayments(cfg: Partial<PaymentsConfig>) {
  override = { ...override, ...cfg };
}

function ownUrl(env: NodeJS.ProcessEnv): string {
  const host = !env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT ?? 3000}`;
}

export function paymentsConfig(): PaymentsConfig {
  const env = process.env;
  return {
    notifyBaseUrl: env.PAYMENTS_NOTIFY_BASE_URL ?? ownUrl(env),
    sandboxNotifyDelayMs: Number(env.SANDBOX_NOTIFY_DELAY_MS ?? 1500),
    schedulerIntervalMs: Number(env.PAYMENTS_SCHEDULER_INTERVAL_MS ?? 60_000),
    stripeSecretKey: env.STRIPE_SECRET_KEY ?? '',
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET ?? '',
    ...override
  };
}
