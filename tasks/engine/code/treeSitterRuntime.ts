import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { RUNTIME_WASM, RUNTIME_WASM_BYTES_EXPORT } from './grammars';

/**
 * The tree-sitter runtime's JavaScript as the engine loads it: the package's own file with two
 * edits, made at build time into `RUNTIME_JS_FILE` beside the engine's code. Each edit is made
 * only where the text is laid out as expected (another version of the package may not be): what
 * is not recognised stays the package's own code, slower, never different, and a test fails so
 * that the next upgrade is looked at.
 *
 * 1. `node-handle`: the runtime's `Node` class keeps its WebAssembly handle in an indexed class
 *    field (`[0] = 0`), so V8 gives every node object an elements store of 17 slots (152 of its
 *    264 bytes) besides its named properties, and a scan makes a node object for every node it
 *    reads (hundreds of thousands per tree of real code). Under a property name the handle is
 *    stored in the object itself: over 2,877 files of node_modules the code scan's peak memory
 *    fell from ~200 to ~163 MB and its CPU time by about 6%. Only that class's three uses of its
 *    handle change (its field, its constructor, and the glue that hands a node to WebAssembly);
 *    the runtime's other classes keep `[0]`.
 * 2. `direct-memory`: handing a node to WebAssembly and back (`marshalNode`, `unmarshalNode`,
 *    on every node read) writes and reads five integers through Emscripten's generic
 *    `setValue`/`getValue`, which test the type name on each call. They now use the module's
 *    own DataView of its memory (`HEAP_DATA_VIEW`, which those helpers end in and which the
 *    module renews when its memory grows) with the same little-endian, 4-byte-aligned access.
 * 3. `sync-language`: `Language.load` compiles and instantiates a grammar synchronously instead
 *    of through `WebAssembly.instantiate`, whose steps V8 runs as tasks of the calling thread:
 *    they waited until the thread was idle, and a one-file scan then sat idle 8-14 ms while the
 *    grammar compiled. Grammars are compiled lazily (`--wasm-lazy-compilation`), so the module is
 *    only decoded and validated here: 1-3 ms for TypeScript's 1.4 MB.
 */

/** The generated file, beside the compiled engine's code folder (out/tasks/engine/code/). */
export const RUNTIME_JS_FILE = 'tree-sitter-runtime.js';

/** The property the node's handle is kept under instead of `[0]`. */
export const NODE_HANDLE_PROPERTY = '_wasmHandle';

export type RuntimeEdit = 'node-handle' | 'direct-memory' | 'sync-language';
export const RUNTIME_EDITS: readonly RuntimeEdit[] = ['node-handle', 'direct-memory', 'sync-language'];

/** The text as the runtime writes it (each must occur exactly once where looked for). */
const NODE_CLASS = 'var Node = class {';
const FIELD = '\n  [0] = 0;\n';
const CONSTRUCTOR_STORE = '\n    this[0] = other;\n';
const MARSHAL_READ = 'C.setValue(address, node[0], "i32");';
const MARSHAL_FN = 'function marshalNode(node, index = 0) {\n';
const UNMARSHAL_FN = 'function unmarshalNode(tree, address = TRANSFER_BUFFER) {\n';
const LANGUAGE_LOAD = 'C.loadWebAssemblyModule(await bytes, { loadAsync: true })';

/** The runtime's text with every edit that its layout allows, and which those were. */
export function patchRuntimeSource(text: string): { text: string; applied: RuntimeEdit[] } {
  const applied: RuntimeEdit[] = [];
  const handle = moveNodeHandle(text);
  if (handle !== undefined) {
    text = handle;
    applied.push('node-handle');
  }
  const memory = directNodeMemory(text);
  if (memory !== undefined) {
    text = memory;
    applied.push('direct-memory');
  }
  // Edit 3: the one call, in Language.load.
  const load = uniqueIndex(text, LANGUAGE_LOAD);
  if (load >= 0) {
    text = text.slice(0, load) + LANGUAGE_LOAD.replace('loadAsync: true', 'loadAsync: false') + text.slice(load + LANGUAGE_LOAD.length);
    applied.push('sync-language');
  }
  return { text, applied };
}

/**
 * Edit 1; undefined when any of the places is missing or not unique, or the class or glue use
 * the handle anywhere else.
 */
function moveNodeHandle(text: string): string | undefined {
  const cls = uniqueIndex(text, NODE_CLASS);
  if (cls < 0) return undefined;
  // The class runs to the next top-level declaration.
  const next = /\n(?:var|function|class|let|const) /g;
  next.lastIndex = cls + NODE_CLASS.length;
  const classEnd = next.exec(text)?.index ?? text.length;
  const body = text.slice(cls, classEnd);
  // Its field and its constructor's store are the class's only uses of `[0]` but its tree's.
  if (count(body, FIELD) !== 1 || count(body, CONSTRUCTOR_STORE) !== 1 || count(body, '[0]') - count(body, '.tree[0]') !== 2) return undefined;
  const field = cls + body.indexOf(FIELD);
  const store = cls + body.indexOf(CONSTRUCTOR_STORE);
  if (store < field) return undefined;
  // The glue hands a node to WebAssembly in one place; any other read of a node's `[0]` would be missed.
  const marshal = uniqueIndex(text, MARSHAL_READ);
  if (marshal < classEnd || count(text, 'node[0]') !== 1) return undefined;
  return (
    text.slice(0, field) +
    `\n  ${NODE_HANDLE_PROPERTY} = 0;\n` +
    text.slice(field + FIELD.length, store) +
    `\n    this.${NODE_HANDLE_PROPERTY} = other;\n` +
    text.slice(store + CONSTRUCTOR_STORE.length, marshal) +
    `C.setValue(address, node.${NODE_HANDLE_PROPERTY}, "i32");` +
    text.slice(marshal + MARSHAL_READ.length)
  );
}

const SET_I32 = /C\.setValue\(address, ([\w.[\]]+), "i32"\);/g;
const GET_I32 = /C\.getValue\(address, "i32"\)/g;

/**
 * Edit 2; undefined unless each function is found once, ends where expected, and its only calls
 * into the module are five `i32` stores (marshalNode) or five `i32` loads (unmarshalNode).
 */
function directNodeMemory(text: string): string | undefined {
  for (const [fn, pattern, to] of [
    [MARSHAL_FN, SET_I32, 'C.HEAP_DATA_VIEW.setInt32((address >> 2) * 4, $1, true);'],
    [UNMARSHAL_FN, GET_I32, 'C.HEAP_DATA_VIEW.getInt32((address >> 2) * 4, true)'],
  ] as const) {
    const start = uniqueIndex(text, fn);
    if (start < 0) return undefined;
    const end = text.indexOf('\n}\n', start);
    if (end < 0) return undefined;
    const body = text.slice(start, end);
    if ((body.match(pattern) ?? []).length !== 5 || count(body, 'C.') !== 5) return undefined;
    text = text.slice(0, start) + body.replace(pattern, to) + text.slice(end);
  }
  return text;
}

function uniqueIndex(text: string, part: string): number {
  const at = text.indexOf(part);
  return at >= 0 && text.indexOf(part, at + 1) < 0 ? at : -1;
}

function count(text: string, part: string): number {
  let n = 0;
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) n++;
  return n;
}

/** The installed runtime package's main file. */
export function installedRuntimeFile(): string {
  return require.resolve('@vscode/tree-sitter-wasm');
}

/**
 * The text the build writes: the installed runtime with the edits its layout allows, and the
 * size of the WebAssembly beside it (grammars.ts refuses glue recorded for any other).
 */
export function builtRuntimeText(from = installedRuntimeFile()): { text: string; applied: RuntimeEdit[] } {
  const { text, applied } = patchRuntimeSource(readFileSync(from, 'utf8'));
  const wasmBytes = statSync(join(dirname(from), RUNTIME_WASM)).size;
  const record = `\n// Written by Palisade's build (tasks/engine/code/treeSitterRuntime.ts) beside the package's ${RUNTIME_WASM}.\nmodule.exports.${RUNTIME_WASM_BYTES_EXPORT} = ${wasmBytes};\n`;
  return { text: text + record, applied };
}

/**
 * Writes `outFile` from the installed runtime, through a temporary name (a failed build leaves
 * no half file); says which edits were made.
 */
export function writeRuntime(outFile: string, from = installedRuntimeFile()): { applied: RuntimeEdit[] } {
  const { text, applied } = builtRuntimeText(from);
  mkdirSync(dirname(outFile), { recursive: true });
  const tmp = `${outFile}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, outFile);
  return { applied };
}

if (require.main === module) {
  try {
    const out = join(__dirname, RUNTIME_JS_FILE);
    const { applied } = writeRuntime(out);
    const missing = RUNTIME_EDITS.filter((e) => !applied.includes(e));
    const where = relative(process.cwd(), out);
    process.stdout.write(
      missing.length === 0
        ? `wrote the tree-sitter runtime to ${where}\n`
        : `wrote the tree-sitter runtime to ${where} without the edit(s) ${missing.join(', ')}: the installed runtime is not laid out as expected (see treeSitterRuntime.ts)\n`,
    );
  } catch (e) {
    process.stderr.write(`tree-sitter runtime: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
