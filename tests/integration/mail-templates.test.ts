// Every mail topic rendered from real PocketBase records, in English and German.
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureMail } from '../../src/lib/server/mail/config';
import { mailTopics, renderEmail } from '../../src/lib/server/mail/templates/registry';
import { PermanentDeliveryError } from '../../src/lib/server/outbox/errors';
import { createOrder, createProduct } from '../support/factories';
import { usePocketBase } from '../support/pocketbase';
import { addPayment, addShipment, setShop, TEST_SHOP } from './mail-support';

usePocketBase();

const HOSTILE = `Tom <b>&</b> "Jerry"`;
// 23:30 UTC on 28 March is already 29 March in Berlin
const PLACED = '2026-03-28T23:30:00.000Z';

async function anOrder(overrides: Record<string, unknown> = {}) {
  const tea = await createProduct({ sku: `TEA-ASSAM-${Math.random().toString(36).slice(2, 8)}`, name: 'Assam Tee „Größe L“', price_cents: 899, tax_rate_bp: 700 });
  const pot = await createProduct({ sku: `POT-GLAS-${Math.random().toString(36).slice(2, 8)}`, name: 'Glasteekanne 1 l', price_cents: 2490 });
  return createOrder(
    {
      customer_name: HOSTILE,
      email: 'tom@example.com',
      phone: '+49 170 5550000',
      placed_at: PLACED,
      payment_method: 'online_banking',
      subtotal_cents: 2 * 899 + 2490,
      shipping_cents: 495,
      tax_cents: 515,
      total_cents: 2 * 899 + 2490 + 495,
      shipping_address: { name: HOSTILE, street: 'Hauptstraße 1', postcode: '10115', city: 'Berlin', country: 'DE' },
      ...overrides
    },
    [
      { product: tea, qty: 2 },
      { product: pot, qty: 1 }
    ]
  );
}

const render = (topic: string, locale: 'en' | 'de', data: Record<string, unknown>) => renderEmail({ topic, locale, data });

beforeAll(async () => {
  configureMail({ appUrl: 'https://packbench.example', smtpUrl: null, from: null });
  await setShop();
});

describe('mail templates', () => {
  it('provide every topic other parts of Packbench queue', () => {
    expect(mailTopics()).toEqual(['delivery', 'exchange_on_its_way', 'order_cancelled', 'order_cancelled_unpaid', 'order_confirmation', 'order_placed_merchant', 'pickup_ready', 'receipt', 'refund_issued', 'return_label', 'return_received', 'staff_invitation', 'surcharge_due', 'webhook_disabled']);
  });

  it('F43 webhook_disabled names the endpoint and when it started failing, in both languages', async () => {
    const data = { url: 'https://erp.example/hooks', failingSince: '2026-03-28T23:30:00.000Z' };
    const en = await render('webhook_disabled', 'en', data);
    expect(en.subject).toBe('A webhook endpoint was switched off');
    expect(en.text).toContain('https://erp.example/hooks');
    expect(en.text).toContain('29 Mar 2026');
    const de = await render('webhook_disabled', 'de', data);
    expect(de.subject).toBe('Ein Webhook-Endpunkt wurde abgeschaltet');
  });

  it('order_placed_merchant: number, customer, lines, total and a link to the staff order page', async () => {
    const { order } = await anOrder();
    const en = await render('order_placed_merchant', 'en', { orderId: order.id, number: order.number });
    expect(en.subject).toBe(`New order #${order.number} from ${HOSTILE} (€47.83)`);
    expect(en.text).toContain(`https://packbench.example/orders/${order.id}`);
    expect(en.text).toMatch(/2 × Assam Tee „Größe L“ \(TEA-ASSAM-\w+\)  €17\.98/);
    expect(en.text).toContain('Total: €47.83');
    expect(en.text).toContain('Order date: 29 Mar 2026, 00:30');
    expect(en.replyTo).toBe('tom@example.com');
    const de = await render('order_placed_merchant', 'de', { orderId: order.id });
    expect(de.subject).toBe(`Neue Bestellung #${order.number} von ${HOSTILE} (47,83\u00a0€)`);
    expect(de.text).toContain('Bestelldatum: 29.03.2026, 00:30');
    expect(de.html).toContain(`href="https://packbench.example/orders/${order.id}"`);
  });

  it('escapes customer names and shop names in HTML and keeps them as written in text', async () => {
    const { order } = await anOrder();
    const mail = await render('order_confirmation', 'en', { orderId: order.id });
    expect(mail.html).not.toContain('<b>&</b>');
    expect(mail.html).toContain('Hello Tom &lt;b&gt;&amp;&lt;/b&gt; &quot;Jerry&quot;,');
    expect(mail.html).toContain('Teehaus &lt;Test&gt; &amp; Co');
    expect(mail.text).toContain(`Hello ${HOSTILE},`);
    // the HTML parses back to exactly the name
    const parsed = await simpleParser(`Content-Type: text/html; charset=utf-8\r\n\r\n${mail.html}`);
    expect(parsed.text).toContain(`Hello ${HOSTILE},`);
  });

  it('order_confirmation: bank transfer instructions while unpaid, tracking link, both languages', async () => {
    const { order } = await anOrder();
    const en = await render('order_confirmation', 'en', { orderId: order.id });
    expect(en.subject).toBe(`Your order #${order.number} at ${TEST_SHOP.name}`);
    expect(en.text).toContain(`Please transfer:\n€47.83\nReference: Order ${order.number}\nTeehaus Test GmbH\n${TEST_SHOP.bankDetails}`);
    expect(en.text).toContain(`https://packbench.example/track/${order.tracking_token}`);
    expect(en.text).toContain('Delivery address:');
    const de = await render('order_confirmation', 'de', { orderId: order.id });
    expect(de.subject).toBe(`Ihre Bestellung #${order.number} bei ${TEST_SHOP.name}`);
    expect(de.text).toContain(`Bitte überweisen Sie:\n47,83\u00a0€\nVerwendungszweck: Bestellung ${order.number}`);
    expect(de.text).toContain('Gesamt: 47,83\u00a0€');
    const paid = await anOrder({ payment_status: 'paid', payment_method: 'card' });
    expect((await render('order_confirmation', 'en', { orderId: paid.order.id })).text).not.toContain('Please transfer');
  });

  it('receipt: the receipt PDF is attached', async () => {
    const { order } = await anOrder({ payment_status: 'paid', payment_method: 'card' });
    await addPayment(order);
    for (const [locale, subject, body] of [
      ['en', `Receipt for your order #${order.number}`, 'thank you for your payment of €47.83'],
      ['de', `Beleg zu Ihrer Bestellung #${order.number}`, 'vielen Dank für Ihre Zahlung über 47,83\u00a0€']
    ] as const) {
      const mail = await render('receipt', locale, { orderId: order.id });
      expect(mail.subject).toBe(subject);
      expect(mail.text).toContain(body);
      expect(mail.attachments).toHaveLength(1);
      const [pdf] = mail.attachments;
      expect(pdf.filename).toBe(`receipt-${order.number}.pdf`);
      expect(pdf.contentType).toBe('application/pdf');
      expect(Buffer.from(pdf.content.subarray(0, 5)).toString()).toBe('%PDF-');
      expect(pdf.content.byteLength).toBeGreaterThan(2000);
    }
  });

  it('order_cancelled and order_cancelled_unpaid name the order, the reason and the amount', async () => {
    const { order } = await anOrder({ status: 'cancelled', cancel_reason: 'Out of stock' });
    const en = await render('order_cancelled', 'en', { orderId: order.id, reason: 'Customer asked us to' });
    expect(en.subject).toBe(`Your order #${order.number} has been cancelled`);
    expect(en.text).toContain('Reason:\nCustomer asked us to');
    expect(en.text).toContain(`we have cancelled your order #${order.number} of 29 Mar 2026.`);
    expect(en.text).not.toContain('refunded');
    const de = await render('order_cancelled', 'de', { orderId: order.id });
    expect(de.subject).toBe(`Ihre Bestellung #${order.number} wurde storniert`);
    expect(de.text).toContain('Grund:\nOut of stock');

    const unpaid = await render('order_cancelled_unpaid', 'en', { orderId: order.id });
    expect(unpaid.subject).toBe(`Order #${order.number} cancelled: we did not receive your payment`);
    expect(unpaid.text).toContain('your payment of €47.83');
    const unpaidDe = await render('order_cancelled_unpaid', 'de', { orderId: order.id, businessDays: 7, number: order.number });
    expect(unpaidDe.subject).toBe(`Bestellung #${order.number} storniert: keine Zahlung eingegangen`);
    expect(unpaidDe.text).toContain(`für Ihre Bestellung #${order.number} vom 29.03.2026 ist bei uns innerhalb von 7 Werktagen keine Zahlung über 47,83\u00a0€ eingegangen.`);
    expect((await render('order_cancelled_unpaid', 'en', { orderId: order.id, businessDays: 1 })).text).toContain('of 29 Mar 2026 within 1 business day, so');
  });

  it('delivery: carrier, tracking number, carrier link, Packbench tracking link and the parcel contents', async () => {
    const { order, lines } = await anOrder({ payment_status: 'paid', fulfilment_status: 'partially_shipped' });
    const shipment = await addShipment(order.id, [{ id: lines[0].id, qty: 2 }]);
    const en = await render('delivery', 'en', { orderId: order.id, shipmentId: shipment.id });
    expect(en.subject).toBe(`Your order #${order.number} is on its way`);
    expect(en.text).toContain('Carrier: DHL\nTracking number: 00340434161234567890');
    expect(en.text).toContain('https://www.dhl.de/en/privatkunden/dhl-sendungsverfolgung.html?piececode=00340434161234567890');
    expect(en.text).toContain(`https://packbench.example/track/${order.tracking_token}`);
    expect(en.text).toContain('The remaining items will follow separately.');
    expect(en.text).toContain('2 × Assam Tee');
    expect(en.text).not.toContain('Glasteekanne'); // not in this parcel
    const de = await render('delivery', 'de', { orderId: order.id, shipmentId: shipment.id, status: 'delivered' });
    expect(de.subject).toBe(`Ihre Bestellung #${order.number} wurde zugestellt`);
    expect(de.text).toContain('Sendungsnummer: 00340434161234567890');
    expect(de.html).toContain('href="https://www.dhl.de/de/privatkunden/dhl-sendungsverfolgung.html?piececode=00340434161234567890"');
  });

  it('pickup_ready: opening hours and the shop address from the settings', async () => {
    const { order } = await anOrder({ fulfilment_method: 'collect', payment_method: 'cash', shipping_cents: 0 });
    const en = await render('pickup_ready', 'en', { orderId: order.id });
    expect(en.subject).toBe(`Your order #${order.number} is ready for pickup`);
    expect(en.text).toContain(`Where:\n${TEST_SHOP.name}\nTeehaus Test GmbH\nFriedrichstraße 100\n10117 Berlin`);
    expect(en.text).toContain(`Opening hours:\n${TEST_SHOP.openingHours}`);
    expect(en.text).toContain('Please pay €47.83 when you collect it.');
    const de = await render('pickup_ready', 'de', { orderId: order.id });
    expect(de.subject).toBe(`Ihre Bestellung #${order.number} liegt zur Abholung bereit`);
    expect(de.text).toContain('Öffnungszeiten:');
  });

  it('refuses for good: an unknown topic, data that breaks the contract, a deleted order', async () => {
    const refused = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);
    expect(await refused(render('no_such_topic', 'en', {}))).toBeInstanceOf(PermanentDeliveryError);
    const bad = await refused(render('receipt', 'en', { orderId: 42 }));
    expect(bad).toBeInstanceOf(PermanentDeliveryError);
    expect((bad as Error).message).toContain('orderId');
    const gone = await refused(render('receipt', 'en', { orderId: 'abcdefghijklmno' }));
    expect(gone).toBeInstanceOf(PermanentDeliveryError);
  });

  it('ignores optional extras that do not fit instead of losing the mail', async () => {
    const { order } = await anOrder({ status: 'cancelled' });
    const mail = await render('order_cancelled_unpaid', 'en', { orderId: order.id, businessDays: 'seven' });
    expect(mail.text).toContain('of 29 Mar 2026, so');
  });

  it('falls back to English for an unknown locale', async () => {
    const { order } = await anOrder();
    expect((await renderEmail({ topic: 'order_confirmation', locale: 'fr', data: { orderId: order.id } })).subject).toMatch(/^Your order/);
  });
});
