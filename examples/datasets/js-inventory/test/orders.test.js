'use strict';

const assert = require('assert');
const { Inventory, OrderBook } = require('../src');

function setup() {
  const inv = new Inventory();
  inv.addProduct({ sku: 'MUG', priceCents: 1250, quantity: 10 });
  inv.addProduct({ sku: 'CAP', priceCents: 1999, quantity: 3 });
  return { inv, book: new OrderBook(inv) };
}

module.exports = {
  'createOrder prices lines and reserves stock'() {
    const { inv, book } = setup();
    const order = book.createOrder([{ sku: 'MUG', quantity: 2 }, { sku: 'CAP', quantity: 1 }]);
    assert.strictEqual(order.id, 'ORD-0001');
    assert.strictEqual(order.status, 'open');
    assert.deepStrictEqual(order.lines[0], { sku: 'MUG', quantity: 2, unitPriceCents: 1250, lineTotalCents: 2500 });
    assert.strictEqual(order.subtotalCents, 4499);
    assert.strictEqual(order.totalCents, 4499);
    assert.strictEqual(inv.available('MUG'), 8);
    assert.strictEqual(inv.available('CAP'), 2);
  },

  'discount is rounded to whole cents'() {
    const { book } = setup();
    const order = book.createOrder([{ sku: 'CAP', quantity: 1 }], { discountPercent: 15 });
    assert.strictEqual(order.discountCents, 300);
    assert.strictEqual(order.totalCents, 1699);
  },

  'order ids increase'() {
    const { book } = setup();
    book.createOrder([{ sku: 'MUG', quantity: 1 }]);
    assert.strictEqual(book.createOrder([{ sku: 'MUG', quantity: 1 }]).id, 'ORD-0002');
  },

  'createOrder validates its input'() {
    const { book } = setup();
    assert.throws(() => book.createOrder([]), { code: 'EMPTY_ORDER' });
    assert.throws(() => book.createOrder([{ sku: 'MUG', quantity: 0 }]), { code: 'INVALID_QUANTITY' });
    assert.throws(() => book.createOrder([{ sku: 'CAP', quantity: 4 }]), { code: 'INSUFFICIENT_STOCK' });
    assert.throws(() => book.createOrder([{ sku: 'MUG', quantity: 1 }], { discountPercent: 120 }), RangeError);
  },

  'shipOrder consumes the reservation'() {
    const { inv, book } = setup();
    const { id } = book.createOrder([{ sku: 'CAP', quantity: 2 }]);
    assert.strictEqual(book.shipOrder(id).status, 'shipped');
    assert.deepStrictEqual([inv.getProduct('CAP').onHand, inv.getProduct('CAP').reserved], [1, 0]);
    assert.throws(() => book.shipOrder(id), { code: 'INVALID_STATE' });
  },

  'getOrder and listOrders'() {
    const { book } = setup();
    const a = book.createOrder([{ sku: 'MUG', quantity: 1 }]);
    const b = book.createOrder([{ sku: 'CAP', quantity: 1 }]);
    book.shipOrder(b.id);
    assert.strictEqual(book.getOrder(a.id).status, 'open');
    assert.deepStrictEqual(book.listOrders().map((o) => o.id), [a.id, b.id]);
    assert.deepStrictEqual(book.listOrders({ status: 'shipped' }).map((o) => o.id), [b.id]);
    assert.throws(() => book.getOrder('ORD-9999'), { code: 'ORDER_NOT_FOUND' });
  },

  'returned orders are copies'() {
    const { book } = setup();
    const order = book.createOrder([{ sku: 'MUG', quantity: 1 }]);
    order.lines[0].quantity = 99;
    order.status = 'shipped';
    assert.strictEqual(book.getOrder(order.id).lines[0].quantity, 1);
    assert.strictEqual(book.getOrder(order.id).status, 'open');
  },
};
