// Managers register and revoke packing tablets and set packer PINs (F14, F44).
import { z } from 'zod';
import { config } from '../../config';
import {
  DEVICE_COOKIE,
  DEVICE_COOKIE_MAX_AGE,
  createPairing,
  listDevices,
  pairDevice,
  registerDevice,
  revokeDevice,
  updateDevice
} from '../../devices/devices';
import { staffPins, unlockPin } from '../../devices/pins';
import { AppError } from '../../errors';
import { RateLimiter } from '../../cluster/rate-limit';
import { clearPinNow, setPinNow } from '../../staff/manage';
import type { Context } from '../context';
import { managerProcedure, publicProcedure, recordId, router } from '../trpc';

const deviceName = z.string().trim().min(1, 'Give the tablet a name').max(80);
// pairing codes have 40 bits and live 15 minutes; 10 tries per address in 15 minutes on top
const pairingLimiter = new RateLimiter('pairing', 10, 15 * 60_000);

function setDeviceCookie(ctx: Context, secret: string) {
  ctx.cookies.set(DEVICE_COOKIE, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config().secureCookies,
    maxAge: DEVICE_COOKIE_MAX_AGE
  });
}

export const devicesRouter = router({
  list: managerProcedure.query(async () => {
    const [devices, staff] = await Promise.all([listDevices(), staffPins()]);
    return { devices, staff };
  }),

  /** The manager holds the tablet: it becomes a registered tablet at once. */
  registerHere: managerProcedure.input(z.object({ name: deviceName })).mutation(async ({ input, ctx }) => {
    const { secret, device } = await registerDevice(input.name, ctx.session.staff.id, ctx.userAgent);
    setDeviceCookie(ctx, secret);
    return device;
  }),

  /** From the office: a code to type into the tablet within 15 minutes. */
  createPairing: managerProcedure
    .input(z.object({ name: deviceName }))
    .mutation(({ input, ctx }) => createPairing(input.name, ctx.session.staff.id)),

  /** On the tablet, without anyone signed in. */
  pair: publicProcedure.input(z.object({ code: z.string().trim().min(6).max(20) })).mutation(async ({ input, ctx }) => {
    const wait = await pairingLimiter.hit(ctx.ip);
    if (wait > 0) throw new AppError('TOO_MANY_REQUESTS', 'pack.errors.too_many_pairings', `Too many attempts. Try again in ${wait} s.`, { seconds: wait });
    const { secret, device } = await pairDevice(input.code, ctx.userAgent);
    setDeviceCookie(ctx, secret);
    return device;
  }),

  update: managerProcedure
    .input(z.object({ id: recordId, name: deviceName.optional(), idleLockSeconds: z.number().int().min(30).max(3600).optional() }))
    .mutation(({ input }) => updateDevice(input.id, input)),

  revoke: managerProcedure.input(z.object({ id: recordId })).mutation(({ input }) => revokeDevice(input.id)),

  setPin: managerProcedure
    .input(z.object({ staffId: recordId, pin: z.string().max(8) /* length and patterns: pinWeakness, with a translated message */ }))
    .mutation(async ({ input, ctx }) => {
      // the staff rules and the audit list apply here too (issue #14)
      await setPinNow(ctx.session.staff, input.staffId, input.pin);
      return { ok: true };
    }),

  clearPin: managerProcedure.input(z.object({ staffId: recordId })).mutation(async ({ input, ctx }) => {
    await clearPinNow(ctx.session.staff, input.staffId);
    return { ok: true };
  }),

  /** a PIN locked after wrong tries opens again (issue #12, finding 6) */
  unlockPin: managerProcedure.input(z.object({ staffId: recordId })).mutation(({ input }) => unlockPin(input.staffId))
});
