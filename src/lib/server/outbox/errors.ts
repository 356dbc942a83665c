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
