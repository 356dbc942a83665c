// The packing tablet (F12-F17, F44). Unlocking works only on a registered tablet; everything
// else is for packers and returns packer projections (no prices, payments, e-mail, phone).
import { z } from 'zod';
import { locale } from '$lib/i18n/locales';
import { SESSION_COOKIE, revokeSession, setSessionCookie } from '../../auth/sessions';
import { DEVICE_COOKIE, readDevice, touchDevice } from '../../devices/devices';
import { PIN_SESSION_MS, tabletPackers, unlockWithPin } from '../../devices/pins';
import { AppError } from '../../errors';
import { addNote } from '../../orders/notes';
import { MAX_BATCH, buildBatch } from '../../picking/batch';
import { packingSlipInput, pickListInput } from '../../picking/documents';
import { productName, recordPick, undoPick } from '../../picking/picks';
import { findOrderByNumber, getPackOrder, listPickQueue } from '../../picking/views';
import { orderNumberOf } from '$lib/picking/match';
import { packerProcedure, publicProcedure, recordId, router } from '../trpc';
import type { Context } from '../context';

/** Generated on the tablet; the same id sent twice counts once. */
const clientScanId = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, 'Not a valid scan id');
const packLocale = locale.default('en');
const batchIds = z.array(recordId).min(2, 'Choose at least two orders').max(MAX_BATCH, `At most ${MAX_BATCH} orders`);

const actor = (ctx: Context & { session: NonNullable<Context['session']> }) => ({
  staffId: ctx.session.staff.id,
  name: ctx.session.staff.name,
  deviceId: ctx.session.device
});

export const packRouter = router({
  /** What the tablet shows before anything else: is it registered, who may unlock it, who is signed in. */
  tablet: publicProcedure.query(async ({ ctx }) => {
    const device = await readDevice(ctx.cookies.get(DEVICE_COOKIE));
    const s = ctx.session;
    return {
      device: device ? { id: device.id, name: device.name, idleLockSeconds: device.idle_lock_seconds || 120 } : null,
      packers: device ? await tabletPackers() : [],
      session: s ? { staff: s.staff, method: s.method, device: s.device } : null
    };
  }),

  unlock: publicProcedure
    .input(z.object({ staffId: recordId, pin: z.string().regex(/^\d{4,8}$/, 'A PIN has 4 to 8 digits') }))
    .mutation(async ({ input, ctx }) => {
      const device = await readDevice(ctx.cookies.get(DEVICE_COOKIE));
      if (!device) throw new AppError('FORBIDDEN', 'pack.errors.not_a_tablet', 'This device is not a registered packing tablet.');
      const { token, session } = await unlockWithPin(device, input.staffId, input.pin, ctx.userAgent);
      if (ctx.session) await revokeSession(ctx.session.sessionId);
      setSessionCookie(ctx.cookies, token, PIN_SESSION_MS / 1000);
      await touchDevice(device);
      return { staff: session.staff, method: session.method, device: session.device };
    }),

  /** Locking the tablet ends the packer's session: the next one needs a PIN. */
  lock: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.session) await revokeSession(ctx.session.sessionId);
    ctx.cookies.delete(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  }),

  queue: packerProcedure.query(() => listPickQueue()),

  order: packerProcedure.input(z.object({ id: recordId })).query(({ input }) => getPackOrder(input.id)),

  /** The order behind a scanned packing slip (Code 128 of the order number) or a typed number. */
  findOrder: packerProcedure.input(z.object({ code: z.string().trim().min(1).max(100) })).query(({ input }) => {
    const number = orderNumberOf(input.code);
    if (number === null) throw new AppError('BAD_REQUEST', 'pack.errors.not_an_order_number', 'This is not an order number.', { code: input.code });
    return findOrderByNumber(number);
  }),

  /** What a refused code is, to name it: only the product's name, nothing else of it. */
  identify: packerProcedure.input(z.object({ code: z.string().trim().min(1).max(100) })).query(async ({ input }) => ({ name: await productName(input.code) })),

  pick: packerProcedure
    .input(
      z
        .object({
          orderId: recordId,
          code: z.string().trim().min(1).max(100).optional(),
          lineId: recordId.optional(),
          qty: z.number().int().min(1).max(9999).default(1),
          clientScanId
        })
        .refine((v) => v.code || v.lineId, { message: 'Scan a code or choose a line', path: ['code'] })
    )
    .mutation(({ input, ctx }) => recordPick(input, actor(ctx))),

  undo: packerProcedure
    .input(z.object({ orderId: recordId, pickId: recordId, clientScanId }))
    .mutation(({ input, ctx }) => undoPick(input, actor(ctx))),

  /** Packers leave notes for the packing bench only. */
  addNote: packerProcedure
    .input(z.object({ orderId: recordId, body: z.string().trim().min(1, 'Write something first').max(2000), clientId: clientScanId }))
    .mutation(async ({ input, ctx }) => {
      const n = await addNote({ orderId: input.orderId, body: input.body, visibility: 'packing', clientId: input.clientId }, ctx.session.staff.id);
      return { id: n.id, updated: n.updated, body: n.body, author: n.author?.name ?? '', created: n.created };
    }),

  /** A batch reopened halfway leaves out the orders already packed; the rest keep their totes. */
  batch: packerProcedure.input(z.object({ orderIds: batchIds })).query(({ input }) => buildBatch(input.orderIds, { skipDone: true })),

  packingSlip: packerProcedure
    .input(z.object({ orderId: recordId, locale: packLocale }))
    .query(({ input }) => packingSlipInput(input.orderId, input.locale)),

  pickList: packerProcedure
    .input(z.object({ orderIds: batchIds, locale: packLocale }))
    .query(({ input }) => pickListInput(input.orderIds, input.locale))
});
