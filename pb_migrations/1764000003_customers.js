/// <reference path="../pb_data/types.d.ts" />
migrate((app) => {
  const customers = new Collection({
    type: 'base',
    name: 'customers',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'text', name: 'name', required: true, max: 200 },
      { type: 'email', name: 'email' },
      { type: 'text', name: 'phone', max: 40 },
      { type: 'text', name: 'company', max: 200 },
      // [{ label, name, company, street, postcode, city, country }]
      { type: 'json', name: 'addresses', maxSize: 20000 },
      { type: 'select', name: 'locale', maxSelect: 1, values: ['en', 'de'] },
      { type: 'text', name: 'notes', max: 5000 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: [
      'CREATE INDEX idx_customers_name ON customers (name COLLATE NOCASE)',
      'CREATE INDEX idx_customers_email ON customers (email)'
    ]
  });
  app.save(customers);

  const searches = new Collection({
    type: 'base',
    name: 'customer_searches',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'relation', name: 'staff', maxSelect: 1, cascadeDelete: true, collectionId: app.findCollectionByNameOrId('staff').id },
      { type: 'text', name: 'query', required: true, max: 200 },
      { type: 'relation', name: 'customer', maxSelect: 1, cascadeDelete: true, collectionId: customers.id },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
    ],
    indexes: ['CREATE INDEX idx_customer_searches_staff ON customer_searches (staff, created)']
  });
  app.save(searches);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('customer_searches'));
  app.delete(app.findCollectionByNameOrId('customers'));
});
