/**
 * Build step (`node out/tasks/cli/cliBundle.js`, run by `npm run build`): writes the CLI's
 * compiled modules into out/cli/palisade.bundle.js (what the CLI loads at start) and one part
 * file beside it per later entry (see bundleFiles), which tasks/cli/palisade.js loads with V8
 * code caches.
 *
 * Why: `palisade rules` and a one-file scan must start within 150 ms, and Node spent about
 * half of their own time finding, reading and compiling ~80 small modules. In one file that is
 * one read and, with the code cache, next to no compiling.
 *
 * What goes in: the modules the CLI requires at load time (top-level `require` calls of tsc's
 * output), followed from out/tasks/cli/main.js, packages included. What a module requires later
 * (the dependency scanner and OSV client, loaded by the commands that use them) stays in its own
 * file. Every bundled module is registered in Node's module cache under its own file name, so a
 * file loaded later that requires it gets the same instance (one FileProblemError class, one
 * rule cache), and each keeps its own __dirname (rule, grammar and worker files are found as
 * before).
 *
 * The bundle lists the files it was made from with their sizes and times; if any changed
 * (`tsc` run without `npm run build`) the launcher falls back to the files.
 */
import { builtinModules, createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

export const CLI_BUNDLE_FILE = join('cli', 'palisade.bundle.js');

/**
 * A `require("x")` that tsc emits for a top-level import (at the start of a line, outside any
 * function), or that a package writes there, its result bound to a name or destructured
 * (`const {\n  A,\n  B\n} = require('./constants')`, as picomatch does, with block comments between the names). A destructured one
 * left out was loaded from its file, before the bundled copy, costing a resolve and a compile.
 */
const TOP_LEVEL_REQUIRE = /^(?:const|var|let) (?:[\w$]+|\{(?:[\w$\s,:]|\/\*(?:[^*]|\*(?!\/))*\*\/)*\}) = (?:__importDefault\(|__importStar\()?require\((["'])([^"']+)\1\)/gm;

/** `import("x")` with a literal name: rewritten when x is a built-in module (see moduleFunction). */
const DYNAMIC_BUILTIN_IMPORT = /\bimport\((["'])([\w:/]+)\1\)/g;

/** Any `require("x")` with a literal name, wherever it is. */
const ANY_REQUIRE = /\brequire\((["'])([^"'\n]+)\1\)/g;

interface BundledModule {
  /** Path relative to the folder above out/ (the bundle's folder's grandparent), `/`-separated. */
  key: string;
  file: string;
  source: string;
  /** request -> key, for the requests that name a bundled module. */
  deps: Record<string, string>;
  /** Which entry first reached it (see cliBundleEntries): the file of the bundle it is written to. */
  part: number;
}

const isBuiltin = (req: string): boolean => req.startsWith('node:') || builtinModules.includes(req);

/**
 * The modules the entries load at load time, the first entry first, each once; keys relative to
 * `baseDir`. Later entries are modules the first requires inside a function (the engine, which
 * `palisade rules` does not load), bundled so that they are served from the bundle when it does.
 */
export function collectModules(entries: string | readonly string[], baseDir: string): BundledModule[] {
  const byFile = new Map<string, BundledModule>();
  const order: BundledModule[] = [];
  let part = 0;
  const visit = (file: string): string => {
    const seen = byFile.get(file);
    if (seen) return seen.key;
    const source = readFileSync(file, 'utf8');
    const mod: BundledModule = { key: relative(baseDir, file).split(sep).join('/'), file, source, deps: {}, part };
    byFile.set(file, mod);
    order.push(mod);
    if (file.endsWith('.json')) return mod.key;
    const req = createRequire(file);
    for (const m of source.matchAll(TOP_LEVEL_REQUIRE)) {
      const request = m[2];
      if (isBuiltin(request)) continue;
      const target = req.resolve(request);
      if (!/\.(c?js|json)$/.test(target)) continue;
      mod.deps[request] = visit(target);
    }
    return mod.key;
  };
  for (const entry of typeof entries === 'string' ? [entries] : entries) {
    visit(entry);
    part++;
  }
  // A bundled module that another requires later, inside a function (`require('../code/x')`),
  // is served from the bundle too: the same instance it would get, without Node's resolver
  // (a stat and realpath per request). Only modules already in are mapped; none is added.
  for (const mod of order) {
    if (mod.file.endsWith('.json')) continue;
    const req = createRequire(mod.file);
    for (const m of mod.source.matchAll(ANY_REQUIRE)) {
      const request = m[2];
      if (mod.deps[request] !== undefined || isBuiltin(request)) continue;
      let target: string;
      try {
        target = req.resolve(request);
      } catch {
        continue; // an optional dependency that is not installed
      }
      const bundled = byFile.get(target);
      if (bundled) mod.deps[request] = bundled.key;
    }
  }
  return order;
}

/**
 * Node's wrapper arguments; a JSON module's text becomes its exports. Characters beyond ASCII
 * (in strings, regular expressions and comments) are written as \\u escapes, which mean the
 * same there, so that the launcher reads the bundle as Latin-1 into a one-byte string: the
 * UTF-8 decoder and a two-byte source cost more than the rest of the read. Raw template strings
 * are the exception (their text would change), so a module with both is refused.
 */
function moduleFunction(m: BundledModule): string {
  let body = m.file.endsWith('.json') ? `module.exports = ${m.source.trim()};` : m.source.replace(/^#!.*/, '');
  // Source map comments would point beside the bundle, where there are none.
  body = body.replace(/^\/\/# sourceMappingURL=.*$/gm, '');
  // The bundle is one vm.Script, which has no loader for import() (Node's own is experimental
  // and warns); a built-in module's import() (the tree-sitter runtime's `module` and
  // `fs/promises`) is its require, already resolved, which is what import() gives it. Through
  // the bundle's own require: the runtime declares a `var require` of its own in that function.
  body = body.replace(DYNAMIC_BUILTIN_IMPORT, (whole, quote: string, name: string) => (isBuiltin(name) ? `Promise.resolve(__pbBuiltin(${quote}${name}${quote}))` : whole));
  if (/[^\x00-\x7f]/.test(body)) {
    if (body.includes('String.raw')) throw new Error(`${m.file}: non-ASCII text and String.raw in one module; write the characters as \\u escapes`);
    body = body.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  return `function (exports, require, module, __filename, __dirname) {\n${body}\n}`;
}

/**
 * The files whose size and time tell a stale bundle: each compiled module of ours (what `tsc`
 * rewrites in place), and for a package's modules only the package's package.json. A package
 * changes by being installed again, which rewrites its package.json; stat'ing its ~140 files
 * too cost every start about 5 M instructions (Node 20 builds a Stats with four Dates per call).
 */
export function freshnessFiles(modules: readonly BundledModule[]): { key: string; file: string; part: number }[] {
  const out: { key: string; file: string; part: number }[] = [];
  const packages = new Set<string>();
  for (const m of modules) {
    const at = m.key.lastIndexOf('node_modules/');
    if (at < 0) {
      out.push({ key: m.key, file: m.file, part: m.part });
      continue;
    }
    const parts = m.key.slice(at + 'node_modules/'.length).split('/');
    const depth = parts[0].startsWith('@') ? 2 : 1;
    const rest = parts.slice(depth).join('/');
    const key = `${m.key.slice(0, m.key.length - rest.length)}package.json`;
    const file = m.file.slice(0, m.file.length - rest.length) + 'package.json';
    if (rest === '' || !existsSync(file)) {
      out.push({ key: m.key, file: m.file, part: m.part });
      continue;
    }
    // Once per part that holds some of the package: a part is checked when it is read, perhaps
    // without the others.
    if (packages.has(`${m.part}:${key}`)) continue;
    packages.add(`${m.part}:${key}`);
    out.push({ key, file, part: m.part });
  }
  return out;
}

/** A bundle file beside the main one: `name` is what the file is called after `palisade.bundle.`. */
export interface BundlePart {
  name: string;
  text: string;
}

/**
 * The bundle's files: the main one (the modules the CLI loads at start, the files every module
 * came from with size and time to tell a stale bundle, and a loader that gives each module a
 * real Module registered in the module cache), and one part per later entry (the engine, each
 * lazily required package), read and compiled only when one of its modules is first required.
 * `palisade rules` then reads 0.1 MB instead of 2 MB, a scan without a `.palisade.yml` leaves
 * the YAML parser and schema validator (0.5 MB) unread, and a secrets scan the parser runtime.
 */
export function bundleFiles(modules: readonly BundledModule[], partNames: readonly string[]): { main: string; parts: BundlePart[] } {
  // Each part starts with this build's mark, which the main file names: a part left by another
  // build (one interrupted, or written over since) is not used.
  const build = `${Date.now().toString(36)}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  const partHead = (name: string): string => `(function (__pbDEFS, __pbBuiltin) { 'use strict'; // ${name} ${build}\n`;
  // Plain stats (mtimeMs, a double JSON keeps exactly): the launcher checks them at every
  // start, and BigInt ones cost it ~30% more. The fourth field is the part: the launcher
  // checks a part's files when it loads it.
  const sources = freshnessFiles(modules).map(({ key, file, part }) => {
    const st = statSync(file);
    return part === 0 ? [key, st.size, st.mtimeMs] : [key, st.size, st.mtimeMs, part];
  });
  const def = (m: BundledModule): string => `${JSON.stringify(m.deps)}, ${moduleFunction(m)}`;
  const defs = modules.filter((m) => m.part === 0).map((m) => `  ${JSON.stringify(m.key)}: [${def(m)}],`).join('\n');
  const partOf: Record<string, number> = {};
  for (const m of modules) if (m.part !== 0) partOf[m.key] = m.part;
  const parts: BundlePart[] = partNames.slice(1).map((name, i) => ({
    name,
    // A function the main file's loader calls with its table of modules (see __pbAddPart).
    text: `${partHead(name)}// Written by tasks/cli/cliBundle.ts (npm run build); do not edit. Part of palisade.bundle.js.
${modules
  .filter((m) => m.part === i + 1)
  .map((m) => `__pbDEFS[${JSON.stringify(m.key)}] = [${def(m)}];`)
  .join('\n')}
})`,
  }));
  // The text is a module function already (Node's wrapper, written out): the launcher compiles
  // it as it reads it. Wrapped at start it was a cons string of 2 MB that V8 flattened into a
  // copy of its own before compiling (2 MB more written and ~500 pages faulted in every run).
  const main = `${BUNDLE_WRAPPER[0]}'use strict';
// Written by tasks/cli/cliBundle.ts (npm run build); do not edit.
// Names here carry a __pb prefix: every module's code sees them, so they must not stand in for a global.
const __pbModule = require('node:module');
const __pbBuiltin = (name) => require(name);
const { join: __pbJoin, dirname: __pbDirname, sep: __pbSep } = require('node:path');
const __pbSOURCES = ${JSON.stringify(sources)};
// Each module's file name as Node's resolver writes it (the module cache's key). path.join per
// module cost more than the rest of the loader; keys without '..' only need the base prefixed.
const __pbBASE = __pbJoin(__dirname, '..', '..');
const __pbPREFIX = __pbBASE + __pbSep;
const __pbFilenameOf = (key) => (key.startsWith('../') ? __pbJoin(__pbBASE, key) : __pbPREFIX + (__pbSep === '/' ? key : key.split('/').join(__pbSep)));
const __pbDEFS = {
${defs}
};
// The modules of the other parts: which part holds each, the parts' names, and which are read.
const __pbPART_OF = ${JSON.stringify(partOf)};
// Each part's name and the text its file starts with (see partHead).
const __pbPARTS = ${JSON.stringify(partNames.map((name, i) => [name, i === 0 ? '' : partHead(name)]))};
const __pbPartsRead = __pbPARTS.map((_, i) => i === 0);
// Set by the launcher: a part's function (see bundleFiles), or null when the part cannot be used
// (missing, or made from files that changed since); its modules are then loaded from their files.
let __pbReadPart = () => null;
const __pbHas = (key) => {
  if (__pbDEFS[key] !== undefined) return true;
  const part = __pbPART_OF[key];
  if (part === undefined || __pbPartsRead[part]) return false;
  __pbPartsRead[part] = true;
  const add = __pbReadPart(part);
  if (add) add(__pbDEFS, __pbBuiltin);
  return __pbDEFS[key] !== undefined;
};
// Where a module's own require looks for packages, worked out once per folder.
const __pbPaths = new Map();
const __pbPathsOf = (dir) => {
  let p = __pbPaths.get(dir);
  if (!p) __pbPaths.set(dir, (p = __pbModule._nodeModulePaths(dir)));
  return p;
};
function __pbLoad(key, parent) {
  const filename = __pbFilenameOf(key);
  const cached = __pbModule._cache[filename];
  if (cached) return cached.exports;
  const [deps, fn] = __pbDEFS[key];
  const mod = new __pbModule(filename, parent);
  mod.filename = filename;
  mod.paths = __pbPathsOf(__pbDirname(filename));
  __pbModule._cache[filename] = mod;
  const req = (request) => (deps[request] !== undefined && __pbHas(deps[request]) ? __pbLoad(deps[request], mod) : mod.require(request));
  req.resolve = (request, options) => __pbModule._resolveFilename(request, mod, false, options);
  req.main = require.main;
  req.cache = __pbModule._cache;
  let ok = false;
  try {
    fn.call(mod.exports, mod.exports, req, mod, filename, __pbDirname(filename));
    ok = true;
  } finally {
    if (!ok) delete __pbModule._cache[filename];
  }
  mod.loaded = true;
  return mod.exports;
}
exports.SOURCES = __pbSOURCES;
exports.PARTS = __pbPARTS;
exports.filenameOf = __pbFilenameOf;
exports.readPartsWith = (read) => {
  __pbReadPart = read;
};
exports.load = () => __pbLoad(${JSON.stringify(modules[0].key)}, module);${BUNDLE_WRAPPER[1]}`;
  return { main, parts };
}

/** The file of the part called `name` beside the main bundle file `file`. */
export function bundlePartFile(file: string, name: string): string {
  return file.replace(/\.js$/, `.${name}.js`);
}

/**
 * Node's CommonJS wrapper as `Module.wrap` writes it (the launcher compiles the bundle with
 * `vm.Script`, which has no wrapper of its own; function positions are those of Node's own).
 */
export const BUNDLE_WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'] as const;

/**
 * What the CLI bundle is made from under `outRoot`: the CLI, then the engine (required by `scan`
 * when it runs, not at load, so that `palisade rules` does not run its modules), when present,
 * then the tree-sitter runtime's JavaScript as the build wrote it beside the engine's code
 * (required when a code scan loads its first grammar; engine/code/treeSitterRuntime.ts).
 * In the bundle the runtime's functions are in the code scan's V8 code cache: loaded from its own
 * file, its 165 KB were compiled afresh on every code scan (about 60 M instructions).
 */
export function cliBundleEntries(outRoot: string, entry = join(outRoot, 'tasks', 'cli', 'main.js')): string[] {
  const engine = join(outRoot, 'tasks', 'engine', 'index.js');
  if (!existsSync(engine)) return [entry];
  // Written by the build step before this one; without it a code scan says what is missing.
  const runtime = join(outRoot, 'tasks', 'engine', 'code', 'tree-sitter-runtime.js');
  return [entry, engine, ...(existsSync(runtime) ? [runtime] : []), ...LAZY_PACKAGES.flatMap((name) => packageMain(engine, name))];
}

/**
 * Packages the engine requires inside a function: the YAML parser and JSON-schema validator (a
 * `.palisade.yml`, custom rules). From their own files Node compiled them on every run that
 * used them (about 45 ms for the two): bundled, they are in the code cache of the commands that
 * use them.
 */
const LAZY_PACKAGES = ['yaml', 'ajv'];

/** A package's main file as the engine resolves it; none when it is not installed. */
function packageMain(engine: string, name: string): string[] {
  try {
    return [createRequire(engine).resolve(name)];
  } catch {
    return [];
  }
}

/** Writes the bundle for `entry` (default: the CLI) to `outFile`; removes a code cache made for an older bundle. */
export function writeCliBundle(outRoot: string, entry = join(outRoot, 'tasks', 'cli', 'main.js')): { file: string; modules: number; bytes: number } {
  const file = join(outRoot, CLI_BUNDLE_FILE);
  const entries = cliBundleEntries(outRoot, entry);
  const modules = collectModules(entries, join(dirname(file), '..', '..'));
  const { main, parts } = bundleFiles(modules, partNames(entries));
  mkdirSync(dirname(file), { recursive: true });
  // Each kind of command keeps its own cache per file (see startProfile in tasks/cli/palisade.js);
  // parts of an earlier build go too.
  const stem = basename(file).replace(/\.js$/, '.');
  for (const name of existsSync(dirname(file)) ? readdirSync(dirname(file)) : []) {
    if (name !== basename(file) && name.startsWith(stem) && (name.endsWith('.cache') || name.endsWith('.js'))) rmSync(join(dirname(file), name), { force: true });
  }
  const write = (to: string, text: string): void => {
    const tmp = `${to}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    renameSync(tmp, to);
  };
  // The parts first: the main file names them.
  for (const part of parts) write(bundlePartFile(file, part.name), part.text);
  write(file, main);
  return { file, modules: modules.length, bytes: Buffer.byteLength(main) + parts.reduce((n, p) => n + Buffer.byteLength(p.text), 0) };
}

/** A name per entry for its part's file: the package's, else the entry's own (its folder's for an index.js); the first entry's is the main file's. */
export function partNames(entries: readonly string[]): string[] {
  const names: string[] = [];
  for (const entry of entries) {
    const parts = entry.split(sep);
    const at = parts.lastIndexOf('node_modules');
    const own = basename(entry) === 'index.js' ? basename(dirname(entry)) : basename(entry).replace(/\.c?js$/, '');
    let name = (at >= 0 ? (parts[at + 1].startsWith('@') ? parts[at + 2] : parts[at + 1]) : own).replace(/[^\w-]/g, '_');
    if (names.length === 0) name = 'main';
    while (names.includes(name)) name += '_';
    names.push(name);
  }
  return names;
}

if (require.main === module) {
  try {
    const r = writeCliBundle(join(__dirname, '..', '..'));
    process.stdout.write(`wrote the CLI bundle (${r.modules} modules, ${(r.bytes / 1024).toFixed(0)} KB) to ${relative(process.cwd(), r.file)}\n`);
  } catch (e) {
    process.stderr.write(`CLI bundle: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
