// Every domain router, listed by hand.
import { authRouter } from './routers/auth';
import { catalogueRouter } from './routers/catalogue';
import { devicesRouter } from './routers/devices';
import { documentsRouter } from './routers/documents';
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
  auth: authRouter,
  catalogue: catalogueRouter,
  devices: devicesRouter,
  documents: documentsRouter,
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
