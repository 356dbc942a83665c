// An unpaid web order's stock hold (#12, finding 3): the order's part. Releasing and renewing
// run in payments/reservation-hold.ts; here is what the order's own code needs to know.
import { AppError } from '../errors';

export const holdReleased = (number: number) =>
  new AppError('CONFLICT', 'payments.hold.released', `Order ${number} no longer holds its stock (it stayed unpaid too long). Renew its reservation first.`, { number });
