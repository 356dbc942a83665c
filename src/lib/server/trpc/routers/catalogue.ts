// The catalogue (issue #14): office staff and up see and edit products; prices, tax rates and
// whether a product is sold are for managers and up (checked per field in server/catalogue).
import { z } from 'zod';
import { productFields, productStatus } from '$lib/catalogue/product';
import { createProduct, getCatalogueProduct, listProducts, productView, updateProduct } from '../../catalogue/products';
import { applyImport, exportCsv, previewImport } from '../../catalogue/import';
import { managerProcedure, officeProcedure, recordId, router } from '../trpc';

const csvFile = z.string().min(1).max(30_000_000);

export const catalogueRouter = router({
  list: officeProcedure
    .input(
      z.object({
        search: z.string().trim().max(100).optional(),
        status: productStatus.default('active'),
        lowStock: z.boolean().default(false),
        page: z.number().int().min(1).default(1),
        perPage: z.number().int().min(1).max(200).default(50)
      })
    )
    .query(({ input }) => listProducts(input)),

  get: officeProcedure.input(z.object({ id: recordId })).query(async ({ input }) => productView(await getCatalogueProduct(input.id))),

  create: officeProcedure.input(productFields).mutation(({ input, ctx }) => createProduct(input, ctx.session.staff.role)),

  update: officeProcedure
    .input(z.object({ id: recordId, version: z.number().int().min(0), patch: productFields.partial() }))
    .mutation(({ input, ctx }) => updateProduct(input.id, input.version, input.patch, ctx.session.staff.role, ctx.session.staff.name)),

  // CSV (prices and archiving travel in it, so managers and up)
  exportCsv: officeProcedure.query(() => exportCsv()),

  previewImport: managerProcedure.input(z.object({ gzipBase64: csvFile })).mutation(({ input }) => previewImport(input.gzipBase64)),

  applyImport: managerProcedure
    // [line, version the preview showed (0: new)] pairs: 10,000 confirmed lines stay a small request
    .input(z.object({ gzipBase64: csvFile, lines: z.array(z.tuple([z.number().int().min(1), z.number().int().min(0)])).min(1).max(100_000) }))
    .mutation(({ input, ctx }) => applyImport(input.gzipBase64, input.lines.map(([line, version]) => ({ line, version })), ctx.session.staff.name))
});
