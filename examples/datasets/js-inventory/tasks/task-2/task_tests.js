'use strict';

const assert = require('assert');
const { Inventory } = require('../../src');

function stocked() {
  const inv = new Inventory();
  inv.addProduct({ sku: 'MUG', priceCents: 1250, quantity: 10 });
  inv.addProduct({ sku: 'CAP', priceCents: 1999, quantity: 3 });
  inv.addProduct({ sku: 'BAG', priceCents: 2500, quantity: 3 });
  inv.addProduct({ sku: 'PEN', priceCents: 150, quantity: 0 });
  inv.addProduct({ sku: 'TEE', priceCents: 1800, quantity: 8 });
  return inv;
}

module.exports = {
  'lowStock lists products at or below the threshold'() {
    assert.deepStrictEqual(stocked().lowStock(3), [
      { sku: 'PEN', available: 0 },
      { sku: 'BAG', available: 3 },
      { sku: 'CAP', available: 3 },
    ]);
  },

  'lowStock counts reservations'() {
    const inv = stocked();
    inv.reserve('TEE', 6);
    inv.reserve('MUG', 10);
    assert.deepStrictEqual(inv.lowStock(2), [
      { sku: 'MUG', available: 0 },
      { sku: 'PEN', available: 0 },
      { sku: 'TEE', available: 2 },
    ]);
  },

  'lowStock with zero threshold'() {
    assert.deepStrictEqual(stocked().lowStock(0), [{ sku: 'PEN', available: 0 }]);
  },

  'lowStock with nothing low or no products'() {
    const inv = new Inventory();
    assert.deepStrictEqual(inv.lowStock(5), []);
    inv.addProduct({ sku: 'A', priceCents: 1, quantity: 9 });
    assert.deepStrictEqual(inv.lowStock(5), []);
  },

  'lowStock validates the threshold'() {
    const inv = stocked();
    for (const bad of [-1, 1.5, '3', NaN, undefined, null]) {
      assert.throws(() => inv.lowStock(bad), RangeError, `threshold ${String(bad)}`);
    }
  },

  'lowStock result is detached from the inventory'() {
    const inv = stocked();
    const report = inv.lowStock(0);
    report[0].available = 100;
    assert.strictEqual(inv.available('PEN'), 0);
  },
};
