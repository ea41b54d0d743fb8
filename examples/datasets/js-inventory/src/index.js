'use strict';

const { InventoryError } = require('./errors');
const { Inventory } = require('./inventory');
const { OrderBook } = require('./orders');
const { formatCents, percentOf } = require('./money');

module.exports = { Inventory, InventoryError, OrderBook, formatCents, percentOf };
