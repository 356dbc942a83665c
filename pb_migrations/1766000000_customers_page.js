/// <reference path="../pb_data/types.d.ts" />
// The customers page (#14): edits are guarded by a version like orders and products; notes
// are their own records (who wrote what, when); an anonymised customer keeps the date it
// happened. Newest-first keyset pages walk (created, id).
migrate((app) => {
  const customers = app.findCollectionByNameOrId('customers');
  customers.fields.add(new NumberField({ name: 'version', onlyInt: true, min: 0 }));
  customers.fields.add(new DateField({ name: 'anonymised_at' }));
  customers.addIndex('idx_customers_created', false, 'created, id', '');
  app.save(customers);

  const notes = new Collection({
    type: 'base',
    name: 'customer_notes',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'relation', name: 'customer', required: true, maxSelect: 1, cascadeDelete: true, collectionId: customers.id },
      { type: 'relation', name: 'author', maxSelect: 1, cascadeDelete: false, collectionId: app.findCollectionByNameOrId('staff').id },
      { type: 'text', name: 'body', required: true, max: 2000 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
    ],
    indexes: ['CREATE INDEX idx_customer_notes_customer ON customer_notes (customer, created)']
  });
  app.save(notes);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('customer_notes'));
  const customers = app.findCollectionByNameOrId('customers');
  customers.removeIndex('idx_customers_created');
  customers.fields.removeByName('version');
  customers.fields.removeByName('anonymised_at');
  app.save(customers);
});
