'use strict';

// One error type for the whole module; `code` says what went wrong so callers
// (and tests) do not have to match on message text.
class InventoryError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'InventoryError';
    this.code = code;
  }
}

function assertCount(value, what) {
  if (!Number.isInteger(value) || value <= 0) {
    throw new InventoryError('INVALID_QUANTITY', `${what} must be a positive integer, got ${value}`);
  }
}

module.exports = { InventoryError, assertCount };
