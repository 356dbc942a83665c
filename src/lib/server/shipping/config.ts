// Shipping's environment, read on every call so tests (and a restart) can change it.
// Secrets come from the environment only; the sandbox courier's secret lives in settings.
export interface ShippingConfig {
  sendcloud: {
    publicKey: string;
    secretKey: string;
    webhookSecret: string;
    baseUrl: string;
    shippingMethodId: number;
    /** F39: Sendcloud's shipping option for return parcels (Returns API v3, e.g. "dhl_de:return/return"); '' = no return labels */
    returnShippingOption: string;
  } | null;
  /** time between two sandbox tracking events of a parcel, unless the 'couriers' setting says otherwise */
  sandboxStepMs: number;
  /** where the sandbox courier posts its notifications; default: this app server */
  sandboxWebhookBase: string;
  sandboxScheduler: boolean;
  /** tracking page data requests and live-update joins per IP and minute */
  trackRequestsPerMinute: number;
  trackJoinsPerMinute: number;
  /** public address of the app for links in e-mails ('' = relative links) */
  publicUrl: string;
}

let override: Partial<ShippingConfig> = {};

/** Tests point shipping at their own servers and speeds. */
export function configureShipping(cfg: Partial<ShippingConfig>) {
  override = { ...override, ...cfg };
}

export function resetShippingConfig() {
  override = {};
}

const num = (v: string | undefined, fallback: number) => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : fallback);

export function shippingConfig(): ShippingConfig {
  const env = process.env;
  const host = !env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  const sendcloud =
    env.SENDCLOUD_PUBLIC_KEY && env.SENDCLOUD_SECRET_KEY
      ? {
          publicKey: env.SENDCLOUD_PUBLIC_KEY,
          secretKey: env.SENDCLOUD_SECRET_KEY,
          webhookSecret: env.SENDCLOUD_WEBHOOK_SECRET || env.SENDCLOUD_SECRET_KEY,
          baseUrl: (env.SENDCLOUD_BASE_URL || 'https://panel.sendcloud.sc/api/v2').replace(/\/+$/, ''),
          shippingMethodId: num(env.SENDCLOUD_SHIPPING_METHOD_ID, 8),
          returnShippingOption: env.SENDCLOUD_RETURN_SHIPPING_OPTION ?? ''
        }
      : null;
  return {
    sendcloud,
    sandboxStepMs: num(env.SANDBOX_COURIER_STEP_MS, 120_000),
    sandboxWebhookBase: (env.SANDBOX_COURIER_WEBHOOK_URL || `http://${host}:${env.PORT || 3000}`).replace(/\/+$/, ''),
    sandboxScheduler: env.SANDBOX_COURIER !== 'off',
    trackRequestsPerMinute: num(env.TRACK_RATE_LIMIT, 60),
    trackJoinsPerMinute: num(env.TRACK_JOIN_LIMIT, 30),
    publicUrl: (env.PUBLIC_URL || env.ORIGIN || '').replace(/\/+$/, ''),
    ...override
  };
}
