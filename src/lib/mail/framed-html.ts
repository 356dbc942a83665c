// The e-mail's HTML for a sandboxed iframe's srcdoc: no scripts (sandbox), nothing loaded
// from the network (CSP: no tracking pixels, no remote fonts), links open in a new tab.
const GUARD =
  '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; style-src \'unsafe-inline\'; font-src data:">' +
  '<base target="_blank">';

export function framedHtml(html: string): string {
  const head = /<head[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + GUARD + html.slice(head.index + head[0].length);
  return `<!doctype html><html><head>${GUARD}</head><body>${html}</body></html>`;
}
