// Every domain router, listed by hand.
import { addressesRouter } from './routers/addresses';
import { authRouter } from './routers/auth';
import { devicesRouter } from './routers/devices';
import { documentsRouter } from './routers/documents';
import { integrationsRouter } from './routers/integrations';
import { mailRouter } from './routers/mail';
import { ordersRouter } from './routers/orders';
import { packRouter } from './routers/pack';
import { paymentsRouter } from './routers/payments';
import { shippingRouter } from './routers/shipping';
import { shopRouter } from './routers/shop';
import { stockRouter } from './routers/stock';
import { trackRouter } from './routers/track';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  addresses: addressesRouter,
  auth: authRouter,
  devices: devicesRouter,
  documents: documentsRouter,
  integrations: integrationsRouter,
  mail: mailRouter,
  orders: ordersRouter,
  pack: packRouter,
  payments: paymentsRouter,
  shipping: shippingRouter,
  shop: shopRouter,
  stock: stockRouter,
  track: trackRouter
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
