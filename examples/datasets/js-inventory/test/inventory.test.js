'use strict';

const assert = require('assert');
const { Inventory } = require('../src/inventory');

function sample() {
  const inv = new Inventory();
  inv.addProduct({ sku: 'MUG', name: 'Coffee mug', priceCents: 1250, quantity: 10 });
  inv.addProduct({ sku: 'CAP', name: 'Cap', priceCents: 1999, quantity: 3 });
  return inv;
}

module.exports = {
  'addProduct stores a product with its stock'() {
    const inv = sample();
    assert.deepStrictEqual(inv.getProduct('MUG'), {
      sku: 'MUG', name: 'Coffee mug', priceCents: 1250, onHand: 10, reserved: 0, available: 10,
    });
  },

  'addProduct rejects duplicates and bad input'() {
    const inv = sample();
    assert.throws(() => inv.addProduct({ sku: 'MUG', priceCents: 1 }), { code: 'DUPLICATE_SKU' });
    assert.throws(() => inv.addProduct({ sku: '', priceCents: 1 }), TypeError);
    assert.throws(() => inv.addProduct({ sku: 'X', priceCents: 1.5 }), RangeError);
    assert.throws(() => inv.addProduct({ sku: 'Y', priceCents: 1, quantity: -1 }), RangeError);
  },

  'name defaults to the sku and quantity to zero'() {
    const inv = new Inventory();
    const p = inv.addProduct({ sku: 'PEN', priceCents: 99 });
    assert.strictEqual(p.name, 'PEN');
    assert.strictEqual(p.available, 0);
  },

  'getProduct returns a snapshot'() {
    const inv = sample();
    inv.getProduct('MUG').onHand = 0;
    assert.strictEqual(inv.available('MUG'), 10);
  },

  'unknown sku raises UNKNOWN_SKU'() {
    const inv = sample();
    assert.throws(() => inv.available('NOPE'), { code: 'UNKNOWN_SKU' });
    assert.throws(() => inv.restock('NOPE', 1), { code: 'UNKNOWN_SKU' });
  },

  'reserve and release move stock between available and reserved'() {
    const inv = sample();
    inv.reserve('MUG', 4);
    assert.strictEqual(inv.available('MUG'), 6);
    assert.strictEqual(inv.getProduct('MUG').reserved, 4);
    inv.release('MUG', 3);
    assert.strictEqual(inv.available('MUG'), 9);
  },

  'reserve refuses more than is available'() {
    const inv = sample();
    inv.reserve('CAP', 2);
    assert.throws(() => inv.reserve('CAP', 2), { code: 'INSUFFICIENT_STOCK' });
    assert.strictEqual(inv.getProduct('CAP').reserved, 2);
  },

  'release refuses more than is reserved'() {
    const inv = sample();
    inv.reserve('CAP', 1);
    assert.throws(() => inv.release('CAP', 2), { code: 'INVALID_QUANTITY' });
  },

  'counts must be positive integers'() {
    const inv = sample();
    for (const bad of [0, -2, 1.5, '3']) {
      assert.throws(() => inv.reserve('MUG', bad), { code: 'INVALID_QUANTITY' });
      assert.throws(() => inv.restock('MUG', bad), { code: 'INVALID_QUANTITY' });
    }
  },

  'commit ships reserved units'() {
    const inv = sample();
    inv.reserve('MUG', 4);
    inv.commit('MUG', 4);
    assert.deepStrictEqual(
      [inv.getProduct('MUG').onHand, inv.getProduct('MUG').reserved, inv.available('MUG')],
      [6, 0, 6],
    );
  },

  'restock adds to on-hand stock'() {
    const inv = sample();
    inv.restock('CAP', 7);
    assert.strictEqual(inv.available('CAP'), 10);
  },

  'listProducts is sorted by sku'() {
    const inv = sample();
    assert.deepStrictEqual(inv.listProducts().map((p) => p.sku), ['CAP', 'MUG']);
  },
};
