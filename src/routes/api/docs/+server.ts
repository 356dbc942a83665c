import { docsPage } from '$lib/server/integrations/docs-page';

export const GET = () => docsPage();
