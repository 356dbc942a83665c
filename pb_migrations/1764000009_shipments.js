/// <reference path="../pb_data/types.d.ts" />
migrate((app) => {
  const shipments = new Collection({
    type: 'base',
    name: 'shipments',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'relation', name: 'order', required: true, maxSelect: 1, cascadeDelete: true, collectionId: app.findCollectionByNameOrId('orders').id },
      { type: 'select', name: 'courier', required: true, maxSelect: 1, values: ['manual', 'sandbox', 'sendcloud'] },
      { type: 'text', name: 'carrier', max: 40 },
      { type: 'text', name: 'tracking_number', max: 100 },
      { type: 'url', name: 'tracking_url' },
      { type: 'text', name: 'courier_ref', max: 200 },
      { type: 'select', name: 'status', required: true, maxSelect: 1, values: ['draft', 'label_created', 'handed_over', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned', 'cancelled'] },
      // [{ id, status, at, location, description }] from courier notifications
      { type: 'json', name: 'events', maxSize: 200000 },
      { type: 'date', name: 'shipped_at' },
      { type: 'relation', name: 'actor', maxSelect: 1, collectionId: app.findCollectionByNameOrId('staff').id },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: [
      'CREATE INDEX idx_shipments_order ON shipments (`order`)',
      'CREATE INDEX idx_shipments_tracking ON shipments (courier, tracking_number)'
    ]
  });
  app.save(shipments);

  const shipmentLines = new Collection({
    type: 'base',
    name: 'shipment_lines',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'relation', name: 'shipment', required: true, maxSelect: 1, cascadeDelete: true, collectionId: shipments.id },
      { type: 'relation', name: 'order_line', required: true, maxSelect: 1, cascadeDelete: true, collectionId: app.findCollectionByNameOrId('order_lines').id },
      { type: 'number', name: 'qty', required: true, onlyInt: true, min: 1 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
    ],
    indexes: ['CREATE INDEX idx_shipment_lines_shipment ON shipment_lines (shipment)']
  });
  app.save(shipmentLines);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('shipment_lines'));
  app.delete(app.findCollectionByNameOrId('shipments'));
});
