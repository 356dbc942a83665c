import { json } from '@sveltejs/kit';
import { handleCourierWebhook, MAX_WEBHOOK_BYTES } from '$lib/server/shipping/webhook';
import type { RequestHandler } from './$types';

// Couriers sign the raw body, so it is read as text before anything parses it.
export const POST: RequestHandler = async ({ params, request }) => {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_WEBHOOK_BYTES) return json({ error: 'too large' }, { status: 413 });
  const answer = await handleCourierWebhook(params.courier, await request.text(), request.headers);
  return json(answer.body, { status: answer.status });
};
