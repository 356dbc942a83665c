// Demo data for a fresh Packbench: a small German tea-and-kitchen shop. Pure: builds the
// records (with fixed ids so relations can be set in one batch) and keeps the stock ledger
// consistent: every product's on_hand/reserved equals the sum of its movements.

import { demoPin, hashPinSync } from '../../src/lib/server/devices/pin-hash.js';

/** @typedef {Record<string, any>} Body a record body as PocketBase takes it */

/** @type {[string, string, number][]} */
const PRODUCTS = [
  ['TEA-ASSAM-250', 'Assam Tee, 250 g', 899], ['TEA-DARJ-100', 'Darjeeling First Flush, 100 g', 1290],
  ['TEA-EARL-200', 'Earl Grey, 200 g', 790], ['TEA-SENCHA-100', 'Sencha Bio, 100 g', 1150],
  ['TEA-ROOIB-250', 'Rooibos Vanille, 250 g', 690], ['TEA-PFEFF-100', 'Pfefferminze, 100 g', 450],
  ['TEA-KAMIL-100', 'Kamillenblüten, 100 g', 520], ['TEA-CHAI-200', 'Chai Gewürzmischung, 200 g', 840],
  ['POT-GLAS-1L', 'Glasteekanne 1 l', 2490], ['POT-GUSS-08', 'Gusseisenkanne 0,8 l', 3990],
  ['CUP-PORZ-6', 'Porzellantassen, 6 Stück', 2990], ['CUP-BECH-GR', 'Becher „Größe L“', 1290],
  ['FILT-PAP-100', 'Teefilter Papier, 100 Stück', 350], ['FILT-EDEL', 'Edelstahl-Teesieb', 890],
  ['DOSE-BLECH', 'Teedose Blech, 500 g', 990], ['WAAG-DIGI', 'Digitale Feinwaage', 1990],
  ['HONIG-500', 'Blütenhonig, 500 g', 690], ['KAND-250', 'Kandiszucker braun, 250 g', 290],
  ['GEB-MUEHLE', 'Gewürzmühle Holz', 1490], ['THERM-1L', 'Thermoskanne 1 l', 2790],
  ['STOV-WARM', 'Stövchen mit Teelicht', 1690], ['TABL-BAMB', 'Bambus-Tablett', 1890],
  ['GIFT-BOX', 'Geschenkbox „Teezeit“', 3490], ['BOOK-TEA', 'Buch: Die Welt des Tees', 2200]
];

/** @type {string[][]} */
const CUSTOMERS = [
  ['Anna Schäfer', 'anna.schaefer@example.de', 'Lindenstraße 12', '10969', 'Berlin', 'DE', 'de'],
  ['Jürgen Weiß', 'juergen.weiss@example.de', 'Königsallee 3', '40212', 'Düsseldorf', 'DE', 'de'],
  ['Zofia Wójcik', 'zofia.wojcik@example.pl', 'ul. Długa 7', '80-827', 'Gdańsk', 'PL', 'en'],
  ['Ayşe Yılmaz', 'ayse.yilmaz@example.de', 'Weserstraße 88', '12045', 'Berlin', 'DE', 'de'],
  ['Lukas Gruber', 'lukas.gruber@example.at', 'Mariahilfer Str. 45', '1060', 'Wien', 'AT', 'de'],
  ['Sophie Müller', 'sophie.mueller@example.ch', 'Bahnhofstrasse 21', '8001', 'Zürich', 'CH', 'de'],
  ['Pieter de Vries', 'pieter.devries@example.nl', 'Prinsengracht 263', '1016 GV', 'Amsterdam', 'NL', 'en'],
  ['Emily Carter', 'emily.carter@example.co.uk', '12 Baker Street', 'NW1 6XE', 'London', 'GB', 'en'],
  ['Tomáš Dvořák', 'tomas.dvorak@example.cz', 'Václavské nám. 1', '110 00', 'Praha', 'CZ', 'en'],
  ['Greta Hoffmann', 'greta.hoffmann@example.de', 'Am Markt 5', '28195', 'Bremen', 'DE', 'de']
];

// [order status, payment status, fulfilment status, payment method, fulfilment method] x count
/** @type {[string[], number][]} */
const ORDER_MIX = [
  [['draft', 'unpaid', 'unfulfilled', 'online_banking', 'ship'], 2],
  [['placed', 'unpaid', 'unfulfilled', 'online_banking', 'ship'], 3],
  [['placed', 'unpaid', 'unfulfilled', 'cheque', 'ship'], 2],
  [['placed', 'unpaid', 'unfulfilled', 'card', 'collect'], 1],
  [['placed', 'pending', 'unfulfilled', 'card', 'ship'], 2],
  [['placed', 'failed', 'unfulfilled', 'card', 'ship'], 1],
  [['placed', 'paid', 'unfulfilled', 'card', 'ship'], 5],
  [['placed', 'paid', 'picking', 'online_banking', 'ship'], 2],
  [['placed', 'paid', 'packed', 'card', 'ship'], 2],
  [['placed', 'paid', 'partially_shipped', 'card', 'ship'], 2],
  [['completed', 'paid', 'shipped', 'card', 'ship'], 3],
  [['placed', 'paid', 'ready_for_pickup', 'cash', 'collect'], 1],
  [['completed', 'paid', 'collected', 'cash', 'collect'], 1],
  // #1028: shipped and paid here; its return is recorded and received by the app itself on
  // its first start, through the returns code (server/returns/demo.ts, `demo_seed.returns`).
  // TODO(refunds, #13): its refund should follow through the refunds code the same way.
  [['completed', 'paid', 'shipped', 'card', 'ship', 'return'], 1],
  [['cancelled', 'unpaid', 'unfulfilled', 'cheque', 'ship'], 2]
];

export const DEMO_STAFF = [
  ['owner', 'Olivia Owner', 'owner@packbench.demo'],
  ['manager', 'Max Manager', 'manager@packbench.demo'],
  ['office', 'Ottilie Office', 'office@packbench.demo'],
  ['packer', 'Paul Packer', 'packer@packbench.demo']
];

/** EAN-13 with its mod-10 check digit. @param {string} first12 */
export function ean13(first12) {
  const sum = [...first12].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
  return first12 + ((10 - (sum % 10)) % 10);
}

const id = (/** @type {string} */ prefix, /** @type {number} */ n) => `${prefix}${String(n).padStart(15 - prefix.length, '0')}`;

/** A small deterministic PRNG so the demo is the same on every machine. */
/** @param {number} seed */
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * @param {{ passwords: Record<string, string>; now?: number; randomToken: () => string }} opts
 */
export function buildDemoData({ passwords, now = Date.now(), randomToken }) {
  const rand = rng(2026);
  const pickInt = (/** @type {number} */ lo, /** @type {number} */ hi) => lo + Math.floor(rand() * (hi - lo + 1));
  /** @type {[string, Body][]} */
  const records = [];
  const add = (/** @type {string} */ collection, /** @type {Body} */ body) => (records.push([collection, body]), body);

  const staff = DEMO_STAFF.map(([role, name, email], i) =>
    add('staff', { id: id('demostaff', i + 1), email, name, role, active: true, locale: 'en', password: passwords[role], passwordConfirm: passwords[role], verified: true,
      // the demo packer unlocks a registered tablet with a PIN (printed by npm start)
      ...(role === 'packer' ? { pin_hash: hashPinSync(demoPin(passwords[role])) } : {}) })
  );

  const customers = CUSTOMERS.map(([name, email, street, postcode, city, country, locale], i) =>
    add('customers', { id: id('democust', i + 1), name, email, phone: `+49 30 ${pickInt(1000000, 9999999)}`, addresses: [{ label: 'home', name, street, postcode, city, country }], locale, notes: '' })
  );

  const products = PRODUCTS.map(([sku, name, price], i) => ({
    id: id('demoprod', i + 1), sku, name, price_cents: price, tax_rate_bp: sku.startsWith('BOOK') ? 700 : 1900,
    gtins: [`0${ean13(`400638133${String(100 + i).padStart(3, '0')}`)}`], // normalised GTIN-14
    bin: `${'ABC'[i % 3]}-${String(1 + Math.floor(i / 3)).padStart(2, '0')}-${(i % 4) + 1}`,
    weight_g: pickInt(80, 1800), active: true, on_hand: 0, reserved: 0
  }));
  const ledger = new Map(products.map((p) => [p.id, { on_hand: 0, reserved: 0 }]));
  /** @type {Body[]} */
  const movements = [];
  /** @type {(product: string, dOnHand: number, dReserved: number, reason: string, order?: string, line?: string) => void} */
  const move = (product, dOnHand, dReserved, reason, order, line) => {
    const l = /** @type {{ on_hand: number; reserved: number }} */ (ledger.get(product));
    l.on_hand += dOnHand;
    l.reserved += dReserved;
    movements.push({ product, delta_on_hand: dOnHand, delta_reserved: dReserved, reason, order: order ?? '', order_line: line ?? '' });
  };
  for (const p of products) move(p.id, pickInt(40, 120), 0, 'initial');

  /** @type {Body[]} */ const orders = [];
  /** @type {Body[]} */ const lines = [];
  /** @type {Body[]} */ const events = [];
  /** @type {Body[]} */ const payments = [];
  /** @type {Body[]} */ const shipments = [];
  /** @type {Body[]} */ const shipmentLines = [];
  /** @type {Body[]} */ const notes = [];
  let number = 1000;
  let lineN = 0;
  const mix = ORDER_MIX.flatMap(([states, count]) => Array.from({ length: count }, () => states));
  /** @type {{ order: string; key: string; receivedBy: string }[]} */ const demoReturns = [];
  mix.forEach(([status, payment, fulfilment, method, fmethod, after], i) => {
    number++;
    const orderId = id('demoorder', number);
    const customer = customers[i % customers.length];
    const addr = customer.addresses[0];
    const placedAt = new Date(now - (mix.length - i) * 22 * 3600_000).toISOString();
    const chosen = new Set();
    while (chosen.size < pickInt(1, 3)) chosen.add(pickInt(0, products.length - 1));
    let subtotal = 0;
    let tax = 0;
    const orderLines = [...chosen].map((pi, pos) => {
      const p = products[pi];
      const qty = pickInt(1, 3);
      const gross = p.price_cents * qty;
      subtotal += gross;
      tax += Math.round(gross - gross / (1 + p.tax_rate_bp / 10000));
      const shipped = fulfilment === 'shipped' || fulfilment === 'collected' || fulfilment === 'returned' ? qty : fulfilment === 'partially_shipped' && pos === 0 ? Math.max(1, qty - 1) : 0;
      const picked = ['packed', 'shipped', 'collected', 'returned', 'ready_for_pickup', 'partially_shipped'].includes(fulfilment) ? qty : fulfilment === 'picking' && pos === 0 ? 1 : 0;
      const line = { id: id('demoline', ++lineN), order: orderId, product: p.id, sku: p.sku, name: p.name, unit_price_cents: p.price_cents, tax_rate_bp: p.tax_rate_bp, qty, picked, shipped, returned: fulfilment === 'returned' ? qty : 0, position: pos };
      lines.push(line);
      if (status !== 'draft') move(p.id, 0, qty, 'order_placed', orderId, line.id);
      if (status === 'cancelled') move(p.id, 0, -qty, 'order_cancelled', orderId, line.id);
      if (shipped) move(p.id, -shipped, -shipped, 'shipped', orderId, line.id);
      if (fulfilment === 'returned') move(p.id, qty, 0, 'returned_restock', orderId, line.id);
      return line;
    });
    const shipping = fmethod === 'collect' ? 0 : subtotal >= 5000 ? 0 : 495;
    const order = {
      id: orderId, number, customer: customer.id, channel: i % 5 === 0 ? 'phone' : 'web', status, payment_status: payment, fulfilment_status: fulfilment,
      payment_method: method, fulfilment_method: fmethod, customer_name: customer.name, email: customer.email, phone: customer.phone,
      shipping_address: { name: addr.name, street: addr.street, postcode: addr.postcode, city: addr.city, country: addr.country },
      billing_address: { name: addr.name, street: addr.street, postcode: addr.postcode, city: addr.city, country: addr.country },
      address_verified: false, currency: 'EUR', subtotal_cents: subtotal, tax_cents: tax, shipping_cents: shipping,
      total_cents: subtotal + shipping, locale: customer.locale || 'en', tracking_token: randomToken(), pay_token: randomToken(), version: 1,
      placed_at: status === 'draft' ? '' : placedAt, paid_at: ['paid', 'refunded'].includes(payment) ? new Date(Date.parse(placedAt) + 3600_000).toISOString() : '',
      cancelled_at: status === 'cancelled' ? new Date(Date.parse(placedAt) + 5 * 86400_000).toISOString() : '', cancel_reason: status === 'cancelled' ? 'Not paid within 7 business days' : ''
    };
    orders.push(order);
    if (after === 'return') demoReturns.push({ order: orderId, key: `demo-return-${number}`, receivedBy: staff[2].id });
    const ev = (/** @type {string} */ type, /** @type {string | null} */ actor, /** @type {Body} */ data = {}) => events.push({ order: orderId, type, actor: actor ?? '', actor_label: actor ? '' : 'customer', data });
    ev(status === 'draft' ? 'created' : 'placed', order.channel === 'phone' ? staff[2].id : null, { total_cents: order.total_cents });
    if (['paid', 'refunded'].includes(payment)) {
      payments.push({ order: orderId, method, amount_cents: order.total_cents, currency: 'EUR', status: payment === 'refunded' ? 'refunded' : 'succeeded', provider: method === 'card' ? 'sandbox' : 'manual', provider_payment_id: method === 'card' ? `pi_demo_${number}` : '', provider_event_id: method === 'card' ? `evt_demo_${number}` : '', bank_reference: method === 'card' ? `SBX-${number}-${pickInt(10000, 99999)}` : '', actor: method === 'card' ? '' : staff[1].id });
      ev('paid', method === 'card' ? null : staff[1].id, { method });
    }
    if (status === 'cancelled') ev('cancelled', null, { reason: order.cancel_reason });
    if (['shipped', 'partially_shipped', 'returned'].includes(fulfilment)) {
      const shipmentId = id('demoship', number);
      shipments.push({ id: shipmentId, order: orderId, courier: 'manual', carrier: 'DHL', tracking_number: `00340434${pickInt(1000000000, 9999999999)}`, status: fulfilment === 'partially_shipped' ? 'in_transit' : 'delivered', events: [], shipped_at: new Date(Date.parse(placedAt) + 86400_000).toISOString(), actor: staff[3].id });
      for (const l of orderLines) if (l.shipped) shipmentLines.push({ shipment: shipmentId, order_line: l.id, qty: l.shipped });
      ev('shipped', staff[3].id, { carrier: 'DHL' });
    }
    if (i % 7 === 3) notes.push({ order: orderId, author: staff[2].id, body: 'Kunde bittet um Lieferung nach 16 Uhr.', visibility: 'packing', client_id: `demo-note-${number}` });
  });

  for (const p of products) Object.assign(p, ledger.get(p.id));
  for (const p of products) add('products', { ...p, version: 1 });
  // one GTIN, one product: the catalogue's unique index (1765500000_catalogue.js)
  for (const p of products) for (const gtin of p.gtins) add('product_gtins', { product: p.id, gtin });
  for (const c of /** @type {[string, Body[]][]} */ ([['orders', orders], ['order_lines', lines], ['stock_movements', movements], ['order_events', events], ['payments', payments], ['shipments', shipments], ['shipment_lines', shipmentLines], ['order_notes', notes]])) {
    for (const body of c[1]) add(c[0], body);
  }
  add('counters', { name: 'order_number', value: number });
  add('settings', {
    key: 'shop',
    value: {
      name: 'Teehaus Packbench', currency: 'EUR', timeZone: 'Europe/Berlin', email: 'shop@packbench.demo', phone: '+49 30 1234567', vatId: 'DE123456789',
      address: { name: 'Teehaus Packbench GmbH', street: 'Friedrichstraße 100', postcode: '10117', city: 'Berlin', country: 'DE' },
      bankDetails: 'IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX', paymentTermsDays: 14, openingHours: 'Mo–Fr 9–18 Uhr, Sa 10–14 Uhr'
    }
  });
  // checkout's shipping fee: flat, free from a goods total, nothing for Click & Collect
  add('settings', { key: 'shipping', value: { flatCents: 495, freeFromCents: 5000, collectCents: 0 } });
  // the demo's orders are weeks old: with auto-cancel on, the first start would cancel every unpaid one
  add('settings', { key: 'payments', value: { autoCancel: { card: { enabled: false, businessDays: 1 }, online_banking: { enabled: false, businessDays: 7 }, cheque: { enabled: false, businessDays: 10 }, cash: { enabled: false, businessDays: 10 } }, holidays: ['01-01', '05-01', '10-03', '12-25', '12-26'], notifyCustomerOnCancel: true, receipt: 'automatic' } });
  add('settings', { key: 'demo_seed', value: { at: new Date(now).toISOString(), version: 1, returns: demoReturns } });
  return { records, staff, products, orders };
}
