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
cli.main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
