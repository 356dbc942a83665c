// Who checks an address (F36). The embedded rules (./rules.ts) are the default and need no
// network; an external validation service is switched on with
//   PACKBENCH_ADDRESS_PROVIDER=http
//   PACKBENCH_ADDRESS_PROVIDER_URL=https://validator.example/check   (POST { address } → AddressCheckResult-like JSON)
//   PACKBENCH_ADDRESS_PROVIDER_TOKEN=…                                (optional, sent as a Bearer token)
//   PACKBENCH_ADDRESS_PROVIDER_TIMEOUT_MS=3000                        (optional)
// Checkout always runs the embedded rules in-process (no I/O on the hot path); an order checked
// by a provider other than the configured one is checked again before its label is bought.
import { addressCheckStatus, type AddressCheckResult, type AddressMessage } from '$lib/addresses/check';
import type { Address } from '../pocketbase/records';
import { checkAddressRules, formatAddress, normaliseAddress } from '$lib/addresses/rules';

export interface AddressProvider {
  readonly name: string;
  check(address: Address | null): Promise<AddressCheckResult>;
}

export const embeddedProvider: AddressProvider = {
  name: 'embedded',
  check: async (address) => checkAddressRules(address)
};

/**
 * An external service. The embedded rules run first (an address they refuse is not sent out);
 * when the service cannot be reached the embedded answer stands, marked as such, so a label is
 * never blocked by the service being down.
 */
export function httpProvider(url: string, opts: { token?: string; timeoutMs?: number } = {}): AddressProvider {
  return {
    name: 'http',
    async check(address) {
      const local = checkAddressRules(address);
      if (local.status === 'failed' || !address) return local;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
          body: JSON.stringify({ address: normaliseAddress(address) }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 3000)
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body = (await res.json()) as { status?: unknown; messages?: AddressMessage[]; formatted?: string[] };
        const status = addressCheckStatus.parse(body.status);
        return {
          status,
          provider: 'http',
          checked_at: new Date().toISOString(),
          messages: [...local.messages, ...(Array.isArray(body.messages) ? body.messages.slice(0, 20) : [])],
          formatted: Array.isArray(body.formatted) && body.formatted.length ? body.formatted.map(String).slice(0, 10) : formatAddress(normaliseAddress(address))
        };
      } catch (e) {
        console.warn(`[addresses] validation service unavailable, the embedded check stands: ${(e as Error).message}`);
        return local;
      }
    }
  };
}

let configured: AddressProvider | null = null;

/** The provider the environment chose; the embedded rules unless PACKBENCH_ADDRESS_PROVIDER=http. */
export function addressProvider(): AddressProvider {
  if (configured) return configured;
  const kind = process.env.PACKBENCH_ADDRESS_PROVIDER ?? 'embedded';
  const url = process.env.PACKBENCH_ADDRESS_PROVIDER_URL ?? '';
  if (kind === 'http' && url) {
    configured = httpProvider(url, { token: process.env.PACKBENCH_ADDRESS_PROVIDER_TOKEN, timeoutMs: Number(process.env.PACKBENCH_ADDRESS_PROVIDER_TIMEOUT_MS ?? 3000) });
  } else {
    if (kind !== 'embedded') console.warn(`[addresses] PACKBENCH_ADDRESS_PROVIDER=${kind} needs PACKBENCH_ADDRESS_PROVIDER_URL; using the embedded rules`);
    configured = embeddedProvider;
  }
  return configured;
}

/** For tests: forget the chosen provider (or set one). */
export function setAddressProvider(p: AddressProvider | null) {
  configured = p;
}
