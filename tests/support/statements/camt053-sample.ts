// Writes small but realistic CAMT.053 statements for tests and the benchmark, in the
// shape German banks export (version .001.02 as most still send, or .001.08).
export interface SampleEntry {
  amountCents: number;
  currency?: string;
  credit?: boolean;
  bookingDate: string;
  text: string;
  bankReference?: string;
  payer?: string;
  status?: 'BOOK' | 'PDNG';
  /** a batch booking: the entry's amount is the sum, each part has its own details */
  parts?: Omit<SampleEntry, 'bookingDate' | 'parts'>[];
}

export interface SampleStatement {
  version?: '02' | '08';
  iban?: string;
  entries: SampleEntry[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const amount = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

function txDetails(e: Omit<SampleEntry, 'bookingDate' | 'parts'>, v: '02' | '08', withAmount: boolean, ref: string): string {
  const party = e.payer ? (v === '08' ? `<Dbtr><Pty><Nm>${esc(e.payer)}</Nm></Pty></Dbtr>` : `<Dbtr><Nm>${esc(e.payer)}</Nm></Dbtr>`) : '';
  return `
          <TxDtls>
            <Refs><AcctSvcrRef>${esc(ref)}</AcctSvcrRef><EndToEndId>NOTPROVIDED</EndToEndId></Refs>${
              withAmount ? `\n            <AmtDtls><TxAmt><Amt Ccy="${e.currency ?? 'EUR'}">${amount(e.amountCents)}</Amt></TxAmt></AmtDtls>` : ''
            }
            <RltdPties>${party}</RltdPties>
            <RmtInf><Ustrd>${esc(e.text)}</Ustrd></RmtInf>
          </TxDtls>`;
}

export function camt053Sample({ version = '02', iban = 'DE89370400440532013000', entries }: SampleStatement): string {
  const ns = `urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version}`;
  const body = entries
    .map((e, i) => {
      const ref = e.bankReference ?? `BANKREF-${e.bookingDate.replace(/-/g, '')}-${String(i + 1).padStart(6, '0')}`;
      const total = e.parts ? e.parts.reduce((s, p) => s + p.amountCents, 0) : e.amountCents;
      const status = version === '08' ? `<Sts><Cd>${e.status ?? 'BOOK'}</Cd></Sts>` : `<Sts>${e.status ?? 'BOOK'}</Sts>`;
      const details = e.parts
        ? e.parts.map((p, j) => txDetails(p, version, true, p.bankReference ?? `${ref}-${j + 1}`)).join('')
        : txDetails(e, version, false, ref);
      return `
      <Ntry>
        <Amt Ccy="${e.currency ?? 'EUR'}">${amount(total)}</Amt>
        <CdtDbtInd>${e.credit === false ? 'DBIT' : 'CRDT'}</CdtDbtInd>
        ${status}
        <BookgDt><Dt>${e.bookingDate}</Dt></BookgDt>
        <ValDt><Dt>${e.bookingDate}</Dt></ValDt>
        <AcctSvcrRef>${esc(ref)}</AcctSvcrRef>
        <BkTxCd><Prtry><Cd>NTRF+166</Cd><Issr>DK</Issr></Prtry></BkTxCd>
        <NtryDtls>${details}
        </NtryDtls>
      </Ntry>`;
    })
    .join('');
  const first = entries[0]?.bookingDate ?? '2025-01-01';
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="${ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>PACKBENCH-SAMPLE</MsgId><CreDtTm>${first}T18:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>STMT-${first}</Id>
      <ElctrncSeqNb>1</ElctrncSeqNb>
      <CreDtTm>${first}T18:00:00</CreDtTm>
      <Acct><Id><IBAN>${iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>${body}
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
}
