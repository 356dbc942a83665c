/// <reference path="../pb_data/types.d.ts" />
// F40 exchanges: an order line added as the replacement for returned items names its return.
migrate((app) => {
  const lines = app.findCollectionByNameOrId('order_lines');
  lines.fields.add(new TextField({ name: 'exchange_return', max: 40 }));
  app.save(lines);
}, (app) => {
  const lines = app.findCollectionByNameOrId('order_lines');
  lines.fields.removeByName('exchange_return');
  app.save(lines);
});
