'use strict';

// Minimal test runner, no dependencies.
//   node test/runner.js <file.js> [more files...]
// Each file exports { 'test name': fn }; fn may be async. Prints
// "PASS name" or "FAIL name: message" per test, then "N passed, N failed",
// and exits 1 if anything failed (or nothing ran).

const path = require('path');
const util = require('util');

const TIMEOUT_MS = 10000;

function show(value) {
  return util.inspect(value, { depth: 4, breakLength: Infinity });
}

// One line per failure; assertion diffs are multi-line, so summarise them.
function firstLine(err) {
  const text = err && err.message !== undefined ? String(err.message) : String(err);
  let line = text.split('\n')[0] || (err && err.name) || 'failed';
  if (err && err.code === 'ERR_ASSERTION' && line.endsWith(':')) {
    line += ` actual ${show(err.actual)}, expected ${show(err.expected)}`;
  }
  return line;
}

function withTimeout(promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main(files) {
  if (files.length === 0) {
    console.error('usage: node test/runner.js <test-file>...');
    return 2;
  }
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    let tests;
    try {
      tests = require(path.resolve(file));
    } catch (err) {
      console.log(`FAIL ${file}: could not load: ${firstLine(err)}`);
      failed += 1;
      continue;
    }
    for (const [name, fn] of Object.entries(tests)) {
      if (typeof fn !== 'function') continue;
      try {
        await withTimeout(Promise.resolve().then(() => fn()));
        console.log(`PASS ${name}`);
        passed += 1;
      } catch (err) {
        console.log(`FAIL ${name}: ${firstLine(err)}`);
        failed += 1;
      }
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (passed + failed === 0) {
    console.error('no tests found');
    return 1;
  }
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err); process.exitCode = 1; },
);
