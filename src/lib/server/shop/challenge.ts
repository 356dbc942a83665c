// Anti-automation for anonymous checkout (issue #12, finding 3): a self-hosted proof of work
// (ALTCHA, `altcha-lib`; no third-party service). The shop front fetches a signed challenge
// when the checkout opens and solves it in the background while the shopper types (about a
// second of hashing in a browser); placing the order sends the solution. A script that places
// orders in bulk pays that second of CPU for every order.
//
// - The challenge is signed with a per-install secret (settings, made on first use) and
//   carries a key signature, so checking a solution costs two HMACs.
// - A solution is good once: a second order with the same solution is refused, unless it is
//   the same checkout retried (same idempotency key). Used solutions are remembered for
//   their validity per app server (see docs/security.md), or in Redis shared by all app
//   servers when REDIS_URL is set (issue #17).
// - SHOP_CHALLENGE=off switches it off (benchmarks, trusted kiosks); SHOP_CHALLENGE_MAX_NUMBER
//   sets the work (default 50,000 hashes at most, half that on average).
import { randomBytes, createHmac } from 'node:crypto';
import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { z } from 'zod';
import { redis } from '../cluster/redis';
import { AppError } from '../errors';
import { defineSecret } from '../settings';

const VALID_S = 20 * 60;
const secret = defineSecret('shop_challenge', 'hmac', () => randomBytes(32).toString('hex'));

async function keys() {
  const s = await secret.get();
  const derive = (label: string) => createHmac('sha256', s).update(label).digest('hex');
  return { signature: derive('challenge'), key: derive('key') };
}

export const challengeOn = () => process.env.SHOP_CHALLENGE !== 'off';
const maxNumber = () => Math.max(1, Number(process.env.SHOP_CHALLENGE_MAX_NUMBER ?? 50_000));

/** What the browser solves; null when the check is off. */
export async function newChallenge() {
  if (!challengeOn()) return null;
  const k = await keys();
  return createChallenge({
    algorithm: 'SHA-256',
    cost: 1,
    counter: randomInt(maxNumber()),
    deriveKey,
    expiresAt: Math.floor(Date.now() / 1000) + VALID_S,
    hmacSignatureSecret: k.signature,
    hmacKeySignatureSecret: k.key
  });
}

const hex = (max: number) => z.string().regex(/^[0-9a-f]*$/i).max(max);
export const proofInput = z.object({
  challenge: z.object({
    parameters: z.object({
      algorithm: z.string().max(20),
      nonce: hex(64),
      salt: hex(64),
      cost: z.number().int(),
      keyLength: z.number().int(),
      keyPrefix: hex(128),
      keySignature: hex(128).optional(),
      expiresAt: z.number().optional()
    }),
    signature: hex(128)
  }),
  solution: z.object({ counter: z.number().int().min(0).max(0xffffffff), derivedKey: hex(128) })
});
export type Proof = z.infer<typeof proofInput>;

// signature -> the checkout (idempotency key) that used it, with when it runs out
const used = new Map<string, { key: string; until: number }>();
function remember(signature: string, key: string, until: number) {
  const now = Date.now() / 1000;
  // entries go in roughly by expiry: drop the expired ones from the front
  for (const [sig, u] of used) {
    if (u.until > now) break;
    used.delete(sig);
  }
  used.set(signature, { key, until });
}

const refused = (reason: string) =>
  new AppError('BAD_REQUEST', 'shop.errors.challenge', 'Your browser\u2019s check did not go through. Please send the order again.', { fields: { proof: reason } });

/** Throws unless the proof is a fresh solution of a challenge this shop issued (or this checkout's retry). */
export async function checkProof(proof: Proof | undefined, idempotencyKey: string): Promise<void> {
  if (!challengeOn()) return;
  if (!proof) throw refused('missing');
  const k = await keys();
  const result = await verifySolution({ challenge: proof.challenge, solution: proof.solution, deriveKey, hmacSignatureSecret: k.signature, hmacKeySignatureSecret: k.key });
  if (result.expired) throw refused('expired');
  if (!result.verified) throw refused('invalid');
  const until = proof.challenge.parameters.expiresAt ?? Date.now() / 1000 + VALID_S;
  const client = redis();
  if (client) {
    // the first checkout to use it, whichever app server it reached
    const key = `packbench:proof:${proof.challenge.signature}`;
    const ttl = { type: 'EXAT' as const, value: Math.ceil(until) + 1 };
    if ((await client.set(key, idempotencyKey, { condition: 'NX', expiration: ttl })) !== 'OK' && (await client.get(key)) !== idempotencyKey) throw refused('used');
    return;
  }
  const seen = used.get(proof.challenge.signature);
  if (seen && seen.key !== idempotencyKey) throw refused('used');
  remember(proof.challenge.signature, idempotencyKey, until);
}

/** Tests: forget the secret (another PocketBase) and the used solutions. */
export function forgetChallenges() {
  secret.forget();
  used.clear();
}
