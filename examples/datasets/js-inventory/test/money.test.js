'use strict';

const assert = require('assert');
const { formatCents, percentOf } = require('../src/money');

module.exports = {
  'formatCents pads cents and groups thousands'() {
    assert.strictEqual(formatCents(0), '$0.00');
    assert.strictEqual(formatCents(5), '$0.05');
    assert.strictEqual(formatCents(123456789), '$1,234,567.89');
    assert.strictEqual(formatCents(-1050), '-$10.50');
  },

  'formatCents rejects fractions of a cent'() {
    assert.throws(() => formatCents(1.5), TypeError);
  },

  'percentOf rounds half up to a cent'() {
    assert.strictEqual(percentOf(1999, 15), 300);
    assert.strictEqual(percentOf(1000, 12.5), 125);
    assert.strictEqual(percentOf(10, 5), 1);
    assert.strictEqual(percentOf(4499, 0), 0);
  },

  'percentOf checks its range'() {
    assert.throws(() => percentOf(100, -1), RangeError);
    assert.throws(() => percentOf(100, 101), RangeError);
    assert.throws(() => percentOf(100, NaN), RangeError);
  },
};
