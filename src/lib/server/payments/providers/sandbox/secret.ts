// The sandbox gateway's signing secret: random per install, kept in PocketBase settings
// (key 'sandbox_gateway'), never in the repository. Both the gateway (signing) and the
// shop side (verifying) read it, as a merchant would copy it from a real gateway.
import { randomBytes } from 'node:crypto';
import { config } from '../../../config';
import { filterValue, pb } from '../../../pocketbase/client';

const KEY = 'sandbox_gateway';
const cache = new Map<string, Promise<string>>();

async function readSecret(): Promise<string | null> {
  const res = await pb().collection('settings').getList<{ value: { signingSecret?: string } | null }>(1, 1, { filter: `key = ${filterValue(KEY)}` });
  const secret = res.items[0]?.value?.signingSecret;
  return typeof secret === 'string' && secret.length >= 32 ? secret : null;
}

async function loadOrCreate(): Promise<string> {
  const existing = await readSecret();
  if (existing) return existing;
  const secret = `whsec_sbx_${randomBytes(32).toString('base64url')}`;
  try {
    await pb().collection('settings').create({ key: KEY, value: { signingSecret: secret } });
    return secret;
  } catch (e) {
    // created by a concurrent first use: everyone uses the stored one
    const raced = await readSecret();
    if (raced) return raced;
    throw e;
  }
}

export function sandboxSigningSecret(): Promise<string> {
  const key = config().pocketbaseUrl;
  let secret = cache.get(key);
  if (!secret) {
    secret = loadOrCreate();
    cache.set(key, secret);
    secret.catch(() => cache.delete(key));
  }
  return secret;
}
