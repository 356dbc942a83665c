// ISO 20022 CAMT.053 (bank-to-customer statement), the XML German and European banks
// export: each <Ntry> is a booking with <Amt Ccy>, <CdtDbtInd>, <BookgDt>, <AcctSvcrRef>
// and, in <NtryDtls><TxDtls>, the remittance text (<RmtInf><Ustrd>). A batch booking holds
// several <TxDtls>, each with its own amount. Works for every version (.001.02 to .001.13):
// elements are read by local name, whatever the namespace.
import { SaxesParser } from 'saxes';
import { derivedReference, StatementFormatError, type StatementLine } from './types';

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
  line: number;
}

function readTree(xml: string): Node {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const root: Node = { name: '#document', attrs: {}, children: [], text: '', line: 1 };
  const stack: Node[] = [root];
  let failure: StatementFormatError | null = null;
  parser.on('error', (err) => {
    // saxes messages start with "line:column: "
    const m = err.message.match(/^(\d+):(\d+): (.*)$/s);
    failure ??= new StatementFormatError(m ? Number(m[1]) : parser.line, 'xml', { detail: m ? m[3] : err.message });
  });
  parser.on('opentag', (tag) => {
    const node: Node = {
      name: tag.name.includes(':') ? tag.name.split(':')[1] : tag.name,
      attrs: tag.attributes as Record<string, string>,
      children: [],
      text: '',
      line: parser.line
    };
    stack[stack.length - 1].children.push(node);
    if (!tag.isSelfClosing) stack.push(node);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  parser.on('text', (t) => (stack[stack.length - 1].text += t));
  parser.on('cdata', (t) => (stack[stack.length - 1].text += t));
  try {
    parser.write(xml).close();
  } catch (e) {
    if (!failure) throw e;
  }
  if (failure) throw failure;
  return root;
}

const child = (n: Node | undefined, name: string) => n?.children.find((c) => c.name === name);
const children = (n: Node | undefined, name: string) => n?.children.filter((c) => c.name === name) ?? [];
/** the text at a path like 'BookgDt/Dt' */
function at(n: Node | undefined, path: string): string {
  let cur = n;
  for (const p of path.split('/')) cur = child(cur, p);
  return cur?.text.trim() ?? '';
}

function amountOf(amt: Node, line: number): { cents: number; currency: string } {
  const value = amt.text.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(value)) throw new StatementFormatError(amt.line, 'amount', { value });
  const [int, frac = ''] = value.split('.');
  const currency = (amt.attrs.Ccy ?? '').trim();
  if (!/^[A-Z]{3}$/.test(currency)) throw new StatementFormatError(line, 'currency', { value: currency });
  return { cents: Number(int) * 100 + Number(frac.padEnd(2, '0')), currency };
}

function bookingDate(entry: Node): string {
  const date = at(entry, 'BookgDt/Dt') || at(entry, 'BookgDt/DtTm').slice(0, 10) || at(entry, 'ValDt/Dt') || at(entry, 'ValDt/DtTm').slice(0, 10);
  if (!date) throw new StatementFormatError(entry.line, 'missing', { element: 'BookgDt' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new StatementFormatError(child(entry, 'BookgDt')?.line ?? entry.line, 'date', { value: date });
  return date;
}

function remittance(tx: Node | undefined): string {
  const rmt = child(tx, 'RmtInf');
  const unstructured = children(rmt, 'Ustrd').map((u) => u.text.trim());
  const structured = children(rmt, 'Strd').map((s) => at(s, 'CdtrRefInf/Ref'));
  return [...unstructured, ...structured].filter(Boolean).join(' ').replace(/\s+/g, ' ');
}

function payer(tx: Node | undefined, credit: boolean): string {
  const party = child(child(tx, 'RltdPties'), credit ? 'Dbtr' : 'Cdtr');
  return at(party, 'Nm') || at(party, 'Pty/Nm');
}

export function parseCamt053(content: string): StatementLine[] {
  const doc = readTree(content.replace(/^\uFEFF/, ''));
  const top = doc.children[0];
  const body = child(top, 'BkToCstmrStmt');
  if (!top || top.name !== 'Document' || !body) {
    throw new StatementFormatError(top?.line ?? 1, 'not_camt', { root: top ? (child(top, 'BkToCstmrAcctRpt') ? 'BkToCstmrAcctRpt' : top.children[0]?.name ?? top.name) : '?' });
  }
  const lines: StatementLine[] = [];
  for (const stmt of children(body, 'Stmt')) {
    for (const entry of children(stmt, 'Ntry')) {
      const amt = child(entry, 'Amt');
      if (!amt) throw new StatementFormatError(entry.line, 'missing', { element: 'Amt' });
      const direction = at(entry, 'CdtDbtInd');
      if (!direction) throw new StatementFormatError(entry.line, 'missing', { element: 'CdtDbtInd' });
      if (direction !== 'CRDT' && direction !== 'DBIT') throw new StatementFormatError(child(entry, 'CdtDbtInd')!.line, 'direction', { value: direction });
      const credit = direction === 'CRDT';
      const date = bookingDate(entry);
      const status = at(entry, 'Sts') || at(entry, 'Sts/Cd');
      const entryRef = at(entry, 'AcctSvcrRef');
      const entryAmount = amountOf(amt, entry.line);
      const details = children(entry, 'NtryDtls').flatMap((d) => children(d, 'TxDtls'));
      const batch = details.length > 1;
      const txs = details.length ? details : [undefined];
      txs.forEach((tx, i) => {
        const txAmt = batch ? (child(child(child(tx, 'AmtDtls'), 'TxAmt'), 'Amt') ?? child(tx, 'Amt')) : undefined;
        const { cents, currency } = txAmt ? amountOf(txAmt, tx!.line) : entryAmount;
        if (batch && !txAmt) throw new StatementFormatError(tx!.line, 'missing', { element: 'Amt' });
        const text = remittance(tx);
        const counterparty = payer(tx, credit);
        const txRef = at(tx, 'Refs/AcctSvcrRef') || (batch && entryRef ? `${entryRef}/${i + 1}` : entryRef) || at(tx, 'Refs/TxId');
        lines.push({
          line: tx?.line ?? entry.line,
          bookingDate: date,
          amountCents: cents,
          credit,
          currency,
          text,
          bankReference: txRef || derivedReference(date, cents, credit, text, counterparty),
          counterparty,
          booked: !status || status === 'BOOK'
        });
      });
    }
  }
  if (!lines.length) throw new StatementFormatError(body.line, 'empty');
  return lines;
}
