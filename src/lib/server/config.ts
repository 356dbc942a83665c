// Environment configuration, read once. Everything has an embedded default.
export interface ServerConfig {
  pocketbaseUrl: string;
  superuserEmail: string;
  superuserPassword: string;
  shopTimeZone: string;
  secureCookies: boolean;
  sessionDays: number;
  /** a staff (password) session unused this long ends (issue #12, finding 6); 0 = never */
  sessionIdleMinutes: number;
}

let override: Partial<ServerConfig> | null = null;

/** Tests point the server modules at their own PocketBase. */
export function configureServer(cfg: Partial<ServerConfig>) {
  override = { ...(override ?? {}), ...cfg };
}

export function config(): ServerConfig {
  const env = process.env;
  return {
    pocketbaseUrl: env.POCKETBASE_URL ?? 'http://127.0.0.1:8090',
    superuserEmail: env.PB_SUPERUSER_EMAIL ?? '',
    superuserPassword: env.PB_SUPERUSER_PASSWORD ?? '',
    shopTimeZone: env.SHOP_TIME_ZONE ?? 'Europe/Berlin',
    secureCookies: env.SECURE_COOKIES === 'true' || (env.ORIGIN ?? '').startsWith('https:'),
    sessionDays: Number(env.SESSION_DAYS ?? 14),
    sessionIdleMinutes: Number(env.SESSION_IDLE_MINUTES ?? 480),
    ...override
  };
}
