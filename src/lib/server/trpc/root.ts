// Every domain router, listed by hand.
import { addressesRouter } from './routers/addresses';
import { authRouter } from './routers/auth';
import { catalogueRouter } from './routers/catalogue';
import { customersRouter } from './routers/customers';
import { devicesRouter } from './routers/devices';
import { documentsRouter } from './routers/documents';
import { integrationsRouter } from './routers/integrations';
import { mailRouter } from './routers/mail';
import { ordersRouter } from './routers/orders';
import { packRouter } from './routers/pack';
import { paymentsRouter } from './routers/payments';
import { returnsRouter } from './routers/returns';
import { refundsRouter } from './routers/refunds';
import { settingsRouter } from './routers/settings';
import { shippingRouter } from './routers/shipping';
import { setupRouter } from './routers/setup';
import { shopRouter } from './routers/shop';
import { staffRouter } from './routers/staff';
import { stockRouter } from './routers/stock';
import { trackRouter } from './routers/track';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  addresses: addressesRouter,
  auth: authRouter,
  catalogue: catalogueRouter,
  customers: customersRouter,
  devices: devicesRouter,
  documents: documentsRouter,
  integrations: integrationsRouter,
  mail: mailRouter,
  orders: ordersRouter,
  pack: packRouter,
  payments: paymentsRouter,
  returns: returnsRouter,
  refunds: refundsRouter,
  settings: settingsRouter,
  setup: setupRouter,
  shipping: shippingRouter,
  shop: shopRouter,
  staff: staffRouter,
  stock: stockRouter,
  track: trackRouter
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
