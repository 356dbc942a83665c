import { json } from '@sveltejs/kit';
import { AppError } from '$lib/server/errors';
import { isUnavailable } from '$lib/server/pocketbase/client';
import { trackPageData } from '$lib/server/shipping/track-page';
import type { RequestHandler } from './$types';

// GET /track/<token>/data: the customer's tracking page data as plain JSON (no tRPC client on
// the customer's phone), never cached, with the server's own time in Server-Timing.
export const GET: RequestHandler = async ({ params, getClientAddress }) => {
  const started = performance.now();
  const headers = { 'cache-control': 'no-store', 'x-robots-tag': 'noindex' };
  try {
    const view = await trackPageData(params.token, getClientAddress());
    return json(view, { headers: { ...headers, 'server-timing': `view;dur=${(performance.now() - started).toFixed(1)}` } });
  } catch (e) {
    if (e instanceof AppError) return json({ error: e.key, message: e.message }, { status: e.code === 'TOO_MANY_REQUESTS' ? 429 : 404, headers });
    if (isUnavailable(e)) return json({ error: 'unavailable' }, { status: 503, headers: { ...headers, 'retry-after': '5' } });
    console.error('[track] page data failed:', e);
    return json({ error: 'internal' }, { status: 500, headers });
  }
};
