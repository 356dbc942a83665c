// Interactive work tells this module when it has to queue (checkouts waiting for PocketBase,
// see ../orders/place.ts): the server is saturated. Background work (the outbox worker) then
// paces itself, and runs at full speed again once nothing queues. During a checkout rush the
// e-mails wait in the outbox (which is what it is for) instead of taking CPU from shoppers;
// on an ordinary busy day nothing queues and mail goes out at once.
let lastBusyAt = -Infinity;

/** interactive work had to queue just now */
export function markBusy(now = Date.now()) {
  lastBusyAt = now;
}

/** whether interactive work queued within the last `windowMs` */
export function isBusy(windowMs = 100, now = Date.now()): boolean {
  return now - lastBusyAt < windowMs;
}
