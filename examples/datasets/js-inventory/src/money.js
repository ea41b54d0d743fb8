'use strict';

// Amounts are always integer cents; these helpers are the only place that
// deals with percentages and display formatting.

function percentOf(cents, percent) {
  if (!Number.isInteger(cents)) throw new TypeError('cents must be an integer');
  if (typeof percent !== 'number' || Number.isNaN(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`percent must be between 0 and 100, got ${percent}`);
  }
  return Math.round((cents * percent) / 100);
}

function formatCents(cents) {
  if (!Number.isInteger(cents)) throw new TypeError('cents must be an integer');
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = String(abs % 100).padStart(2, '0');
  return `${sign}$${whole}.${fraction}`;
}

module.exports = { percentOf, formatCents };
