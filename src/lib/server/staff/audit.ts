// The staff audit list (issue #14): every change to an account, written in the same unit of
// work as the change itself, so there is never a change without its entry.
import type { AuditAction } from '$lib/staff/rules';
import type { UnitOfWork } from '../pocketbase/tx';
import { collection } from '../pocketbase/client';

export interface Actor {
  id: string;
  name: string;
}

export interface AuditEntry {
  id: string;
  created: string;
  action: AuditAction;
  actorName: string;
  targetName: string;
  data: Record<string, unknown>;
}

/** adds the audit row to `uow`; `target` may be a ref to a staff record created in the same unit */
export function audit(uow: UnitOfWork, actor: Actor | null, target: { id: string; name: string }, action: AuditAction, data: Record<string, unknown> = {}) {
  uow.create('staff_audit', {
    actor: actor?.id ?? '',
    actor_label: actor?.name ?? '',
    target: target.id,
    target_label: target.name,
    action,
    data
  });
}

interface AuditRecord {
  id: string;
  created: string;
  action: AuditAction;
  actor: string;
  actor_label: string;
  target: string;
  target_label: string;
  data: Record<string, unknown> | null;
}
declare module '$lib/server/pocketbase/collections' {
  interface Collections {
    staff_audit: AuditRecord;
  }
}

/** the newest entries first */
export async function auditList(limit = 100): Promise<AuditEntry[]> {
  const res = await collection('staff_audit').getList(1, limit, { sort: '-created,-id' });
  return res.items.map((r) => ({
    id: r.id,
    created: r.created,
    action: r.action,
    actorName: r.actor_label,
    targetName: r.target_label,
    data: r.data ?? {}
  }));
}
