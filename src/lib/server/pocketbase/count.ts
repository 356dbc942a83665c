// How many records have these field values, counted by PocketBase with COUNT(*) over an index
// (pb_hooks/count.pb.js). A paged list's own total is COUNT(DISTINCT id), which reads every
// matching row: at a real shop's size the total cost more than the page (issue #15). Lists
// that show a total fetch their page with skipTotal and ask this beside it.
import { pb } from './client';

export async function countWhere(collection: string, where: Record<string, string | number | boolean>): Promise<number> {
  const res = await pb().send<{ count: number }>('/api/packbench/count', { method: 'POST', body: { collection, where } });
  return res.count;
}

/** PocketBase's page fields for a page of `perPage` out of `total` */
export const pageOf = (page: number, perPage: number, total: number) => ({ page, totalItems: total, totalPages: Math.ceil(total / perPage) });
