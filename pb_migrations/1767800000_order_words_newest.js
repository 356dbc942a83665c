/// <reference path="../pb_data/types.d.ts" />
// The order search streams a common word's orders newest first (#15): "Müller" has 20,000 of
// 200,000 orders, and its page is the newest 50. The word index's ids ("<word> <number>")
// sort each word's orders by the number's digits, not its value, so a word's newest orders
// were a sort of all its rows; (word, number) walks them in order and stops at the page
// (pb_hooks/lib/order-words-newest.js). 1766600000 had dropped this index while nothing read
// it; the batches of the word index write it, not the checkout.
const INDEX = 'CREATE INDEX `idx_order_words_word_number` ON `order_words` (`word`, `number`)';

migrate((app) => {
  const words = app.findCollectionByNameOrId('order_words');
  words.indexes = [...words.indexes, INDEX];
  app.save(words);
}, (app) => {
  const words = app.findCollectionByNameOrId('order_words');
  words.indexes = words.indexes.filter((i) => i !== INDEX);
  app.save(words);
});
