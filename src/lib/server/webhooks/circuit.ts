// A receiver that fails is not asked again for every waiting event (F43, #16). After a failed
// delivery its circuit opens for a backoff that doubles with each further failure (the
// webhook retry policy's base and cap). While it is open the endpoint's rows are not tried:
// the outbox worker leaves them out, a row already in hand is put off without using up an
// attempt, and new events for it are written due when it reopens. When it reopens, one
// delivery goes as a probe while the others wait; a success closes the circuit and the
// backlog flows, a failure opens it again for longer. So a receiver that is down or hangs
// costs one request per backoff, not one per event, and never holds up the healthy ones.
// Kept per app-server process: each learns on its own first failure.
import { DEFAULT_RETRY, type RetryPolicy } from '../outbox/retry';

interface Circuit {
  until: number;
  /** how long it was last opened for */
  span: number;
  failures: number;
  probing: boolean;
}

const circuits = new Map<string, Circuit>();

/**
 * May a delivery to the endpoint go now? null: yes (while half-open it is the probe);
 * otherwise the time to put it off until.
 */
export function admit(endpointId: string, now = Date.now()): number | null {
  const c = circuits.get(endpointId);
  if (!c) return null;
  if (c.until > now) return c.until;
  if (c.probing) return now + c.span;
  c.probing = true;
  return null;
}

/** a delivery to the endpoint failed: (re)open its circuit */
export function tripped(endpointId: string, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'> = DEFAULT_RETRY, now = Date.now()) {
  const failures = (circuits.get(endpointId)?.failures ?? 0) + 1;
  const span = Math.min(policy.capMs, policy.baseMs * 2 ** (failures - 1));
  circuits.set(endpointId, { failures, span, until: now + span, probing: false });
}

/** a delivery to the endpoint succeeded; true when its circuit was open (its backlog may flow now) */
export function closed(endpointId: string): boolean {
  return circuits.delete(endpointId);
}

/** the endpoints held back now (open, or a probe under way), and when the first of them may be looked at again */
export function heldEndpoints(now = Date.now()): { recipients: string[]; until: number } {
  const recipients: string[] = [];
  let until = Infinity;
  for (const [id, c] of circuits) {
    if (c.until <= now && !c.probing) continue;
    recipients.push(id);
    until = Math.min(until, c.until > now ? c.until : now + c.span);
  }
  return { recipients, until };
}

/** forget every circuit (tests) */
export function resetCircuits() {
  circuits.clear();
}

/** until when new events for the endpoint wait (its circuit is open), or null */
export function openUntil(endpointId: string, now = Date.now()): number | null {
  const c = circuits.get(endpointId);
  return c && (c.until > now || c.probing) ? Math.max(c.until, now) : null;
}
