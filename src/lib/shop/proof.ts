// The checkout's proof of work (issue #12, finding 3): fetched and solved in the background
// as soon as the checkout opens, so it is usually ready before the shopper has typed their
// address. A proof belongs to one checkout (idempotency key): a retry sends the same one, the
// next order needs a new one. See src/lib/server/shop/challenge.ts.
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/sha';
import { TRPCClientError } from '@trpc/client';
import { trpc, type RouterInputs } from '$lib/trpc';

export type Proof = NonNullable<RouterInputs['shop']['placeOrder']['proof']>;

export class CheckoutProof {
  #pending: Promise<Proof | undefined> | null = null;

  /** starts working on a proof unless one is on its way */
  start() {
    if (!this.#pending) {
      const p = this.#make();
      // a failed fetch is retried by the next take()
      p.catch(() => this.#pending === p && (this.#pending = null));
      this.#pending = p;
    }
  }

  /** the proof for this checkout (undefined when the shop does not ask for one) */
  take(): Promise<Proof | undefined> {
    this.start();
    return this.#pending!;
  }

  /** the proof was used (order placed) or refused (expired): work on a new one */
  renew() {
    this.#pending = null;
    this.start();
  }

  async #make(): Promise<Proof | undefined> {
    const challenge = await trpc.shop.challenge.query();
    if (!challenge) return undefined;
    const solution = await solveChallenge({ challenge, deriveKey });
    if (!solution) throw new Error('The browser check did not finish.');
    return { challenge: challenge as Proof['challenge'], solution: { counter: solution.counter, derivedKey: solution.derivedKey } };
  }
}

/** the server refused the proof (expired, used, missing): worth one retry with a new one */
export const proofRefused = (e: unknown) => e instanceof TRPCClientError && (e.data as { app?: { key?: string } } | undefined)?.app?.key === 'shop.errors.challenge';
