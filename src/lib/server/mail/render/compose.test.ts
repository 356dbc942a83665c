import { describe, expect, it } from 'vitest';
import { composeEmail, escapeHtml, oneLine, safeHref } from './compose';

const hostile = `<script>alert("x")</script> Tom & 'Jerry'`;

describe('composing an e-mail', () => {
  const mail = composeEmail(
    {
      subject: `Order for ${hostile}\r\nBcc: victim@example.com`,
      preheader: hostile,
      blocks: [
        { kind: 'p', text: `Hello ${hostile},` },
        { kind: 'facts', rows: [['Customer', hostile]] },
        { kind: 'lines', head: { item: 'Item', qty: 'Qty', amount: 'Amount' }, rows: [{ name: hostile, sku: 'A<1>', qty: 2, amount: '€3.00' }], totals: [{ label: 'Total', value: '€3.00', strong: true }] },
        { kind: 'box', title: 'Note', lines: [hostile] },
        { kind: 'button', label: 'Open', href: 'https://shop.example/track/abc?x=1&y="2"' },
        { kind: 'button', label: 'Evil', href: 'javascript:alert(1)' }
      ],
      footer: ['Shop & Co']
    },
    'en'
  );

  it('escapes every value in the HTML part', () => {
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tom &amp; &#39;Jerry&#39;');
    expect(mail.html).toContain('A&lt;1&gt;');
    expect(mail.html).toContain('Shop &amp; Co');
  });

  it('keeps the plain-text part as written', () => {
    expect(mail.text).toContain(`Hello ${hostile},`);
    expect(mail.text).toContain(`2 × ${hostile} (A<1>)  €3.00`);
    expect(mail.text).toContain('Open:\nhttps://shop.example/track/abc?x=1&y=%222%22');
    expect(mail.text).toMatch(/\n-- \nShop & Co\n$/);
  });

  it('links only http(s) URLs and escapes them in attributes', () => {
    expect(mail.html).toContain('href="https://shop.example/track/abc?x=1&amp;y=%222%22"');
    expect(mail.html).not.toContain('href="javascript:');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,hi')).toBeNull();
    expect(safeHref('/relative')).toBeNull();
  });

  it('never lets a line break into the subject (header injection)', () => {
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe(`Order for ${hostile} Bcc: victim@example.com`);
    expect(oneLine(' a\n\n b\t c ')).toBe('a b c');
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
