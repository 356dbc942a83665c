// Errors a user can act on. `key` is an i18n key the client translates; `message` is the
// English fallback. Anything else reaching the API boundary is reported without details.
export type AppErrorCode = 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHORIZED' | 'TOO_MANY_REQUESTS' | 'PRECONDITION_FAILED';

export class AppError extends Error {
  constructor(
    public code: AppErrorCode,
    public key: string,
    message: string,
    public params: Record<string, unknown> = {}
  ) {
    super(message);
    this.name = 'AppError';
  }
}
