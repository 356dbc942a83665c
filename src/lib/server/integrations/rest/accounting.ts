// GET /api/v1/accounting/datev (F43): a month's invoices and payments as a DATEV booking batch.
import { z } from 'zod';
import { Month, datevExport } from '../accounting';
import { defineRoute } from './define';

export const accountingRoutes = [
  defineRoute({
    method: 'get',
    path: '/accounting/datev',
    operationId: 'datevExport',
    summary: "A month's invoices and payments as a DATEV booking batch (EXTF, Windows-1252 CSV)",
    tag: 'Accounting',
    scope: 'accounting:read',
    query: z.object({ month: Month }),
    response: z.string().describe('EXTF Buchungsstapel CSV'),
    responseType: 'text/csv; charset=windows-1252',
    async handler({ query }) {
      const file = await datevExport(query.month);
      return { body: null, raw: new Uint8Array(file.bytes), headers: { 'content-disposition': `attachment; filename="${file.filename}"` } };
    }
  })
];
