import { json } from '@sveltejs/kit';
import { openApiDocument } from '$lib/server/integrations/rest/openapi';

export const GET = () => json(openApiDocument(), { headers: { 'cache-control': 'no-cache' } });
