// Downloads one attachment of a locally delivered e-mail, for office staff only. Always as a
// download and never sniffed, so an attachment can never run as a page of the app.
import { error } from '@sveltejs/kit';
import { hasRole } from '$lib/auth/roles';
import { AppError } from '$lib/server/errors';
import { mailboxAttachment } from '$lib/server/mail/mailbox';
import { isUnavailable } from '$lib/server/pocketbase/client';
import type { RequestHandler } from './$types';

const INLINE_SAFE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'text/csv']);

export const GET: RequestHandler = async ({ params, locals }) => {
  const staff = locals.session?.staff;
  if (!staff) error(401, 'Please sign in.');
  if (!hasRole(staff.role, 'office')) error(403, 'Your role may not do this.');
  if (!/^[a-z0-9]{15}$/.test(params.id) || !/^\d{1,2}$/.test(params.index)) error(404, 'Not found');
  try {
    const file = await mailboxAttachment(params.id, Number(params.index));
    const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        'content-type': INLINE_SAFE.has(file.contentType) ? file.contentType : 'application/octet-stream',
        'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        'content-length': String(file.bytes.byteLength),
        'cache-control': 'private, no-store'
      }
    });
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') error(404, 'Not found');
    if (isUnavailable(e)) error(503, 'The database is not reachable right now. Please try again in a moment.');
    throw e;
  }
};
