#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is TypeScript compiled to out/ by `npm run build` (run by `npm ci`).
const { existsSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { join, dirname } = require('node:path');

const OUT = join(__dirname, '..', '..', 'out');

/**
 * The CLI from out/cli/palisade.bundle.js (every module it loads at start, in one file; see
 * tasks/cli/cliBundle.ts), compiled with a V8 code cache kept beside it, so that a command
 * starts without finding, reading and compiling ~80 files. Null when there is no bundle or
 * it is older than the compiled files it was made from; the caller then loads the files.
 */
function loadBundled() {
  const file = join(OUT, 'cli', 'palisade.bundle.js');
  let st;
  try {
    st = statSync(file, { bigint: true });
  } catch {
    return null;
  }
  const vm = require('node:vm');
  const Module = require('node:module');
  // ASCII by construction (see cliBundle.ts): Latin-1 gives the same text without the UTF-8 decoder.
  const source = readFileSync(file, 'latin1');
  // The cache says which bundle it was made for: V8 itself only compares source lengths.
  const stamp = `${st.size}:${st.mtimeNs}\n`;
  const cacheFile = `${file}.cache`;
  let cached;
  try {
    const buf = readFileSync(cacheFile);
    if (buf.subarray(0, stamp.length).toString('latin1') === stamp) cached = buf.subarray(stamp.length);
  } catch {
    // No cache yet: this run writes one.
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData: cached });
  const bundleModule = new Module(file, module);
  bundleModule.filename = file;
  bundleModule.paths = Module._nodeModulePaths(dirname(file));
  script.runInThisContext()(bundleModule.exports, require, bundleModule, file, dirname(file));
  const bundle = bundleModule.exports;
  for (const [key, size, mtimeNs] of bundle.SOURCES) {
    let s;
    try {
      s = statSync(bundle.filenameOf(key), { bigint: true });
    } catch {
      return null;
    }
    if (Number(s.size) !== size || Number(s.mtimeNs) !== mtimeNs) return null;
  }
  const cli = bundle.load();
  let saved = false;
  const saveCache = () => {
    if (saved || (cached && !script.cachedDataRejected)) return;
    saved = true;
    try {
      // After the command: the cache then holds the functions it compiled on the way.
      const tmp = `${cacheFile}.tmp-${process.pid}`;
      writeFileSync(tmp, Buffer.concat([Buffer.from(stamp, 'latin1'), script.createCachedData()]));
      renameSync(tmp, cacheFile);
    } catch {
      // A read-only installation runs without the cache.
    }
  };
  // A code scan changes V8's flags when it loads the parser (see BEFORE_V8_FLAGS in
  // engine/code/grammars.ts); a cache made after that would be refused by every next run.
  process.once('palisade:before-v8-flags', saveCache);
  return { cli, saveCache };
}

let loaded;
try {
  loaded = loadBundled() ?? { cli: require('../../out/tasks/cli/main.js'), saveCache: () => {} };
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && !existsSync(join(OUT, 'tasks', 'cli', 'main.js'))) {
    process.stderr.write('palisade: the CLI is not built yet; run "npm run build" in the Palisade repository.\n');
    process.exit(2);
  }
  throw e;
}
const { cli, saveCache } = loaded;
// A reader that stops early (`palisade rules | head`) closes the pipe. What it did not read is
// not wanted, so further output is dropped without a word and the exit code stays the scan's.
cli.quietOnClosedPipe(process.stdout);
cli.quietOnClosedPipe(process.stderr);
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  saveCache();
});
