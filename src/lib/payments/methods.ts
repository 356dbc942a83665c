// Payment methods, defined once (zod enum) for records, procedures and screens.
import { z } from 'zod';

export const paymentMethod = z.enum(['card', 'online_banking', 'cheque', 'cash']);
export type PaymentMethod = z.infer<typeof paymentMethod>;

/** what a web shopper may choose (cash is paid at the counter, never online) */
export const webPaymentMethod = paymentMethod.exclude(['cash']);
