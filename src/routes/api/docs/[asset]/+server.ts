import type { RequestHandler } from './$types';
import { docsAsset } from '$lib/server/integrations/docs-page';

export const GET: RequestHandler = ({ params }) => docsAsset(params.asset);
