/// <reference path="../pb_data/types.d.ts" />
// The embedded mail transport: without SMTP_URL, delivered e-mails land here and staff read
// them at /mail. message_id is unique, so a delivery retried after a crash is stored once.
migrate((app) => {
  const mailbox = new Collection({
    type: 'base',
    name: 'mailbox',
    listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    fields: [
      { type: 'text', name: 'message_id', required: true, max: 200 },
      { type: 'relation', name: 'outbox', maxSelect: 1, collectionId: app.findCollectionByNameOrId('outbox').id },
      { type: 'relation', name: 'order', maxSelect: 1, collectionId: app.findCollectionByNameOrId('orders').id },
      { type: 'text', name: 'topic', max: 80 },
      { type: 'text', name: 'sender', max: 500 },
      { type: 'text', name: 'recipient', required: true, max: 500 },
      { type: 'text', name: 'reply_to', max: 500 },
      { type: 'text', name: 'subject', max: 500 },
      { type: 'text', name: 'text', max: 1000000 },
      { type: 'text', name: 'html', max: 2000000 },
      // downloaded through the app server only (role-checked), never by a public URL
      { type: 'file', name: 'attachments', maxSelect: 20, maxSize: 20 << 20, protected: true },
      // [{ name, size, contentType }] in the order of `attachments`
      { type: 'json', name: 'attachment_info', maxSize: 20000 },
      { type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
      { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
    ],
    indexes: [
      'CREATE UNIQUE INDEX idx_mailbox_message ON mailbox (message_id)',
      'CREATE INDEX idx_mailbox_created ON mailbox (created)',
      'CREATE INDEX idx_mailbox_order ON mailbox (`order`)'
    ]
  });
  app.save(mailbox);
}, (app) => {
  app.delete(app.findCollectionByNameOrId('mailbox'));
});
