import { handleWebhook } from '$lib/server/payments/webhook';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ params, request, getClientAddress }) => handleWebhook(params.provider, request, { from: getClientAddress() });
