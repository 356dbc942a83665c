// The role matrix (issue #12, "proof beyond the findings"): every tRPC procedure has a row
// naming the least role that may call it, and each role is refused or let through
// accordingly, before the procedure reads its input. A procedure without a row fails the
// test, so a new one cannot ship unchecked. Packers' projections are checked in pack.test.ts.
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/lib/auth/roles';
import { appRouter } from '../../src/lib/server/trpc/root';
import { anonymousCaller, signedInCaller } from '../support/caller';
import { createStaff } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';

usePocketBase();

type Least = 'public' | 'staff' | Role;

/** The least role per procedure. 'public' needs no session; 'staff' is any signed-in role. */
const MATRIX: Record<string, Least> = {
  'addresses.edit': 'office',
  'addresses.recheck': 'office',
  'addresses.override': 'office',
  'catalogue.list': 'office',
  'catalogue.get': 'office',
  'catalogue.create': 'office',
  'catalogue.update': 'office',
  'catalogue.exportCsv': 'office',
  'catalogue.previewImport': 'manager',
  'catalogue.applyImport': 'manager',
  'customers.list': 'office',
  'customers.get': 'office',
  'customers.orders': 'office',
  'customers.update': 'office',
  'customers.addNote': 'office',
  'customers.mergePreview': 'manager',
  'customers.merge': 'manager',
  'customers.export': 'manager',
  'customers.anonymise': 'manager',
  'auth.signIn': 'public',
  'auth.signOut': 'public',
  'auth.me': 'public',
  'auth.invitation': 'public',
  'auth.acceptInvitation': 'public',
  'auth.setLocale': 'staff',
  'devices.list': 'manager',
  'devices.registerHere': 'manager',
  'devices.createPairing': 'manager',
  'devices.pair': 'public',
  'devices.update': 'manager',
  'devices.revoke': 'manager',
  'devices.setPin': 'manager',
  'devices.clearPin': 'manager',
  'devices.unlockPin': 'manager',
  'documents.settings': 'office',
  'documents.saveSettings': 'manager',
  'documents.seller': 'office',
  'documents.saveSeller': 'manager',
  'documents.invoice': 'office',
  'documents.receipt': 'office',
  'documents.packingSlip': 'office',
  'documents.addressLabel': 'office',
  'documents.bulkPlan': 'office',
  'documents.bulkInputs': 'office',
  'integrations.keys': 'manager',
  'integrations.createKey': 'manager',
  'integrations.revokeKey': 'manager',
  'integrations.endpoints': 'manager',
  'integrations.createEndpoint': 'manager',
  'integrations.updateEndpoint': 'manager',
  'integrations.deleteEndpoint': 'manager',
  'integrations.rotateSecret': 'manager',
  'integrations.deliveries': 'manager',
  'integrations.replay': 'manager',
  'integrations.datevExport': 'manager',
  'integrations.datevSettings': 'manager',
  'integrations.saveDatevSettings': 'manager',
  'mail.transport': 'office',
  'mail.mailbox': 'office',
  'mail.message': 'office',
  'mail.outbox': 'office',
  'mail.retry': 'office',
  'orders.queue': 'office',
  'orders.get': 'office',
  'orders.timeline': 'office',
  'orders.addNote': 'office',
  'orders.searchCustomers': 'office',
  'orders.recentCustomers': 'office',
  'orders.createPhoneOrder': 'office',
  'orders.placeDraft': 'office',
  'orders.amend': 'office',
  'orders.cancel': 'office',
  'orders.cancelLine': 'office',
  'orders.repeat': 'office',
  'orders.changeCustomer': 'office',
  'orders.customerOrders': 'office',
  'orders.queueCount': 'office',
  'orders.savedViews': 'office',
  'orders.saveView': 'office',
  'orders.deleteView': 'office',
  'orders.recentSearches': 'office',
  'pack.tablet': 'public',
  'pack.unlock': 'public',
  'pack.lock': 'public',
  'pack.queue': 'packer',
  'pack.order': 'packer',
  'pack.findOrder': 'packer',
  'pack.identify': 'packer',
  'pack.pick': 'packer',
  'pack.undo': 'packer',
  'pack.addNote': 'packer',
  'pack.batch': 'packer',
  'pack.packingSlip': 'packer',
  'pack.pickList': 'packer',
  'payments.queue': 'office',
  'payments.selection': 'manager',
  'payments.forOrder': 'office',
  'payments.markPaid': 'manager',
  'payments.markPaidBulk': 'manager',
  'payments.importStatement': 'manager',
  'payments.confirmStatement': 'manager',
  'payments.settings': 'manager',
  'payments.saveSettings': 'manager',
  'payments.renewHold': 'office',
  'payments.sendReceipt': 'office',
  'payments.cardLink': 'office',
  'payments.checkout.open': 'public',
  'payments.checkout.pay': 'public',
  'shipping.forOrder': 'packer',
  'shipping.desk': 'packer',
  'shipping.createShipment': 'packer',
  'shipping.shipOrders': 'packer',
  'shipping.createLabels': 'packer',
  'shipping.handOver': 'packer',
  'shipping.cancelLabel': 'packer',
  'shipping.sendDeliveryEmail': 'office',
  'shipping.readyForPickup': 'packer',
  'shipping.findCollect': 'packer',
  'shipping.confirmCollection': 'packer',
  'shipping.changeMethod': 'office',
  'shipping.methodFees': 'office',
  'returns.forOrder': 'office',
  'returns.create': 'office',
  'returns.createLabel': 'office',
  'returns.labelPdf': 'office',
  'returns.exchange': 'office',
  'returns.receive': 'office',
  'returns.inspect': 'office',
  'returns.cancel': 'office',
  'returns.trackOptions': 'public',
  'returns.trackRequest': 'public',
  'returns.trackLabel': 'public',
  'refunds.forOrder': 'office',
  'refunds.issueCreditNote': 'manager',
  'refunds.refund': 'manager',
  'refunds.addSurcharge': 'office',
  'refunds.markSurchargePaid': 'office',
  'refunds.creditNoteDocument': 'office',
  'refunds.surchargeInvoice': 'office',
  'settings.hub': 'manager',
  'settings.saveShop': 'manager',
  'settings.saveShipping': 'manager',
  'settings.saveCouriers': 'manager',
  'settings.saveReturns': 'manager',
  'setup.status': 'public',
  'setup.complete': 'public',
  'staff.list': 'manager',
  'staff.create': 'manager',
  'staff.update': 'manager',
  'staff.changeRole': 'manager',
  'staff.setActive': 'manager',
  'staff.resetPassword': 'manager',
  'staff.invite': 'manager',
  'staff.resendInvitation': 'manager',
  'staff.setPin': 'manager',
  'staff.clearPin': 'manager',
  'staff.changeOwnPassword': 'staff',
  'shop.products': 'public',
  'shop.challenge': 'public',
  'shop.limits': 'manager',
  'shop.saveLimits': 'manager',
  'shop.checkStock': 'public',
  'shop.placeOrder': 'public',
  'stock.list': 'office',
  'stock.holders': 'office',
  'stock.ledger': 'office',
  'stock.recordCount': 'office',
  'stock.findForReceiving': 'packer',
  'stock.receipts': 'packer',
  'stock.receive': 'packer',
  'track.get': 'public'
};

const RANK: Record<Least, number> = { public: 0, staff: 1, packer: 1, office: 2, manager: 3, owner: 4 };
const ROLES: Role[] = ['packer', 'office', 'manager', 'owner'];
// ending the session or the tablet's lock run last for each caller
const LAST = new Set(['auth.signOut', 'pack.lock']);

const procedures = () => Object.keys((appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures);

/** Calls a procedure with an empty input; what comes back is 'ok' or the error's code. */
async function outcome(caller: unknown, path: string): Promise<string> {
  const fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (input: unknown) => Promise<unknown>;
  try {
    await fn({});
    return 'ok';
  } catch (e) {
    return e instanceof TRPCError ? e.code : String(e);
  }
}

const refused = (code: string) => code === 'UNAUTHORIZED' || code === 'FORBIDDEN';

let callers: Record<'anonymous' | Role, unknown>;
beforeAll(async () => {
  const signedIn = await Promise.all(ROLES.map(async (r) => {
    const { staff, password } = await createStaff(r);
    return [r, (await signedInCaller(staff.email, password)).caller] as const;
  }));
  callers = { anonymous: anonymousCaller(undefined, '192.0.2.200'), ...Object.fromEntries(signedIn) } as typeof callers;
});

describe('the role matrix (issue #12)', () => {
  it('has a row for every procedure, and none for a procedure that is gone', () => {
    const all = procedures();
    expect(all.filter((p) => !(p in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((p) => !all.includes(p))).toEqual([]);
  });

  it('refuses every role below a procedure\'s row, before reading the input, and lets the others through', async () => {
    const order = [...procedures().filter((p) => !LAST.has(p)), ...procedures().filter((p) => LAST.has(p))];
    const wrong: string[] = [];
    for (const who of ['anonymous', ...ROLES] as const) {
      const rank = who === 'anonymous' ? 0 : RANK[who];
      for (const path of order) {
        const least = MATRIX[path];
        const code = await outcome(callers[who], path);
        const shouldPass = rank >= RANK[least];
        if (shouldPass && refused(code)) wrong.push(`${path} refused ${who} (${code})`);
        if (!shouldPass && code !== (who === 'anonymous' ? 'UNAUTHORIZED' : 'FORBIDDEN')) wrong.push(`${path} let ${who} through (${code})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
