// An e-mail body as a list of blocks, rendered twice: a plain-text part and an HTML part.
// Templates only ever hand over plain strings; escaping happens here, in one place, so a
// customer called `<b>Tom & Jerry</b>` arrives exactly like that and never as markup.

export interface LineRow {
  name: string;
  sku?: string;
  qty: number;
  amount: string;
}

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'lines'; head: { item: string; qty: string; amount: string }; rows: LineRow[]; totals: { label: string; value: string; strong?: boolean }[] }
  | { kind: 'box'; title?: string; lines: string[] }
  | { kind: 'button'; label: string; href: string };

export type FactsBlock = Extract<Block, { kind: 'facts' }>;

export interface EmailContent {
  subject: string;
  /** the one-line preview mail clients show next to the subject */
  preheader?: string;
  blocks: Block[];
  /** small print at the bottom: shop name, address, contact */
  footer: string[];
}

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Only absolute http(s) links become links; anything else (javascript:, data:) stays text. */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Header values never carry line breaks. */
export function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

export function composeEmail(content: EmailContent, lang: string): ComposedEmail {
  const subject = oneLine(content.subject);
  return { subject, text: renderText(content), html: renderHtml({ ...content, subject }, lang) };
}

// ---- plain text -------------------------------------------------------------------------

function textBlock(b: Block): string {
  switch (b.kind) {
    case 'p':
      return b.text;
    case 'heading':
      return `${b.text}\n${'-'.repeat(Math.min(b.text.length, 60))}`;
    case 'facts':
      return b.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
    case 'lines': {
      const rows = b.rows.map((r) => `${r.qty} × ${r.name}${r.sku ? ` (${r.sku})` : ''}  ${r.amount}`);
      const totals = b.totals.map((t) => `${t.label}: ${t.value}`);
      return [...rows, '', ...totals].join('\n');
    }
    case 'box':
      return [b.title ? `${b.title}:` : '', ...b.lines].filter(Boolean).join('\n');
    case 'button':
      return `${b.label}:\n${safeHref(b.href) ?? b.href}`;
  }
}

function renderText(content: EmailContent): string {
  // "-- " is the usual signature separator; mail clients fold what follows
  return `${content.blocks.map(textBlock).join('\n\n')}\n\n-- \n${content.footer.join('\n')}\n`;
}

// ---- HTML -------------------------------------------------------------------------------

const FONT = 'font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;';
const CELL = 'padding:6px 8px;border-bottom:1px solid #e5e7eb;';

function htmlBlock(b: Block): string {
  const e = escapeHtml;
  switch (b.kind) {
    case 'p':
      return `<p style="margin:0 0 14px;line-height:1.5">${e(b.text).replace(/\n/g, '<br>')}</p>`;
    case 'heading':
      return `<h2 style="margin:22px 0 8px;font-size:17px">${e(b.text)}</h2>`;
    case 'facts':
      return `<table role="presentation" style="border-collapse:collapse;margin:0 0 14px">${b.rows
        .map(([label, value]) => `<tr><td style="padding:2px 12px 2px 0;color:#555">${e(label)}</td><td style="padding:2px 0"><strong>${e(value)}</strong></td></tr>`)
        .join('')}</table>`;
    case 'lines': {
      const head = `<tr><th align="left" style="${CELL}">${e(b.head.item)}</th><th align="right" style="${CELL}">${e(b.head.qty)}</th><th align="right" style="${CELL}">${e(b.head.amount)}</th></tr>`;
      const rows = b.rows
        .map(
          (r) =>
            `<tr><td style="${CELL}">${e(r.name)}${r.sku ? `<br><span style="color:#777;font-size:12px">${e(r.sku)}</span>` : ''}</td><td align="right" style="${CELL}">${r.qty}</td><td align="right" style="${CELL}white-space:nowrap">${e(r.amount)}</td></tr>`
        )
        .join('');
      const totals = b.totals
        .map((t) => {
          const v = t.strong ? `<strong>${e(t.value)}</strong>` : e(t.value);
          const l = t.strong ? `<strong>${e(t.label)}</strong>` : e(t.label);
          return `<tr><td colspan="2" align="right" style="padding:4px 8px">${l}</td><td align="right" style="padding:4px 8px;white-space:nowrap">${v}</td></tr>`;
        })
        .join('');
      return `<table role="presentation" width="100%" style="border-collapse:collapse;margin:0 0 16px;font-size:14px">${head}${rows}${totals}</table>`;
    }
    case 'box':
      return `<div style="margin:0 0 16px;padding:12px 14px;background:#f3f4f6;border-radius:6px">${b.title ? `<strong>${e(b.title)}</strong><br>` : ''}${b.lines.map(e).join('<br>')}</div>`;
    case 'button': {
      const href = safeHref(b.href);
      if (!href) return `<p style="margin:0 0 14px">${e(b.label)}: ${e(b.href)}</p>`;
      return `<p style="margin:18px 0"><a href="${e(href)}" style="display:inline-block;padding:10px 18px;background:#1f4e79;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600">${e(b.label)}</a></p><p style="margin:0 0 14px;font-size:12px;color:#777;word-break:break-all">${e(href)}</p>`;
    }
  }
}

function renderHtml(content: EmailContent, lang: string): string {
  const preheader = content.preheader
    ? `<div style="display:none;max-height:0;overflow:hidden;opacity:0">${escapeHtml(content.preheader)}</div>`
    : '';
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<title>${escapeHtml(content.subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:#f5f5f4;color:#1c1917;${FONT}">${preheader}`,
    '<div style="max-width:600px;margin:0 auto;padding:24px 16px">',
    `<div style="background:#ffffff;border-radius:8px;padding:24px;font-size:15px">${content.blocks.map(htmlBlock).join('\n')}</div>`,
    `<p style="margin:16px 8px;font-size:12px;color:#78716c;line-height:1.5">${content.footer.map(escapeHtml).join('<br>')}</p>`,
    '</div></body></html>'
  ].join('\n');
}
