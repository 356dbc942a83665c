// Every domain router, listed by hand.
import { authRouter } from './routers/auth';
import { ordersRouter } from './routers/orders';
import { createCallerFactory, router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  orders: ordersRouter
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
