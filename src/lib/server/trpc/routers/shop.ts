// The public shop: no staff session. Products, a cart's stock check, and placing the order.
import { z } from 'zod';
import { locale } from '$lib/i18n/locales';
import { fulfilmentMethod } from '$lib/orders/states';
import { webPaymentMethod } from '$lib/payments/methods';
import { AppError } from '../../errors';
import { addressInput } from '$lib/addresses/input';
import { placeWebOrder } from '../../orders/place';
import { cardAvailable, cardMode } from '../../payments/providers';
import { RateLimiter } from '../../cluster/rate-limit';
import { checkCart } from '../../shop/catalogue';
import { cachedShopProducts } from '../../shop/products-cache';
import { shopSettings } from '../../shop/settings';
import { checkProof, newChallenge, proofInput } from '../../shop/challenge';
import { checkoutLimitsSchema, checkoutLimitsSetting } from '../../shop/limits';
import { managerProcedure, publicProcedure, recordId, router } from '../trpc';

// per address: a shop front, not a load generator (SHOP_ORDERS_PER_10_MIN raises it, e.g. for benchmarks)
const orderLimiter = new RateLimiter('shop-orders', Number(process.env.SHOP_ORDERS_PER_10_MIN ?? 30), 10 * 60_000);
const checkLimiter = new RateLimiter('shop-checks', Number(process.env.SHOP_CHECKS_PER_MIN ?? 120), 60_000);
const productsLimiter = new RateLimiter('shop-products', Number(process.env.SHOP_PRODUCTS_PER_MIN ?? 120), 60_000);
const challengeLimiter = new RateLimiter('shop-challenges', Number(process.env.SHOP_CHALLENGES_PER_MIN ?? 60), 60_000);

async function limit(limiter: RateLimiter, ip: string) {
  const wait = await limiter.hit(ip);
  if (wait > 0) throw new AppError('TOO_MANY_REQUESTS', 'shop.errors.too_many', `Too many requests from your address. Try again in ${wait} s.`, { seconds: wait });
}

const lines = z
  .array(
    z.object({
      productId: recordId,
      qty: z.number({ error: 'Enter a quantity' }).int('Whole units only').min(1, 'At least 1').max(999, 'At most 999')
    })
  )
  .min(1, 'The cart is empty')
  .max(100, 'At most 100 lines');

const text = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);

/**
 * What a shopper may choose to pay with (issue #12, finding 1): card only when this server can
 * take one (Stripe configured, or the sandbox on), and the sandbox says it is one.
 */
function paymentOptions() {
  const card = cardMode();
  return { methods: webPaymentMethod.options.filter((m) => m !== 'card' || card !== null), cardSandbox: card === 'sandbox' };
}

export const shopRouter = router({
  products: publicProcedure.query(async ({ ctx }) => {
    await limit(productsLimiter, ctx.ip);
    return { ...(await cachedShopProducts()), payment: paymentOptions() };
  }),

  /** The proof of work the checkout solves while the shopper types (null: switched off). */
  challenge: publicProcedure.query(async ({ ctx }) => {
    await limit(challengeLimiter, ctx.ip);
    return newChallenge();
  }),

  /** Limits on one web order (managers; the payment settings screen). */
  limits: managerProcedure.query(async () => ({ limits: await checkoutLimitsSetting.get(), currency: (await shopSettings()).shop.currency })),
  saveLimits: managerProcedure.input(checkoutLimitsSchema).mutation(({ input }) => checkoutLimitsSetting.save(input)),

  checkStock: publicProcedure.input(z.object({ lines })).query(async ({ input, ctx }) => {
    await limit(checkLimiter, ctx.ip);
    return checkCart(input.lines);
  }),

  placeOrder: publicProcedure
    .input(
      z
        .object({
          idempotencyKey: z.string().min(16).max(100),
          name: text(200),
          email: z.email('Enter an e-mail address like name@example.com').max(200),
          phone: z.string().trim().max(40).optional(),
          fulfilmentMethod: fulfilmentMethod,
          shippingAddress: addressInput.optional(),
          paymentMethod: webPaymentMethod,
          locale: locale.default('en'),
          lines,
          /** the solved challenge (see shop/challenge.ts); required unless SHOP_CHALLENGE=off */
          proof: proofInput.optional()
        })
        .refine((o) => o.fulfilmentMethod === 'collect' || o.shippingAddress, { path: ['shippingAddress'], message: 'Enter the address to ship to' })
        .refine((o) => o.paymentMethod !== 'card' || cardAvailable(), { path: ['paymentMethod'], message: 'This shop takes no card payments: choose another way to pay' })
    )
    .mutation(async ({ input, ctx }) => {
      await limit(orderLimiter, ctx.ip);
      const { proof, ...order } = input;
      await checkProof(proof, input.idempotencyKey);
      return placeWebOrder(order);
    })
});
