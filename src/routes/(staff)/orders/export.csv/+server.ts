import { json } from '@sveltejs/kit';
import { hasRole } from '$lib/auth/roles';
import { parseView, withoutPage } from '$lib/orders/view';
import { exportCount, exportCsv } from '$lib/server/orders/export';
import type { RequestHandler } from './$types';

// GET /orders/export.csv?<queue view>&lines=1: the filtered queue as CSV, streamed (F26).
// `x-order-count` names how many orders follow, for the progress bar.
export const GET: RequestHandler = async ({ url, locals }) => {
  if (!locals.session) return json({ error: 'Please sign in.' }, { status: 401 });
  if (!hasRole(locals.session.staff.role, 'office')) return json({ error: 'Exports are for office staff and managers.' }, { status: 403 });
  const params = new URLSearchParams(url.searchParams);
  const lines = params.get('lines') === '1';
  params.delete('lines');
  const { view } = parseView(params);
  const v = withoutPage(view);
  let count: number;
  let chunks: AsyncGenerator<string>;
  try {
    count = await exportCount(v);
    chunks = exportCsv(v, { lines });
  } catch (e) {
    console.error('[orders] export failed:', e);
    return json({ error: 'Something went wrong on our side.' }, { status: 500 });
  }
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (e) {
        console.error('[orders] export failed while streaming:', e);
        controller.error(e);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    }
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="orders-${day}${lines ? '-lines' : ''}.csv"`,
      'cache-control': 'no-store',
      'x-order-count': String(count)
    }
  });
};
