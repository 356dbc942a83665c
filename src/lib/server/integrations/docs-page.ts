// /api/docs (F43): Swagger UI, self-hosted from the swagger-ui-dist package (no CDN), reading
// /api/v1/openapi.json. Its start script is a file of its own so the page's CSP allows only self.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8'
};
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'";

const INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});
`;

const HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Packbench API reference</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body></html>
`;

const dist = () => dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const headers = (type: string) => ({ 'content-type': type, 'content-security-policy': CSP, 'cache-control': 'public, max-age=3600' });

export const docsPage = () => new Response(HTML, { headers: headers('text/html; charset=utf-8') });

export async function docsAsset(name: string): Promise<Response> {
  if (name === 'init.js') return new Response(INIT, { headers: headers('text/javascript; charset=utf-8') });
  const type = ASSETS[name];
  if (!type) return new Response('Not found', { status: 404 });
  return new Response(await readFile(join(dist(), name)), { headers: headers(type) });
}
