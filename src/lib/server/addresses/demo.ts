// The demo shop's addresses (#13 point 13): the seed (plain JS) cannot run the app's address
// check, so it leaves every order unchecked and the app checks them here, through the same
// code a staff member's "check again" uses, when it starts in demo mode. Once: an order with a
// result is left alone.
import { collection } from '../pocketbase/client';
import { demoMode } from '../sandbox';
import { recheckAddress } from './store';

export async function checkDemoAddresses(): Promise<number> {
  if (!demoMode()) return 0;
  const unchecked = await collection('orders').getFullList<{ id: string }>({ filter: "fulfilment_method = 'ship' && address_check_status = '' && status != 'draft'", fields: 'id', batch: 500 });
  for (const o of unchecked) await recheckAddress(o.id, null);
  return unchecked.length;
}
