/**
 * A delivery that can never succeed as it stands (unknown topic, invalid data, a deleted
 * order, a recipient the server refuses for good): the row goes to `dead` at once instead
 * of being retried. Everything else is retried with backoff.
 */
export class PermanentDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentDeliveryError';
  }
}

/**
 * The row was not tried: its receiver is known to be failing right now (an open circuit,
 * ../webhooks/circuit.ts). Its attempt is given back and it is due again at `until`, so
 * a receiver that is down does not use up every row's attempts nor the worker's time.
 */
export class DeferredDelivery extends Error {
  constructor(readonly until: number) {
    super(`put off until ${new Date(until).toISOString()}`);
    this.name = 'DeferredDelivery';
  }
}
