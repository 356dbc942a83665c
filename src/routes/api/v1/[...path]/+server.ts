// The public REST API (F43): every /api/v1 route is in the route table of
// $lib/server/integrations/rest, which also generates /api/v1/openapi.json.
import type { RequestHandler } from './$types';
import { handleApi } from '$lib/server/integrations/rest';

const serve: RequestHandler = ({ request, params }) => handleApi(request, `/${params.path}`);

export const GET = serve;
export const POST = serve;
export const PATCH = serve;
export const PUT = serve;
export const DELETE = serve;
