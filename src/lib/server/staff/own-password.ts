// Everyone chooses their own password (issue #14): after a one-time password (new account,
// reset) they must, and anyone may change theirs any time. The current password is checked
// (rate-limited); their other sessions end.
import { SignInError, forgetSession, forgetStaff, verifyPassword, type StaffSession } from '../auth/sessions';
import { AppError } from '../errors';
import { TxFailure, UnitOfWork } from '../pocketbase/tx';
import { RateLimiter } from '../cluster/rate-limit';
import { audit } from './audit';
import { getStaff, liveSessions } from './queries';

const limiter = new RateLimiter('own-password', 5, 15 * 60_000);

export async function changeOwnPassword(session: Pick<StaffSession, 'sessionId' | 'staff' | 'method'>, input: { current: string; next: string }) {
  const me = session.staff;
  if (session.method === 'pin') throw new AppError('FORBIDDEN', 'staff.errors.not_on_tablet', 'Change your password on an office computer, not on a shared tablet.');
  const wait = await limiter.hit(me.id);
  if (wait > 0) throw new AppError('TOO_MANY_REQUESTS', 'auth.too_many_attempts', `Too many attempts. Try again in ${wait} s.`, { seconds: wait });
  try {
    await verifyPassword(me.email, input.current);
  } catch (e) {
    if (e instanceof SignInError) throw new AppError('BAD_REQUEST', 'staff.errors.wrong_current', 'Your current password is not right.', { field: 'current' });
    throw e;
  }
  await limiter.reset(me.id);
  if (input.next === input.current) throw new AppError('BAD_REQUEST', 'staff.errors.same_password', 'Choose a password other than the one-time password.', { field: 'next' });
  const target = await getStaff(me.id);
  const others = (await liveSessions(me.id)).filter((id) => id !== session.sessionId);
  const uow = new UnitOfWork();
  uow.update('staff', me.id, { password: input.next, passwordConfirm: input.next, must_change_password: false }, { ifVersion: target.version ?? 0 });
  for (const id of others) uow.update('sessions', id, { revoked: true });
  audit(uow, { id: me.id, name: me.name }, target, 'password_changed', others.length ? { sessions: others.length } : {});
  uow.afterCommit(() => {
    forgetStaff(me.id);
    for (const id of others) forgetSession(id);
  });
  try {
    await uow.commit();
  } catch (e) {
    if (e instanceof TxFailure && e.code === 'version_conflict') {
      throw new AppError('CONFLICT', 'staff.errors.changed', `Someone else changed ${me.name} a moment ago. Look at the list again and retry.`, { name: me.name });
    }
    throw e;
  }
  return { ok: true };
}
