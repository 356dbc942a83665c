import { allowRoles } from '$lib/payments/guards';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ parent }) => allowRoles(parent, ['owner', 'manager'], '/orders');
