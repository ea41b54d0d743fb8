'use strict';

const assert = require('assert');
const { Inventory, InventoryError, OrderBook } = require('../../src');

function setup() {
  const inv = new Inventory();
  inv.addProduct({ sku: 'MUG', priceCents: 1250, quantity: 10 });
  inv.addProduct({ sku: 'CAP', priceCents: 1999, quantity: 3 });
  return { inv, book: new OrderBook(inv) };
}

module.exports = {
  'cancelOrder releases reserved stock'() {
    const { inv, book } = setup();
    const order = book.createOrder([{ sku: 'MUG', quantity: 4 }, { sku: 'CAP', quantity: 3 }]);
    const cancelled = book.cancelOrder(order.id);
    assert.strictEqual(cancelled.status, 'cancelled');
    assert.strictEqual(cancelled.id, order.id);
    assert.deepStrictEqual(cancelled.lines, order.lines);
    for (const sku of ['MUG', 'CAP']) {
      assert.strictEqual(inv.getProduct(sku).reserved, 0, sku);
    }
    assert.strictEqual(inv.available('MUG'), 10);
    assert.strictEqual(inv.getProduct('CAP').onHand, 3);
  },

  'cancelling only touches that order'() {
    const { inv, book } = setup();
    const keep = book.createOrder([{ sku: 'MUG', quantity: 2 }]);
    const drop = book.createOrder([{ sku: 'MUG', quantity: 5 }]);
    book.cancelOrder(drop.id);
    assert.strictEqual(inv.getProduct('MUG').reserved, 2);
    assert.strictEqual(book.getOrder(keep.id).status, 'open');
    assert.strictEqual(book.getOrder(drop.id).status, 'cancelled');
  },

  'unknown order'() {
    const { book } = setup();
    assert.throws(() => book.cancelOrder('ORD-4242'), (err) => err instanceof InventoryError && err.code === 'ORDER_NOT_FOUND');
  },

  'cannot cancel twice'() {
    const { inv, book } = setup();
    book.createOrder([{ sku: 'CAP', quantity: 1 }]);
    const order = book.createOrder([{ sku: 'CAP', quantity: 1 }]);
    book.cancelOrder(order.id);
    assert.throws(() => book.cancelOrder(order.id), { code: 'INVALID_STATE' });
    assert.strictEqual(inv.getProduct('CAP').reserved, 1);
  },

  'cannot cancel a shipped order'() {
    const { inv, book } = setup();
    const order = book.createOrder([{ sku: 'CAP', quantity: 2 }]);
    book.shipOrder(order.id);
    assert.throws(() => book.cancelOrder(order.id), { code: 'INVALID_STATE' });
    assert.deepStrictEqual([inv.getProduct('CAP').onHand, inv.getProduct('CAP').reserved], [1, 0]);
    assert.strictEqual(book.getOrder(order.id).status, 'shipped');
  },

  'cancelled order cannot ship and is listed as cancelled'() {
    const { inv, book } = setup();
    const a = book.createOrder([{ sku: 'MUG', quantity: 1 }]);
    const b = book.createOrder([{ sku: 'MUG', quantity: 1 }]);
    book.cancelOrder(b.id);
    assert.throws(() => book.shipOrder(b.id), { code: 'INVALID_STATE' });
    assert.strictEqual(inv.getProduct('MUG').onHand, 10);
    assert.deepStrictEqual(book.listOrders({ status: 'cancelled' }).map((o) => o.id), [b.id]);
    assert.deepStrictEqual(book.listOrders({ status: 'open' }).map((o) => o.id), [a.id]);
  },

  'returned order is a copy'() {
    const { book } = setup();
    const order = book.createOrder([{ sku: 'MUG', quantity: 1 }]);
    const cancelled = book.cancelOrder(order.id);
    cancelled.status = 'open';
    assert.strictEqual(book.getOrder(order.id).status, 'cancelled');
  },
};
