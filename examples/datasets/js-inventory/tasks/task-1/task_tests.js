'use strict';

const assert = require('assert');
const { Inventory, OrderBook } = require('../../src');

function setup() {
  const inv = new Inventory();
  inv.addProduct({ sku: 'MUG', priceCents: 1250, quantity: 10 });
  inv.addProduct({ sku: 'CAP', priceCents: 1999, quantity: 3 });
  inv.addProduct({ sku: 'PEN', priceCents: 150, quantity: 50 });
  return { inv, book: new OrderBook(inv) };
}

function reservedBySku(inv) {
  return Object.fromEntries(inv.listProducts().map((p) => [p.sku, [p.reserved, p.available]]));
}

module.exports = {
  'failed line leaves no reservation behind'() {
    const { inv, book } = setup();
    const before = reservedBySku(inv);
    assert.throws(
      () => book.createOrder([{ sku: 'MUG', quantity: 2 }, { sku: 'PEN', quantity: 5 }, { sku: 'CAP', quantity: 4 }]),
      { code: 'INSUFFICIENT_STOCK' },
    );
    assert.deepStrictEqual(reservedBySku(inv), before);
  },

  'unknown sku on a later line rolls back'() {
    const { inv, book } = setup();
    const before = reservedBySku(inv);
    assert.throws(() => book.createOrder([{ sku: 'CAP', quantity: 3 }, { sku: 'GHOST', quantity: 1 }]), {
      code: 'UNKNOWN_SKU',
    });
    assert.deepStrictEqual(reservedBySku(inv), before);
    assert.strictEqual(book.createOrder([{ sku: 'CAP', quantity: 3 }]).lines[0].quantity, 3);
  },

  'invalid discount reserves nothing'() {
    const { inv, book } = setup();
    assert.throws(() => book.createOrder([{ sku: 'MUG', quantity: 1 }], { discountPercent: 120 }), RangeError);
    assert.strictEqual(inv.available('MUG'), 10);
    assert.strictEqual(inv.getProduct('MUG').reserved, 0);
  },

  'same sku on two lines cannot oversell'() {
    const { inv, book } = setup();
    assert.throws(() => book.createOrder([{ sku: 'CAP', quantity: 2 }, { sku: 'CAP', quantity: 2 }]), {
      code: 'INSUFFICIENT_STOCK',
    });
    assert.strictEqual(inv.available('CAP'), 3);
    const ok = book.createOrder([{ sku: 'CAP', quantity: 1 }, { sku: 'CAP', quantity: 2 }]);
    assert.strictEqual(ok.totalCents, 3 * 1999);
    assert.strictEqual(inv.available('CAP'), 0);
  },

  'failed orders are not recorded and do not use ids'() {
    const { book } = setup();
    book.createOrder([{ sku: 'PEN', quantity: 1 }]);
    assert.throws(() => book.createOrder([{ sku: 'PEN', quantity: 1 }, { sku: 'CAP', quantity: 9 }]));
    assert.strictEqual(book.listOrders().length, 1);
    assert.strictEqual(book.createOrder([{ sku: 'PEN', quantity: 1 }]).id, 'ORD-0002');
  },

  'earlier orders keep their reservations after a failure'() {
    const { inv, book } = setup();
    book.createOrder([{ sku: 'MUG', quantity: 4 }]);
    assert.throws(() => book.createOrder([{ sku: 'MUG', quantity: 3 }, { sku: 'CAP', quantity: 5 }]));
    assert.strictEqual(inv.getProduct('MUG').reserved, 4);
    assert.strictEqual(inv.available('MUG'), 6);
  },
};
