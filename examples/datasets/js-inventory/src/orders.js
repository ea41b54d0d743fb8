'use strict';

const { InventoryError, assertCount } = require('./errors');
const { percentOf } = require('./money');

function copyOrder(order) {
  return { ...order, lines: order.lines.map((line) => ({ ...line })) };
}

// Orders reserve stock when they are created and consume it when shipped.
class OrderBook {
  constructor(inventory) {
    this.inventory = inventory;
    this._orders = new Map();
    this._nextId = 1;
  }

  // lines: [{ sku, quantity }]; options.discountPercent: 0..100 off the subtotal.
  createOrder(lines, { discountPercent = 0 } = {}) {
    if (!Array.isArray(lines) || lines.length === 0) {
      throw new InventoryError('EMPTY_ORDER', 'an order needs at least one line');
    }
    for (const line of lines) assertCount(line.quantity, 'line quantity');

    const priced = [];
    for (const { sku, quantity } of lines) {
      this.inventory.reserve(sku, quantity);
      const unitPriceCents = this.inventory.getProduct(sku).priceCents;
      priced.push({ sku, quantity, unitPriceCents, lineTotalCents: unitPriceCents * quantity });
    }

    const subtotalCents = priced.reduce((sum, line) => sum + line.lineTotalCents, 0);
    const discountCents = percentOf(subtotalCents, discountPercent);
    const order = {
      id: `ORD-${String(this._nextId++).padStart(4, '0')}`,
      status: 'open',
      lines: priced,
      subtotalCents,
      discountCents,
      totalCents: subtotalCents - discountCents,
    };
    this._orders.set(order.id, order);
    return copyOrder(order);
  }

  getOrder(id) {
    return copyOrder(this._find(id));
  }

  listOrders({ status } = {}) {
    return [...this._orders.values()]
      .filter((order) => status === undefined || order.status === status)
      .map(copyOrder);
  }

  shipOrder(id) {
    const order = this._find(id);
    if (order.status !== 'open') {
      throw new InventoryError('INVALID_STATE', `order ${id} is ${order.status}, only open orders can ship`);
    }
    for (const line of order.lines) this.inventory.commit(line.sku, line.quantity);
    order.status = 'shipped';
    return copyOrder(order);
  }

  _find(id) {
    const order = this._orders.get(id);
    if (!order) throw new InventoryError('ORDER_NOT_FOUND', `no order ${id}`);
    return order;
  }
}

module.exports = { OrderBook };
