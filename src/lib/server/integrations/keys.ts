// API keys (F43): `pbk_` + 256 random bits, shown once; only the SHA-256 is stored. A key
// is looked up by its hash on every request, so revocation and expiry take effect at once.
import { createHash, randomBytes } from 'node:crypto';
import { API_KEY_PREFIX, type ApiScope } from '$lib/integrations/scopes';
import { AppError } from '../errors';
import { collection, filterValue } from '../pocketbase/client';
import { commitOne, TxFailure, UnitOfWork } from '../pocketbase/tx';

export interface ApiKeyRecord {
  id: string;
  name: string;
  prefix: string;
  hash: string;
  scopes: ApiScope[];
  expires_at: string;
  revoked_at: string;
  last_used_at: string;
  created_by: string;
  created: string;
  updated: string;
}
declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    api_keys: ApiKeyRecord;
  }
}

export const hashKey = (secret: string) => createHash('sha256').update(secret).digest('hex');

export async function createApiKey(input: { name: string; scopes: ApiScope[]; expiresAt?: string | null }, staffId: string) {
  const secret = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  const uow = new UnitOfWork();
  const ref = uow.create('api_keys', {
      name: input.name,
      prefix: secret.slice(0, API_KEY_PREFIX.length + 6),
      hash: hashKey(secret),
      scopes: [...new Set(input.scopes)],
      expires_at: input.expiresAt ?? '',
      revoked_at: '',
      last_used_at: '',
      created_by: staffId
    });
  const done = await uow.commit();
  return { id: done.id(ref), name: input.name, secret };
}

export type ApiKeyView = Omit<ApiKeyRecord, 'hash'>;

export async function listApiKeys(): Promise<ApiKeyView[]> {
  return collection('api_keys').getFullList<ApiKeyView>({ sort: '-created', fields: 'id,name,prefix,scopes,expires_at,revoked_at,last_used_at,created' });
}

export async function revokeApiKey(id: string) {
  const key = await collection('api_keys').getOne(id)
    .catch(() => null);
  if (!key) throw new AppError('NOT_FOUND', 'integrations.errors.key_not_found', 'This API key does not exist.');
  if (key.revoked_at) return { ok: true };
  try {
    await commitOne((uow) => uow.update('api_keys', id, { revoked_at: new Date().toISOString() }));
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'not_found') throw new AppError('NOT_FOUND', 'integrations.errors.key_not_found', 'This API key does not exist.');
    throw e;
  }
  return { ok: true };
}

export type AuthResult = { ok: true; key: ApiKeyRecord } | { ok: false; reason: 'missing' | 'unknown' | 'revoked' | 'expired' };

/** last use is written at most once a minute per key (not one write per request) */
const touched = new Map<string, number>();

export async function authenticate(header: string | null): Promise<AuthResult> {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!m || !m[1].startsWith(API_KEY_PREFIX)) return { ok: false, reason: 'missing' };
  const res = await collection('api_keys').getList(1, 1, { filter: `hash = ${filterValue(hashKey(m[1]))}` });
  const key = res.items[0];
  if (!key) return { ok: false, reason: 'unknown' };
  if (key.revoked_at) return { ok: false, reason: 'revoked' };
  if (key.expires_at && Date.parse(key.expires_at.replace(' ', 'T')) <= Date.now()) return { ok: false, reason: 'expired' };
  const last = touched.get(key.id) ?? 0;
  if (Date.now() - last > 60_000) {
    touched.set(key.id, Date.now());
    void commitOne((uow) => uow.update('api_keys', key.id, { last_used_at: new Date().toISOString() })).catch(() => touched.delete(key.id));
  }
  return { ok: true, key };
}

/** how the key appears on order timelines */
export const keyLabel = (key: Pick<ApiKeyRecord, 'name'>) => `API: ${key.name}`;
