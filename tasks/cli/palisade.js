#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is TypeScript compiled to out/ by `npm run build` (run by `npm ci`).
const { closeSync, existsSync, fstatSync, openSync, readSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { join, dirname } = require('node:path');

const OUT = join(__dirname, '..', '..', 'out');

/** scan's options that take a value (`--sbom` takes two); the rest are flags. */
const SCAN_VALUE_OPTIONS = new Set(['--format', '--sarif', '--fail-on', '--config', '--baseline', '--write-baseline', '--exclude', '--max-file-size', '--workers', '--timeout', '--scanners', '--osv-url', '--osv-offline']);
/** As QUICK_START_MAX_FILES in engine/run/scanPool.ts: up to this many files the parser runs in V8's baseline tier. */
const QUICK_START_MAX_FILES = 500;
/**
 * For `rules` and every code scan: V8 optimises a JavaScript function with TurboFan (on background
 * threads) after 16 times the usual interrupt budget instead of the default. Most functions a
 * short command warms up never run long enough to repay that compilation, and a long code scan
 * recompiled much of its code after deoptimising it; the truly hot functions still get it.
 * Measured (cachegrind, all threads): one file 666 -> 594 M instructions; 500 files of
 * node_modules (3.8 MB) and 72 large files (8.2 MB) 20-25% less CPU time, 158 MB of
 * node_modules 15%, same findings. `--no-opt` saved as much on one file but nothing on the large files.
 */
const QUICK_JS_FLAGS = ['--interrupt-budget=1081344'];
/**
 * What the engine sets for every code scan when it loads the parser (CODE_SCAN_JS_FLAGS in
 * engine/code/grammars.ts: QUICK_JS_FLAGS, a heap that grows by a fifth of its live size
 * between full collections, and the defaults of what a large secrets-only scan changes), set here first
 * so that the code cache is made under them.
 */
const CODE_JS_FLAGS = ['--interrupt-budget=1081344', '--heap-growing-percent=20', '--semi-space-growth-factor=2', '--turbo-inlining'];

/**
 * Node 20's V8 defaults for every flag a start profile, the parser or a large secrets-only scan
 * (SECRET_SCAN_JS_FLAGS in engine/code/grammars.ts) sets, and for those
 * `--liftoff-only` implies. Setting them back restores V8's flag hash (checked with
 * v8.cachedDataVersionTag() before it is relied on).
 */
const DEFAULT_V8_FLAGS = ['--no-liftoff-only', '--wasm-tier-up', '--wasm-dynamic-tiering', '--wasm-lazy-compilation', '--interrupt-budget=67584', '--heap-growing-percent=0', '--semi-space-growth-factor=2', '--turbo-inlining'];

/**
 * Which code cache a command uses, and the V8 flags it starts with. V8 takes a code cache only
 * under the flags it was made with, and a code scan changes them when it loads the parser (see
 * engine/code/grammars.ts, codeScanFlags); set here before the bundle is compiled, the cache can be
 * made at the end of the command and hold every function it ran. Each kind of command keeps a
 * cache of its own, so that `palisade rules` does not deserialise a code scan's functions.
 * A wrong guess costs time, never a result: the engine sets the flags it needs either way.
 */
function startProfile(args) {
  const profile = startFlags(args);
  // The output format: each runs functions of its own, which the cache is to hold (see loadBundled).
  const at = args.findIndex((a) => a === '--format' || a.startsWith('--format='));
  const format = at < 0 ? undefined : args[at].startsWith('--format=') ? args[at].slice('--format='.length) : args[at + 1];
  return { ...profile, ran: [`format:${format && /^[a-z]+$/.test(format) ? format : 'default'}`] };
}

function startFlags(args) {
  const [command, ...rest] = args;
  // The listing runs a few functions over ~540 rules, long enough for V8 to optimise them in the
  // background and not long enough to gain from it (cachegrind, all threads: 179-189 M
  // instructions -> 167-171 M to a pipe or file; 186-192 -> 183-187 M on a terminal, whose
  // stream's modules are then compiled from source).
  if (command === 'rules') return { key: 'rules', v8Flags: [...QUICK_JS_FLAGS] };
  if (command !== 'scan') return { key: 'other', v8Flags: [] };
  let scanners;
  const positionals = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--scanners') scanners = rest[++i];
    else if (a.startsWith('--scanners=')) scanners = a.slice('--scanners='.length);
    else if (a === '--sbom') i += 2;
    else if (SCAN_VALUE_OPTIONS.has(a)) i++;
    else if (a === '--') positionals.push(...rest.slice(i + 1)), (i = rest.length);
    else if (!a.startsWith('-')) positionals.push(a);
  }
  const code = scanners === undefined || scanners.split(',').some((s) => s.trim() === 'code');
  // Without flags: most secrets-only scans are small, and node:v8 costs start-up time. A large
  // one sets its flags as it starts scanning (announced: its cache is made then).
  if (!code) return { key: 'scan-secrets', v8Flags: [] };
  // Files named one by one (a pre-commit hook's): the engine's quick start (few program files) for sure.
  const quick =
    positionals.length > 0 &&
    positionals.length <= QUICK_START_MAX_FILES &&
    positionals.every((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
  return quick ? { key: 'scan-code-quick', v8Flags: ['--wasm-lazy-compilation', '--liftoff-only', ...CODE_JS_FLAGS] } : { key: 'scan-code', v8Flags: ['--wasm-lazy-compilation', ...CODE_JS_FLAGS] };
}

/** The buffer the bundle's files and caches are read into (see readReused). */
let readBuffer;

/**
 * `file`'s bytes (as readFileSync reads them: as many as the open file's size) in one buffer
 * shared by every file the launcher reads, valid until the next read: each is copied out before
 * then (a source into its string, a cache into V8's heap by the compile). A Buffer per file was
 * fresh memory each time, ~2.2 MB in a code scan, every page of it a fault (~10 us apiece on a
 * busy machine); this one is faulted in once, to the size of the largest file.
 */
function readReused(file) {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (!readBuffer || readBuffer.length < size) readBuffer = Buffer.allocUnsafeSlow(Math.max(size, 64 * 1024));
    let length = 0;
    while (length < size) {
      const n = readSync(fd, readBuffer, length, size - length, null);
      if (n === 0) break;
      length += n;
    }
    return readBuffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * The CLI from out/cli/palisade.bundle.js (every module it loads at start, in one file; the
 * engine and the packages it requires late in part files beside it, read when first required;
 * see tasks/cli/cliBundle.ts), each compiled with a V8 code cache kept beside it, so that a
 * command starts without finding, reading and compiling ~80 files. Null when there is no
 * bundle or its main file is older than the compiled files it was made from; the caller then
 * loads the files (a stale part: its modules alone).
 */
function loadBundled(profile) {
  const file = join(OUT, 'cli', 'palisade.bundle.js');
  let st;
  try {
    st = statSync(file, { bigint: true });
  } catch {
    return null;
  }
  // Built-in modules are loaded before V8's flags change: Node compiles them from its own code
  // cache, which V8 refuses once the flags differ from those it was made with, and each built-in
  // loaded after that is compiled from source (cachegrind, one-file code scan: ~7 M instructions
  // for these; `node:util`'s parseArgs and `node:os` are used by every scan).
  const vm = require('node:vm');
  const Module = require('node:module');
  let v8;
  let defaultTag;
  if (profile.v8Flags.length > 0) {
    require('node:os');
    void require('node:util').parseArgs;
    v8 = require('node:v8');
    defaultTag = v8.cachedDataVersionTag();
    for (const flag of profile.v8Flags) v8.setFlagsFromString(flag);
  }
  // What this run did beyond the command itself (see the caches' stamps below).
  const ran = new Set(profile.ran);
  // The flags in force after start: the launcher's, then those the engine announces.
  const active = [...profile.v8Flags];
  // The files compiled so far (the bundle's main file, then its parts as they are read), each
  // with its code cache.
  const units = [];
  /**
   * `file` compiled with its code cache, or null when it is missing or does not start with `head`.
   * The cache says which file it was made for (V8 itself only compares source lengths) and what
   * the runs that made it did: V8 caches only the functions that had run, so a cache made by a
   * scan without findings lacks the report's and the fingerprint's (~45 M instructions more for
   * every later scan with findings). A run that did more than its cache knows of writes it
   * again, with what both ran (functions read from a cache stay compiled).
   */
  const compile = (file, head, st) => {
    try {
      st ??= statSync(file, { bigint: true });
    } catch {
      return null;
    }
    // ASCII by construction (see cliBundle.ts): Latin-1 gives the same text without the UTF-8 decoder.
    let source = readReused(file).toString('latin1');
    if (head !== undefined && !source.startsWith(head)) return null;
    const id = `${st.size}:${st.mtimeNs}`;
    const cacheFile = `${file}.${profile.key}.cache`;
    let cached;
    let cachedRan = [];
    try {
      // Taken by the compile below, before the buffer is read into again.
      const buf = readReused(cacheFile);
      const eol = buf.indexOf(10);
      const [madeFor, what = ''] = buf.subarray(0, Math.max(eol, 0)).toString('latin1').split(' ');
      if (eol > 0 && madeFor === id) {
        cached = buf.subarray(eol + 1);
        cachedRan = what.split(',').filter(Boolean);
      }
    } catch {
      // No cache yet: this run writes one.
    }
    // The bundle is written wrapped (BUNDLE_WRAPPER in cliBundle.ts) and compiled as read: wrapping
    // it here made a 2 MB copy. One written before that (a checkout not built again) is wrapped here.
    if (head === undefined && !source.startsWith('(function (exports, require, module, __filename, __dirname) { ')) source = Module.wrap(source);
    const unit = { script: new vm.Script(source, { filename: file, cachedData: cached }), id, cacheFile, cached: cached !== undefined, cachedRan, flags: active.join(' '), saved: false };
    units.push(unit);
    return unit;
  };
  const main = compile(file, undefined, st);
  const bundleModule = new Module(file, module);
  bundleModule.filename = file;
  bundleModule.paths = Module._nodeModulePaths(dirname(file));
  main.script.runInThisContext()(bundleModule.exports, require, bundleModule, file, dirname(file));
  const bundle = bundleModule.exports;
  // Whether the compiled files a part (0: the main file) was made from are as they were then.
  const fresh = (part) => {
    for (const [key, size, mtimeMs, of = 0] of bundle.SOURCES) {
      if (of !== part) continue;
      const s = statSync(bundle.filenameOf(key), { throwIfNoEntry: false });
      if (!s || s.size !== size || s.mtimeMs !== mtimeMs) return false;
    }
    return true;
  };
  if (!fresh(0)) return null;
  // A part is read when one of its modules is first required; one made from files that changed
  // since (or missing, or of another build) is not used, and its modules load from their files.
  if (typeof bundle.readPartsWith === 'function') {
    bundle.readPartsWith((part) => {
      const [name, head] = bundle.PARTS[part];
      if (!fresh(part)) return null;
      const unit = compile(file.replace(/\.js$/, `.${name}.js`), head);
      return unit && unit.script.runInThisContext();
    });
  }
  const cli = bundle.load();
  // Each file's cache, unless the flags have changed since it was compiled: V8 would refuse a
  // cache made under other flags than the next run compiles it with.
  const saveCache = () => {
    for (const unit of units) {
      const covered = unit.cached && !unit.script.cachedDataRejected;
      if (unit.saved || unit.flags !== active.join(' ') || (covered && [...ran].every((r) => unit.cachedRan.includes(r)))) continue;
      unit.saved = true;
      const what = [...new Set([...(covered ? unit.cachedRan : []), ...ran])].sort().join(',');
      try {
        // After the command: the cache then holds the functions it compiled on the way.
        const tmp = `${unit.cacheFile}.tmp-${process.pid}`;
        writeFileSync(tmp, Buffer.concat([Buffer.from(`${unit.id}${what ? ` ${what}` : ''}\n`, 'latin1'), unit.script.createCachedData()]));
        renameSync(tmp, unit.cacheFile);
      } catch {
        // A read-only installation runs without the cache.
      }
    }
  };
  // A code scan sets V8's flags when it loads the parser (see BEFORE_V8_FLAGS in
  // engine/code/grammars.ts). Flags other than those set above would make a cache made after
  // them refused by every next run: it is made then, with what has run so far.
  process.on('palisade:before-v8-flags', (flags) => {
    if (!Array.isArray(flags) || !flags.every((f) => profile.v8Flags.includes(f))) saveCache();
    if (Array.isArray(flags)) active.push(...flags.filter((f) => typeof f === 'string' && !active.includes(f)));
  });
  // A built-in the engine needs late (node:crypto for the first JWT checked; see
  // engine/findings/builtins.ts): loaded under V8's default flags, where Node compiles it from
  // its own code cache instead of from source (node:crypto: ~11 M instructions against ~30 M).
  // The flags go back to what they were at once; no JavaScript or WebAssembly runs meanwhile.
  process.on('palisade:require-builtin', (request) => {
    if (!request || typeof request.id !== 'string' || !request.id.startsWith('node:')) return;
    ran.add(request.id);
    if (!v8 || request.module !== undefined) return;
    const tag = v8.cachedDataVersionTag();
    if (tag === defaultTag) return;
    for (const flag of DEFAULT_V8_FLAGS) v8.setFlagsFromString(flag);
    try {
      // Another V8 may imply other flags or have other defaults: then the caller loads it as it is.
      if (v8.cachedDataVersionTag() === defaultTag) request.module = require(request.id);
    } finally {
      for (const flag of active) v8.setFlagsFromString(flag);
    }
  });
  return { cli, saveCache };
}

/** process.stdout and process.stderr once made (see quietWhenMade). */
const streams = [];

/**
 * quietOnClosedPipe for process[name], set when something first reads it. Node makes the stream
 * (and loads its modules: net and streams for a pipe, ~15 M instructions on this Node) on that
 * first read, and the CLI writes to pipes and files without it (see outputTo in main.ts).
 */
function quietWhenMade(cli, name) {
  const made = Object.getOwnPropertyDescriptor(process, name);
  if (!made || typeof made.get !== 'function' || !made.configurable) {
    streams.push(process[name]);
    return cli.quietOnClosedPipe(process[name]);
  }
  let quiet = false;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: made.enumerable,
    get() {
      const stream = made.get.call(process);
      if (!quiet) {
        quiet = true;
        streams.push(stream);
        cli.quietOnClosedPipe(stream);
      }
      return stream;
    },
  });
}

let loaded;
try {
  loaded = loadBundled(startProfile(process.argv.slice(2))) ?? { cli: require('../../out/tasks/cli/main.js'), saveCache: () => {} };
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
quietWhenMade(cli, 'stdout');
quietWhenMade(cli, 'stderr');
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  saveCache();
  // The command is done: exit now instead of letting Node take V8 down piece by piece (its heap,
  // compiled code, background compile jobs: 5-14 ms of a one-file scan's wall time, more after
  // a large one). Output to pipes and files is already written (synchronously, see outputTo in
  // main.ts); a stream Node made (a terminal's) may still hold some, and is then left to drain.
  if (streams.every((s) => !s.writableLength)) process.exit(code);
});
