/// <reference path="../pb_data/types.d.ts" />
// Three state axes (order, payment, fulfilment) instead of one; see docs/architecture.md.
migrate((app) => {
  const orders = new Collection({
    type: 'base',
    name: 'orders',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'number', name: 'number', required: true, onlyInt: true, min: 1 },
      { type: 'relation', name: 'customer', maxSelect: 1, collectionId: app.findCollectionByNameOrId('customers').id },
      { type: 'select', name: 'channel', required: true, maxSelect: 1, values: ['web', 'phone', 'repeat'] },
      { type: 'select', name: 'status', required: true, maxSelect: 1, values: ['draft', 'placed', 'completed', 'cancelled'] },
      { type: 'select', name: 'payment_status', required: true, maxSelect: 1, values: ['unpaid', 'pending', 'paid', 'failed', 'refunded', 'partially_refunded'] },
      { type: 'select', name: 'fulfilment_status', required: true, maxSelect: 1, values: ['unfulfilled', 'picking', 'packed', 'partially_shipped', 'shipped', 'ready_for_pickup', 'collected', 'returned'] },
      { type: 'select', name: 'payment_method', maxSelect: 1, values: ['card', 'online_banking', 'cheque', 'cash'] },
      { type: 'select', name: 'fulfilment_method', required: true, maxSelect: 1, values: ['ship', 'collect'] },
      { type: 'text', name: 'customer_name', max: 200 },
      { type: 'email', name: 'email' },
      { type: 'text', name: 'phone', max: 40 },
      // { name, company, street, postcode, city, country }
      { type: 'json', name: 'shipping_address', maxSize: 4000 },
      { type: 'json', name: 'billing_address', maxSize: 4000 },
      { type: 'bool', name: 'address_verified' },
      { type: 'text', name: 'currency', required: true, min: 3, max: 3 },
      { type: 'number', name: 'subtotal_cents', onlyInt: true },
      { type: 'number', name: 'tax_cents', onlyInt: true },
      { type: 'number', name: 'shipping_cents', onlyInt: true },
      { type: 'number', name: 'total_cents', onlyInt: true },
      { type: 'select', name: 'locale', maxSelect: 1, values: ['en', 'de'] },
      // >= 128 random bits for the public tracking page; never the record id
      { type: 'text', name: 'tracking_token', required: true, min: 22, max: 64 },
      { type: 'number', name: 'version', onlyInt: true, min: 0 },
      { type: 'text', name: 'idempotency_key', max: 100 },
      { type: 'text', name: 'invoice_number', max: 40 },
      { type: 'text', name: 'cancel_reason', max: 500 },
      { type: 'date', name: 'placed_at' },
      { type: 'date', name: 'paid_at' },
      { type: 'date', name: 'cancelled_at' },
      { type: 'relation', name: 'created_by', maxSelect: 1, collectionId: app.findCollectionByNameOrId('staff').id },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: [
      'CREATE UNIQUE INDEX idx_orders_number ON orders (number)',
      'CREATE UNIQUE INDEX idx_orders_tracking_token ON orders (tracking_token)',
      "CREATE UNIQUE INDEX idx_orders_idempotency ON orders (idempotency_key) WHERE idempotency_key != ''",
      "CREATE UNIQUE INDEX idx_orders_invoice ON orders (invoice_number) WHERE invoice_number != ''",
      'CREATE INDEX idx_orders_status ON orders (status, created)',
      'CREATE INDEX idx_orders_payment ON orders (payment_status, payment_method)',
      'CREATE INDEX idx_orders_fulfilment ON orders (fulfilment_status)',
      'CREATE INDEX idx_orders_customer ON orders (customer)',
      'CREATE INDEX idx_orders_customer_name ON orders (customer_name COLLATE NOCASE)',
      'CREATE INDEX idx_orders_created ON orders (created)'
    ]
  });
  app.save(orders);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('orders'));
});
