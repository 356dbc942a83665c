import { json } from '@sveltejs/kit';
import { hasRole } from '$lib/auth/roles';
import { AppError } from '$lib/server/errors';
import { printLabels } from '$lib/server/shipping/labels';
import type { RequestHandler } from './$types';

const STATUS = { BAD_REQUEST: 400, NOT_FOUND: 404, CONFLICT: 409, FORBIDDEN: 403, UNAUTHORIZED: 401, TOO_MANY_REQUESTS: 429, PRECONDITION_FAILED: 412 } as const;

// GET /shipping/labels?ids=a,b&layout=label4x6|a4: the parcels' labels as one PDF to print.
export const GET: RequestHandler = async ({ url, locals }) => {
  if (!locals.session) return json({ error: 'Please sign in.' }, { status: 401 });
  if (!hasRole(locals.session.staff.role, 'packer')) return json({ error: 'Your role may not do this.' }, { status: 403 });
  const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
  const layout = url.searchParams.get('layout');
  if (!ids.length || ids.length > 200 || !ids.every((id) => /^[a-z0-9]{15}$/.test(id))) return json({ error: 'Select between 1 and 200 parcels.' }, { status: 400 });
  if (layout !== null && layout !== 'label4x6' && layout !== 'a4') return json({ error: 'layout is label4x6 or a4' }, { status: 400 });
  try {
    const { pdf, fileName } = await printLabels(ids, layout);
    return new Response(new Uint8Array(pdf), { headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${fileName}"`, 'cache-control': 'no-store' } });
  } catch (e) {
    if (e instanceof AppError) return json({ error: e.message }, { status: STATUS[e.code] });
    console.error('[shipping] labels failed:', e);
    return json({ error: 'Something went wrong on our side.' }, { status: 500 });
  }
};
