// Anonymous checkout in tests: every order carries a solved proof of work, as the shop
// front's browser sends it (issue #12, finding 3). The integration project runs with a small
// SHOP_CHALLENGE_MAX_NUMBER, so solving takes a few hundred hashes; the E2E app server keeps
// the default. A retried input (same idempotency key) sends the same proof, as the browser does.
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { newChallenge, type Proof } from '../../src/lib/server/shop/challenge';

export async function solve(challenge: Challenge): Promise<Proof> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('the challenge could not be solved');
  return { challenge: challenge as Proof['challenge'], solution: { counter: solution.counter, derivedKey: solution.derivedKey } };
}

const proofs = new Map<string, Promise<Proof | undefined>>();

/** The input with a proof for its checkout; `fetchChallenge` asks a running app server instead of this process. */
export async function proven<T extends { idempotencyKey: string }>(input: T, fetchChallenge: () => Promise<Challenge | null> = newChallenge): Promise<T & { proof?: Proof }> {
  let proof = proofs.get(input.idempotencyKey);
  if (!proof) {
    proof = fetchChallenge().then((c) => (c ? solve(c) : undefined));
    proofs.set(input.idempotencyKey, proof);
    // a server that did not answer (a drill kills it): the next try asks again
    proof.catch(() => proofs.delete(input.idempotencyKey));
  }
  return { ...input, proof: await proof };
}
