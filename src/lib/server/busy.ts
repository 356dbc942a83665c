// Interactive work tells this module it is going on (a shopper's checkout); background work
// (the outbox worker) paces itself while it is, and runs at full speed once the burst is
// over. During a checkout rush the confirmation e-mails then wait a little in the outbox
// (which is what it is for) instead of taking CPU from shoppers who are waiting.
let lastBusyAt = -Infinity;

/** an interactive request is being served now */
export function markBusy(now = Date.now()) {
  lastBusyAt = now;
}

/** whether interactive work went on within the last `windowMs` */
export function isBusy(windowMs = 100, now = Date.now()): boolean {
  return now - lastBusyAt < windowMs;
}
