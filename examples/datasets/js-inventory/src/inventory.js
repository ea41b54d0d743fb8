'use strict';

const { InventoryError, assertCount } = require('./errors');

// Stock is tracked per SKU as `onHand` (physically in the warehouse) and
// `reserved` (promised to open orders). Only `onHand - reserved` can be sold.
class Inventory {
  constructor() {
    this._products = new Map();
  }

  addProduct({ sku, name, priceCents, quantity = 0 }) {
    if (typeof sku !== 'string' || sku.trim() === '') {
      throw new TypeError('sku must be a non-empty string');
    }
    if (this._products.has(sku)) {
      throw new InventoryError('DUPLICATE_SKU', `product ${sku} already exists`);
    }
    if (!Number.isInteger(priceCents) || priceCents < 0) {
      throw new RangeError('priceCents must be a non-negative integer');
    }
    if (!Number.isInteger(quantity) || quantity < 0) {
      throw new RangeError('quantity must be a non-negative integer');
    }
    this._products.set(sku, { sku, name: name || sku, priceCents, onHand: quantity, reserved: 0 });
    return this.getProduct(sku);
  }

  hasProduct(sku) {
    return this._products.has(sku);
  }

  // Returns a snapshot; mutating it does not affect the inventory.
  getProduct(sku) {
    const p = this._get(sku);
    return { ...p, available: p.onHand - p.reserved };
  }

  listProducts() {
    return [...this._products.keys()].sort().map((sku) => this.getProduct(sku));
  }

  available(sku) {
    const p = this._get(sku);
    return p.onHand - p.reserved;
  }

  restock(sku, count) {
    assertCount(count, 'restock count');
    this._get(sku).onHand += count;
  }

  reserve(sku, count) {
    assertCount(count, 'reserve count');
    const p = this._get(sku);
    if (count > p.onHand - p.reserved) {
      throw new InventoryError(
        'INSUFFICIENT_STOCK',
        `cannot reserve ${count} of ${sku}: only ${p.onHand - p.reserved} available`,
      );
    }
    p.reserved += count;
  }

  release(sku, count) {
    assertCount(count, 'release count');
    const p = this._get(sku);
    if (count > p.reserved) {
      throw new InventoryError('INVALID_QUANTITY', `cannot release ${count} of ${sku}: only ${p.reserved} reserved`);
    }
    p.reserved -= count;
  }

  // Turns a reservation into a shipment: the units leave the warehouse.
  commit(sku, count) {
    this.release(sku, count);
    this._get(sku).onHand -= count;
  }

  _get(sku) {
    const p = this._products.get(sku);
    if (!p) throw new InventoryError('UNKNOWN_SKU', `unknown product ${sku}`);
    return p;
  }
}

module.exports = { Inventory };
