import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as V8 from 'node:v8';
import type { Language as TsLanguage } from '@vscode/tree-sitter-wasm';
import { GRAMMAR_FILES, type GrammarName } from './languages';

/**
 * Loads the tree-sitter runtime and grammars (WebAssembly) lazily, once per thread.
 * Runtime and grammars come from one package built together, so their ABI always matches;
 * nothing is fetched at run time.
 */

type Runtime = typeof import('@vscode/tree-sitter-wasm');

export const RUNTIME_WASM = 'tree-sitter.wasm';

/** Where the .wasm files are: next to a packaged bundle (`grammars/`), or in node_modules. */
export function grammarDir(): string {
  const candidates: string[] = [];
  if (process.env.PALISADE_GRAMMARS_DIR) candidates.push(process.env.PALISADE_GRAMMARS_DIR);
  candidates.push(join(__dirname, 'grammars'), join(__dirname, '..', 'grammars'));
  try {
    candidates.push(join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm'));
  } catch {
    // Not resolvable from a bundle; the copies beside it are used instead.
  }
  const found = candidates.find((c) => existsSync(join(c, RUNTIME_WASM)));
  if (!found) throw new Error(`Palisade's parser files (${RUNTIME_WASM} and grammars) are missing; looked in ${candidates.join(', ')}. Reinstall the task or CLI.`);
  return found;
}

/**
 * Emitted on `process`, with the flags (codeScanFlags()), just before the runtime sets V8's flags: V8
 * refuses a code cache made under other flags than those it starts with, so the CLI launcher
 * (tasks/cli/palisade.js) writes the one it keeps then, not at exit, unless it set the same
 * flags itself at start (setting a flag to the value it has leaves V8's flag hash as it is).
 */
export const BEFORE_V8_FLAGS = 'palisade:before-v8-flags';

let runtime: Promise<Runtime> | undefined;
let quickStart = false;

/**
 * For a scan of a few files (a pre-commit hook, a pull request's changes): grammar code stays
 * in V8's baseline WebAssembly tier. Its optimising tier compiles the parser's hot functions on
 * background threads, which a short process then waits for at exit (about twice the CPU time of
 * such a scan); over a whole tree that compilation pays for itself. Call before the first grammar loads.
 */
export function preferQuickStart(): void {
  quickStart = true;
}

const loading = new Map<GrammarName, Promise<TsLanguage>>();
const loaded = new Map<GrammarName, TsLanguage>();

/**
 * V8 flags for the JavaScript of a code scan (figures in test/bench/README.md):
 * - V8 optimises a function with TurboFan (on background threads) only after 16 times its
 *   default interrupt budget. A code scan runs much branchy JavaScript over syntax trees; with
 *   the default, V8 compiled a great deal of it early, on thin type feedback, and again after
 *   deoptimising, until TurboFan's own work was a third of a whole scan's instructions (at twice
 *   the branch misses of the scan's code). With this budget the truly hot functions are still
 *   optimised, and a code scan takes 15-27% less CPU for the same findings.
 * - The heap grows by a fifth of its live size between full collections, where V8 would let it
 *   grow up to fourfold on a machine with memory to spare: a scan allocates much short-lived data
 *   per file, and over a large tree each thread's heap otherwise swelled to several times what it
 *   held (three copies of node_modules, one thread: peak RSS 397 -> 253 MB at a half). At a
 *   fifth, 1 GB of real code with every scanner on two threads peaks at 395-401 MiB (with the
 *   other memory changes of the twenty-fourth session; 492 MB at a half, 388-403 at 30%), for
 *   79 -> 221 full collections, about 1 s more of GC pauses in a 160 CPU-s scan; one thread over
 *   node_modules, CPU unchanged (test/bench/README.md, twenty-fourth session).
 * - SECRET_SCAN_JS_FLAGS' defaults, for a code scan after a large secrets-only scan in the same
 *   process: code scans were measured and tuned with V8's own young generation and inlining.
 *   A flag set to its default leaves V8's flag hash (cachedDataVersionTag) as a fresh process has it.
 * The CLI launcher starts code scans with the same (CODE_JS_FLAGS in tasks/cli/palisade.js), so
 * that the code cache it keeps for them is made under the flags they run with.
 */
export const CODE_SCAN_JS_FLAGS: readonly string[] = ['--interrupt-budget=1081344', '--heap-growing-percent=20', '--semi-space-growth-factor=2', '--turbo-inlining'];

/**
 * V8 flags for the JavaScript of a large secrets-only scan (see keepSecretScanFlags), set from
 * its start to the end of the process (figures in test/bench/README.md, twenty-fourth session):
 * - V8's young generation keeps the size it has when the files are scanned (8 MB semi-spaces
 *   after the walk of node_modules) instead of growing to 16 MB: such a scan turns nearly every
 *   file's text into a string (154 of node_modules' 158 MB) and drops it at the next file, and
 *   in a larger young generation each one is written to memory that is fresh or out of the caches.
 * - TurboFan inlines no calls: the scan's hot functions are compiled again after each first-time
 *   path (sec42, sec43), and inlining made each compilation cost more than it saved in running.
 * Together, over node_modules on one thread: page faults 26 K -> 20 K, peak RSS 113 -> 96 MB,
 * instructions -2%, CPU -5% to -8% (two threads -12%).
 */
export const SECRET_SCAN_JS_FLAGS: readonly string[] = ['--semi-space-growth-factor=1', '--no-turbo-inlining'];

/**
 * Sets SECRET_SCAN_JS_FLAGS. A thread started after that (a scan thread) sets the growth factor
 * back to 2 for the whole process when V8 configures its heap (it takes no value below 2 from
 * the command line either, which is why it is set here, once the process runs), so the pool
 * calls this again as each of its threads reports ready, with `announce` false.
 */
export function keepSecretScanFlags(announce = true): void {
  const v8 = require('node:v8') as typeof V8;
  if (announce) (process as NodeJS.EventEmitter).emit(BEFORE_V8_FLAGS, [...SECRET_SCAN_JS_FLAGS]);
  for (const flag of SECRET_SCAN_JS_FLAGS) v8.setFlagsFromString(flag);
}

/**
 * The V8 flags a code scan runs with, set by setCodeScanFlags (they apply to the whole process
 * and its threads, from then on).
 */
export function codeScanFlags(): string[] {
  return ['--wasm-lazy-compilation', ...(quickStart ? ['--liftoff-only'] : []), ...CODE_SCAN_JS_FLAGS];
}

let flagsSet = false;

/**
 * Sets the code scan's flags (codeScanFlags) in this process, once. The parser's runtime does
 * it when it loads; a scan of a large tree does it before its walk, so that the first full
 * collections of the main thread's heap already size it by CODE_SCAN_JS_FLAGS (set after them,
 * the limit V8 had set stayed: 63 MB live, the next collection at 217 MB).
 */
export function setCodeScanFlags(): void {
  if (flagsSet) return;
  flagsSet = true;
  // node:v8 is required here, not at start: it costs ~4 ms that scans without code rules need not pay.
  const v8 = require('node:v8') as typeof V8;
  const flags = codeScanFlags();
  (process as NodeJS.EventEmitter).emit(BEFORE_V8_FLAGS, flags);
  for (const flag of flags) v8.setFlagsFromString(flag);
}

function loadRuntime(): Promise<Runtime> {
  runtime ??= (async () => {
    // A grammar is megabytes of WebAssembly of which a parse runs a small part: compiling each
    // function on its first call, instead of all of them up front, takes most of the cost out
    // of a small scan's start-up. Set before the first module is compiled; V8 reads it then.
    setCodeScanFlags();
    const dir = grammarDir();
    const rt = requireRuntime();
    // The runtime's memory (32 MB, as its glue would make it: 512 pages, at most 2 GB) made here,
    // before the rules load, not by the glue after its first await (when they have): the first
    // ArrayBuffer after a 32 MB one sets off a scavenge for "external memory pressure", cheap
    // while the young generation is nearly empty, and V8 then no longer starts a full GC in a
    // small scan (clean one-file code scan 342 -> 280 M instructions). A runtime that declares
    // more pages would refuse it at instantiation: every code test fails then, nothing silently.
    // A quick start begins with 2 MB instead (the runtime grows its memory when it needs more):
    // V8 counts a memory's size as external memory against the old generation's limit, which it
    // lowers after the first scavenges, so 32 MB still brought a full GC into every one-file code
    // scan (~60 M instructions, 10-40 ms); its runtime is told of the smaller minimum.
    const options: Record<string, unknown> = { locateFile: (file: string) => join(dir, file) };
    let pages = 512;
    const wasmFile = join(dir, RUNTIME_WASM);
    const bytes = quickStart ? readFileSync(wasmFile) : undefined;
    checkRuntimePair(rt, bytes ? bytes.length : statSync(wasmFile).size, wasmFile);
    if (bytes) {
      if (setMemoryMinimum(bytes, QUICK_MEMORY_PAGES)) {
        options.wasmBinary = bytes;
        pages = QUICK_MEMORY_PAGES;
      }
      // readFileSync never returns a view of shared memory.
      options.instantiateWasm = instantiateNow(bytes as Uint8Array<ArrayBuffer>);
    }
    options.wasmMemory = new WebAssembly.Memory({ initial: pages, maximum: 32768 });
    await rt.Parser.init(options as Parameters<typeof rt.Parser.init>[0]);
    return rt;
  })();
  return runtime;
}

/**
 * The runtime's instantiateWasm hook for a quick start: the module compiled and instantiated
 * here, on this thread, at once. Left to the glue, WebAssembly.instantiate queues its start as a
 * task for this thread, which runs only once the rules have loaded, and the scan then waited
 * for the compile (one-file code scan: ~9 ms idle); under lazy compilation the synchronous
 * compile takes about half a millisecond (206 KB).
 */
function instantiateNow(bytes: Uint8Array<ArrayBuffer>): (imports: WebAssembly.Imports, receive: (i: WebAssembly.Instance, m: WebAssembly.Module) => unknown) => unknown {
  return (imports, receive) => {
    const module = new WebAssembly.Module(bytes);
    return receive(new WebAssembly.Instance(module, imports), module);
  };
}

/** A quick start's memory: 2 MB (a one-file scan of JavaScript uses about half of it). */
const QUICK_MEMORY_PAGES = 32;

/**
 * Sets, in place, the minimum size (in 64 KB pages, below 16,384) of the memory the WebAssembly
 * module `wasm` imports; false, with `wasm` unchanged, when it imports no plain memory whose
 * minimum is written in two bytes (tree-sitter.wasm's 512 is).
 */
export function setMemoryMinimum(wasm: Uint8Array, pages: number): boolean {
  const at = memoryImportMinimum(wasm);
  if (!at || at.end - at.start !== 2 || pages < 0 || pages >= 1 << 14) return false;
  // Two bytes of LEB128 whatever the value, so that no offset or section size moves.
  wasm[at.start] = 0x80 | (pages & 0x7f);
  wasm[at.start + 1] = pages >> 7;
  return true;
}

/** Where the LEB128 minimum of the memory `wasm` imports lies. */
function memoryImportMinimum(wasm: Uint8Array): { start: number; end: number } | undefined {
  const head = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (wasm.length < 8 || head.some((b, i) => wasm[i] !== b)) return undefined;
  let p = 8;
  const leb = (): number => {
    let r = 0;
    let shift = 0;
    let b: number;
    do {
      if (p >= wasm.length) throw new RangeError('truncated');
      b = wasm[p++]!;
      r += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return r;
  };
  try {
    while (p < wasm.length) {
      const id = wasm[p++]!;
      const size = leb();
      const end = p + size;
      if (id === 2) {
        const n = leb();
        for (let i = 0; i < n; i++) {
          for (let name = 0; name < 2; name++) {
            // The module's name, then the field's (`p += leb()` would add to p's value before the read).
            const length = leb();
            p += length;
          }
          const kind = wasm[p++];
          if (kind === 0) leb();
          else if (kind === 1) {
            p++; // element type
            const flags = wasm[p++]!;
            leb();
            if (flags & 1) leb();
          } else if (kind === 2) {
            // Only a plain 32-bit memory (flags 0 or 1: with or without a maximum).
            if (wasm[p++]! > 1) return undefined;
            const start = p;
            leb();
            return { start, end: p };
          } else if (kind === 3) p += 2;
          else return undefined;
        }
        return undefined;
      }
      p = end;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * Starts loading the runtime now, in the background: WebAssembly compiles off the main thread,
 * so a small scan's start-up (rules, keywords) overlaps it. A failure surfaces at loadGrammar.
 */
export function warmRuntime(): void {
  loadRuntime().catch(() => undefined);
}

/** The grammar, loading it on first use in this thread. */
export function loadGrammar(name: GrammarName): Promise<TsLanguage> {
  let p = loading.get(name);
  if (!p) {
    p = (async () => {
      const rt = await loadRuntime();
      const bytes = readFileSync(join(grammarDir(), GRAMMAR_FILES[name]));
      const lang = await rt.Language.load(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      loaded.set(name, lang);
      return lang;
    })();
    // A failed load may be retried (e.g. after a missing file is restored).
    p.catch(() => loading.delete(name));
    loading.set(name, p);
  }
  return p;
}

/** The grammar if it is already loaded in this thread. */
export function loadedGrammar(name: GrammarName): TsLanguage | undefined {
  return loaded.get(name);
}

/** The runtime module; only valid after a grammar has loaded. */
export function loadedRuntime(): Runtime {
  return requireRuntime();
}

/**
 * The runtime's JavaScript and its WebAssembly are one build of the package: glue written for
 * another version would instantiate a different module (or fail deep inside it). The build
 * records the size of the WebAssembly it wrote the glue beside (treeSitterRuntime.ts), so an
 * upgrade of the package without `npm run build` is refused here, saying what to do.
 */
function checkRuntimePair(rt: Runtime, wasmBytes: number, wasmFile: string): void {
  const expected = (rt as unknown as Record<string, unknown>)[RUNTIME_WASM_BYTES_EXPORT];
  if (expected !== wasmBytes) {
    throw new Error(`the tree-sitter runtime beside ${__filename} was written for another ${wasmFile} (${String(expected)} bytes, found ${wasmBytes}): run \`npm run build\` after installing @vscode/tree-sitter-wasm`);
  }
}

/** The export under which the built runtime records its WebAssembly's size (treeSitterRuntime.ts writes it). */
export const RUNTIME_WASM_BYTES_EXPORT = 'palisadeWasmBytes';

/**
 * The runtime's JavaScript as the build wrote it beside this module (treeSitterRuntime.ts: the
 * package's file with its node handle under a property name). Required by this literal path so
 * that both bundlers (the CLI's and the task's webpack) take the same file.
 */
function requireRuntime(): Runtime {
  try {
    return require('./tree-sitter-runtime.js') as Runtime;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
    throw new Error(`the tree-sitter runtime (tree-sitter-runtime.js) is missing beside ${__filename}: run \`npm run build\` (it writes it from @vscode/tree-sitter-wasm)`);
  }
}
