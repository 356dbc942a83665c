/// <reference path="../pb_data/types.d.ts" />
// After-sales money (F41, F42): credit notes (own gap-free sequence), refunds (through the
// card provider that took the money, or a bank transfer / cheque with a reference) and
// surcharges (raise what the customer owes; their invoice number comes from the invoice
// sequence). The counters on orders and order_lines are the race guards: the unit of work
// raises them with bounded increments, so two people crediting or refunding at once can never
// together go past the line's quantity or what was paid.
migrate((app) => {
  const orders = app.findCollectionByNameOrId('orders');
  const staffId = app.findCollectionByNameOrId('staff').id;
  // gross cents credited by credit notes (lines + shipping + free amounts)
  orders.fields.add(new NumberField({ name: 'credited_cents', onlyInt: true, min: 0 }));
  // gross shipping cents credited so far (never more than shipping_cents)
  orders.fields.add(new NumberField({ name: 'shipping_credited_cents', onlyInt: true, min: 0 }));
  // refunds started (pending) or done: never more than was paid
  orders.fields.add(new NumberField({ name: 'refunded_cents', onlyInt: true, min: 0 }));
  // all surcharges, and what of them is still owed
  orders.fields.add(new NumberField({ name: 'surcharge_cents', onlyInt: true, min: 0 }));
  orders.fields.add(new NumberField({ name: 'surcharge_open_cents', onlyInt: true, min: 0 }));
  app.save(orders);

  const lines = app.findCollectionByNameOrId('order_lines');
  lines.fields.add(new NumberField({ name: 'credited', onlyInt: true, min: 0 }));
  app.save(lines);

  const locked = { listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null };
  const stamps = [
    { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
    { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
  ];

  const creditNotes = new Collection({
    type: 'base',
    name: 'credit_notes',
    ...locked,
    fields: [
      { type: 'relation', name: 'order', required: true, maxSelect: 1, cascadeDelete: false, collectionId: orders.id },
      { type: 'text', name: 'number', required: true, max: 40 },
      { type: 'date', name: 'issued_at', required: true },
      { type: 'text', name: 'currency', required: true, min: 3, max: 3 },
      // [{ line, sku, name, qty, unit_price_cents, tax_rate_bp }]; a free amount is a line without `line`
      { type: 'json', name: 'lines', maxSize: 200000 },
      { type: 'number', name: 'shipping_cents', onlyInt: true, min: 0 },
      { type: 'number', name: 'total_cents', onlyInt: true, min: 1 },
      { type: 'text', name: 'reason', required: true, max: 1000 },
      { type: 'relation', name: 'actor', maxSelect: 1, collectionId: staffId },
      ...stamps
    ],
    indexes: [
      'CREATE UNIQUE INDEX idx_credit_notes_number ON credit_notes (number)',
      'CREATE INDEX idx_credit_notes_order ON credit_notes (`order`)'
    ]
  });
  app.save(creditNotes);

  const refunds = new Collection({
    type: 'base',
    name: 'refunds',
    ...locked,
    fields: [
      { type: 'relation', name: 'order', required: true, maxSelect: 1, cascadeDelete: false, collectionId: orders.id },
      { type: 'relation', name: 'credit_note', maxSelect: 1, collectionId: creditNotes.id },
      { type: 'number', name: 'amount_cents', required: true, onlyInt: true, min: 1 },
      { type: 'text', name: 'currency', required: true, min: 3, max: 3 },
      // card: back through the provider that took the money; bank_transfer / cheque: done by hand, with a reference
      { type: 'select', name: 'method', required: true, maxSelect: 1, values: ['card', 'bank_transfer', 'cheque'] },
      { type: 'text', name: 'provider', max: 40 },
      { type: 'relation', name: 'payment', maxSelect: 1, collectionId: app.findCollectionByNameOrId('payments').id },
      { type: 'text', name: 'provider_refund_id', max: 200 },
      { type: 'text', name: 'provider_event_id', max: 200 },
      { type: 'select', name: 'status', required: true, maxSelect: 1, values: ['pending', 'succeeded', 'failed'] },
      { type: 'text', name: 'reference', max: 200 },
      { type: 'text', name: 'reason', max: 1000 },
      { type: 'text', name: 'failure', max: 1000 },
      { type: 'relation', name: 'actor', maxSelect: 1, collectionId: staffId },
      ...stamps
    ],
    indexes: [
      'CREATE INDEX idx_refunds_order ON refunds (`order`)',
      "CREATE UNIQUE INDEX idx_refunds_provider_refund ON refunds (provider, provider_refund_id) WHERE provider_refund_id != ''",
      'CREATE INDEX idx_refunds_provider_refund_lookup ON refunds (provider, provider_refund_id)'
    ]
  });
  app.save(refunds);

  const surcharges = new Collection({
    type: 'base',
    name: 'surcharges',
    ...locked,
    fields: [
      { type: 'relation', name: 'order', required: true, maxSelect: 1, cascadeDelete: false, collectionId: orders.id },
      { type: 'select', name: 'kind', required: true, maxSelect: 1, values: ['extra_work', 'shipping_change', 'other'] },
      { type: 'text', name: 'reason', max: 1000 },
      // gross, with its tax rate in basis points (1900 = 19 %)
      { type: 'number', name: 'amount_cents', required: true, onlyInt: true, min: 1 },
      { type: 'number', name: 'tax_rate_bp', onlyInt: true, min: 0, max: 10000 },
      { type: 'text', name: 'currency', required: true, min: 3, max: 3 },
      { type: 'text', name: 'invoice_number', required: true, max: 40 },
      { type: 'date', name: 'issued_at', required: true },
      { type: 'select', name: 'status', required: true, maxSelect: 1, values: ['open', 'paid'] },
      { type: 'date', name: 'paid_at' },
      { type: 'text', name: 'payment_reference', max: 200 },
      { type: 'relation', name: 'actor', maxSelect: 1, collectionId: staffId },
      ...stamps
    ],
    indexes: [
      'CREATE INDEX idx_surcharges_order ON surcharges (`order`)',
      'CREATE UNIQUE INDEX idx_surcharges_invoice_number ON surcharges (invoice_number)'
    ]
  });
  app.save(surcharges);

  // the sandbox gateway's own books: what it has paid back of a payment
  const sandboxPayments = app.findCollectionByNameOrId('sandbox_payments');
  sandboxPayments.fields.add(new NumberField({ name: 'refunded_cents', onlyInt: true, min: 0 }));
  app.save(sandboxPayments);
}, (app) => {
  for (const name of ['surcharges', 'refunds', 'credit_notes']) app.delete(app.findCollectionByNameOrId(name));
  const orders = app.findCollectionByNameOrId('orders');
  for (const f of ['credited_cents', 'shipping_credited_cents', 'refunded_cents', 'surcharge_cents', 'surcharge_open_cents']) orders.fields.removeByName(f);
  app.save(orders);
  const lines = app.findCollectionByNameOrId('order_lines');
  lines.fields.removeByName('credited');
  app.save(lines);
  const sandboxPayments = app.findCollectionByNameOrId('sandbox_payments');
  sandboxPayments.fields.removeByName('refunded_cents');
  app.save(sandboxPayments);
});
