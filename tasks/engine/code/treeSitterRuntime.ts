import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { RUNTIME_WASM, RUNTIME_WASM_BYTES_EXPORT } from './grammars';

/**
 * The tree-sitter runtime's JavaScript as the engine loads it: the package's own file with one
 * change, made at build time into `RUNTIME_JS_FILE` beside the engine's code.
 *
 * Why: the runtime's `Node` class keeps its WebAssembly handle in an indexed class field
 * (`[0] = 0`), so V8 gives every node object an elements store of 17 slots (152 of its 264
 * bytes) besides its named properties, and a scan makes a node object for every node it reads
 * (hundreds of thousands per tree of real code). The same handle under a property name is
 * stored in the object itself: over 2,877 files of node_modules the code scan's peak memory fell
 * from ~200 to ~163 MB and its CPU time by several per cent, with the same trees and findings.
 *
 * Only that class's three uses of its handle change (its field, its constructor, and the glue
 * that hands a node to WebAssembly); the runtime's other classes keep `[0]`. When the
 * installed runtime's text is not laid out as expected (another version), the file is written
 * unchanged: the engine then runs the package's own code, slower, never differently; a test
 * fails so that the next upgrade is looked at.
 */

/** The generated file, beside the compiled engine's code folder (out/tasks/engine/code/). */
export const RUNTIME_JS_FILE = 'tree-sitter-runtime.js';

/** The property the node's handle is kept under instead of `[0]`. */
export const NODE_HANDLE_PROPERTY = '_wasmHandle';

/** Each edit: the text as the runtime writes it (it must occur exactly once where looked for). */
const NODE_CLASS = 'var Node = class {';
const FIELD = '\n  [0] = 0;\n';
const CONSTRUCTOR_STORE = '\n    this[0] = other;\n';
const MARSHAL_READ = 'C.setValue(address, node[0], "i32");';

/**
 * The runtime's text with the node handle under `NODE_HANDLE_PROPERTY`; undefined when any of
 * the places is missing or not unique, or the class or glue use the handle anywhere else (the
 * text is then to be used as it is).
 */
export function patchRuntimeSource(text: string): string | undefined {
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
 * The text the build writes: the installed runtime, patched when recognised, and the size of the
 * WebAssembly beside it (grammars.ts refuses glue recorded for any other).
 */
export function builtRuntimeText(from = installedRuntimeFile()): { text: string; patched: boolean } {
  const text = readFileSync(from, 'utf8');
  const patched = patchRuntimeSource(text);
  const wasmBytes = statSync(join(dirname(from), RUNTIME_WASM)).size;
  const record = `\n// Written by Palisade's build (tasks/engine/code/treeSitterRuntime.ts) beside the package's ${RUNTIME_WASM}.\nmodule.exports.${RUNTIME_WASM_BYTES_EXPORT} = ${wasmBytes};\n`;
  return { text: (patched ?? text) + record, patched: patched !== undefined };
}

/**
 * Writes `outFile` from the installed runtime; `patched` says whether the node handle was moved.
 * Written to a temporary name first, so a failed build leaves no half file.
 */
export function writeRuntime(outFile: string, from = installedRuntimeFile()): { patched: boolean } {
  const { text, patched } = builtRuntimeText(from);
  mkdirSync(dirname(outFile), { recursive: true });
  const tmp = `${outFile}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, outFile);
  return { patched };
}

if (require.main === module) {
  try {
    const out = join(__dirname, RUNTIME_JS_FILE);
    const { patched } = writeRuntime(out);
    const where = relative(process.cwd(), out);
    process.stdout.write(
      patched
        ? `wrote the tree-sitter runtime to ${where}\n`
        : `wrote the tree-sitter runtime to ${where} unchanged: its Node class is not laid out as expected (see treeSitterRuntime.ts)\n`,
    );
  } catch (e) {
    process.stderr.write(`tree-sitter runtime: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
