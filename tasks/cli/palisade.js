#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is TypeScript compiled to out/ by `npm run build` (run by `npm ci`).
let cli;
try {
  cli = require('../../out/tasks/cli/main.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('palisade: the CLI is not built yet; run "npm run build" in the Palisade repository.\n');
    process.exit(2);
  }
  throw e;
}
// A reader that stops early (`palisade rules | head`) closes the pipe. What it did not read is
// not wanted, so further output is dropped without a word and the exit code stays the scan's.
cli.quietOnClosedPipe(process.stdout);
cli.quietOnClosedPipe(process.stderr);
cli.main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
