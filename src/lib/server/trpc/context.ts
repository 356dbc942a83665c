import type { Cookies } from '@sveltejs/kit';
import type { StaffSession } from '../auth/sessions';

export interface Context {
  session: StaffSession | null;
  /** the request's cookie jar: sign-in and sign-out set the session cookie */
  cookies: Pick<Cookies, 'get' | 'set' | 'delete'>;
  ip: string;
  userAgent: string;
}
