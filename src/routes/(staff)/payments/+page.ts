import { allowRoles } from '$lib/payments/guards';
import type { PageLoad } from './$types';

// office staff look at the queue; packers never see payments
export const load: PageLoad = ({ parent }) => allowRoles(parent, ['owner', 'manager', 'office'], '/orders');
