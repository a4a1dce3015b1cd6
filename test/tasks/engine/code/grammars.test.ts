import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { grammarDir, CODE_SCAN_JS_FLAGS, loadedGrammar, loadedRuntime, loadGrammar, RUNTIME_WASM, setMemoryMinimum } from '../../../../tasks/engine/code/grammars';
import { GRAMMAR_FILES, type GrammarName } from '../../../../tasks/engine/code/languages';

describe('code/grammars', () => {
  const saved = process.env.PALISADE_GRAMMARS_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.PALISADE_GRAMMARS_DIR;
    else process.env.PALISADE_GRAMMARS_DIR = saved;
  });

  it('a quick start loads the runtime and a grammar without waiting for a task of the thread (nothing to wait for while it is busy)', () => {
    // A fresh process: an immediate queued first runs only after the thread's pending tasks.
    // WebAssembly.instantiate queues its steps as such tasks, so a load through it came after it.
    const grammars = JSON.stringify(require.resolve('../../../../tasks/engine/code/grammars'));
    const script = `
      const g = require(${grammars});
      g.preferQuickStart();
      let ran = false;
      setImmediate(() => { ran = true; });
      g.loadGrammar('typescript').then(async (ts) => {
        const first = ran;
        ran = false;
        setImmediate(() => { ran = true; });
        await g.loadGrammar('python');
        process.stdout.write(JSON.stringify({ first, second: ran, typescript: !!ts }));
      });`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { first: boolean; second: boolean; typescript: boolean };
    assert.deepEqual(out, { first: false, second: false, typescript: true });
  });

  it('finds the runtime and every grammar file in the installed package', () => {
    delete process.env.PALISADE_GRAMMARS_DIR;
    const dir = grammarDir();
    assert.ok(existsSync(join(dir, RUNTIME_WASM)));
    for (const f of Object.values(GRAMMAR_FILES)) assert.ok(existsSync(join(dir, f)), f);
  });

  it('prefers PALISADE_GRAMMARS_DIR when it holds the runtime, and ignores it when it does not', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'grammars-'));
    try {
      process.env.PALISADE_GRAMMARS_DIR = tmp;
      assert.notEqual(grammarDir(), tmp, 'a folder without tree-sitter.wasm is skipped');
      writeFileSync(join(tmp, RUNTIME_WASM), '');
      assert.equal(grammarDir(), tmp);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('loads a grammar once, shares the promise, and parses with it', async () => {
    const name: GrammarName = 'python';
    const p = loadGrammar(name);
    assert.equal(loadGrammar(name), p);
    const lang = await p;
    assert.equal(loadedGrammar(name), lang);
    const parser = new (loadedRuntime().Parser)();
    parser.setLanguage(lang);
    const root = parser.parse('def f(x):\n    return x\n')!.rootNode;
    assert.equal(root.type, 'module');
    assert.equal(root.firstNamedChild?.type, 'function_definition');
  });

  it('a quick start keeps grammar code in the baseline tier, and parses the same', () => {
    // Fresh processes: V8 flags are process-wide and this one may have loaded the runtime already.
    // The large text needs more than a quick start's first 2 MB of parser memory.
    const run = (quick: boolean): { before: string[]; after: string[]; tree: string; large: number } => {
      const script = `
        const g = require(${JSON.stringify(require.resolve('../../../../tasks/engine/code/grammars'))});
        const before = g.codeScanFlags();
        if (${quick}) g.preferQuickStart();
        g.loadGrammar('typescript').then((lang) => {
          const p = new (g.loadedRuntime().Parser)();
          p.setLanguage(lang);
          const root = p.parse('export function run(cmd: string) { exec(cmd); }').rootNode;
          const large = p.parse('const a = [' + 'f(x, "y"), '.repeat(50000) + '];').rootNode.descendantCount;
          process.stdout.write(JSON.stringify({ before, after: g.codeScanFlags(), tree: root.toString(), large }));
        });`;
      return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    };
    const out = run(true);
    assert.ok(!out.before.includes('--liftoff-only'), 'a whole tree keeps the optimising tier');
    assert.ok(out.after.includes('--liftoff-only'));
    assert.match(out.tree, /^\(program \(export_statement declaration: \(function_declaration name: \(identifier\)/);
    const full = run(false);
    assert.equal(out.tree, full.tree);
    assert.equal(out.large, full.large);
    assert.ok(out.large > 500_000, String(out.large));
  });

  it("leaves V8 with a code scan's JavaScript flags once the runtime is loaded", () => {
    // V8's flag hash (cachedDataVersionTag) follows these flags, so a fresh process that
    // loaded the parser must hash as one started with CODE_SCAN_JS_FLAGS, and not as a plain one.
    const tag = (flags: string[], script: string): number =>
      Number(execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' }).trim());
    const grammars = JSON.stringify(require.resolve('../../../../tasks/engine/code/grammars'));
    const loaded = tag([], `require(${grammars}).loadGrammar('python').then(() => process.stdout.write(String(require('node:v8').cachedDataVersionTag())));`);
    const print = "process.stdout.write(String(require('node:v8').cachedDataVersionTag()))";
    const plain = tag([], print);
    // The CLI launcher starts code scans with the same flags (its CODE_JS_FLAGS), so that the
    // code cache it keeps for them is made under the flags the scan runs with.
    const launcher = readFileSync(join(__dirname, '../../../../../tasks/cli/palisade.js'), 'utf8');
    const quick = /^const CODE_JS_FLAGS = \[([^\]]*)\];$/m.exec(launcher);
    assert.ok(quick, 'CODE_JS_FLAGS in tasks/cli/palisade.js');
    assert.deepEqual(quick[1]!.split(',').map((f) => f.trim().replace(/^'|'$/g, '')), [...CODE_SCAN_JS_FLAGS]);
    assert.equal(loaded, tag([...CODE_SCAN_JS_FLAGS], print));
    assert.notEqual(loaded, plain, 'the flag changes what V8 does, so it must change its hash');
    // A code scan after a large secrets-only scan in the same process runs with its own flags.
    const afterSecrets = tag([], `const g = require(${grammars}); g.keepSecretScanFlags(false); g.loadGrammar('python').then(() => process.stdout.write(String(require('node:v8').cachedDataVersionTag())));`);
    assert.equal(afterSecrets, loaded);
    // A scan of many program files sets them after its walk, before the parser loads: the same
    // flags, once (the parser's load leaves them as they are).
    const early = tag([], `const g = require(${grammars}); g.setCodeScanFlags(); ${print}`);
    assert.equal(early, loaded);
    const earlyThenLoaded = tag([], `const g = require(${grammars}); g.setCodeScanFlags(); g.loadGrammar('python').then(() => ${print});`);
    assert.equal(earlyThenLoaded, loaded);
  });

  it("sets the minimum of the runtime's memory in place, and leaves other modules alone", () => {
    const wasm = readFileSync(join(grammarDir(), RUNTIME_WASM));
    const copy = Buffer.from(wasm);
    assert.equal(setMemoryMinimum(copy, 32), true);
    const changed = [...copy.keys()].filter((i) => copy[i] !== wasm[i]);
    assert.equal(changed.length, 2, 'two bytes: the minimum, as two bytes of LEB128');
    assert.deepEqual([...copy.subarray(changed[0]!, changed[0]! + 2)], [0xa0, 0x00]);
    assert.ok(WebAssembly.validate(copy));
    // The memory is then accepted from 32 pages (512 before).
    const mod = new WebAssembly.Module(copy);
    assert.ok(WebAssembly.Module.imports(mod).some((i) => i.kind === 'memory'));
    const empty = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    assert.equal(setMemoryMinimum(empty, 32), false, 'no memory imported');
    assert.equal(setMemoryMinimum(Uint8Array.from([1, 2, 3]), 32), false, 'not WebAssembly');
    assert.equal(setMemoryMinimum(Buffer.from(wasm), 1 << 14), false, 'more than two bytes');
  });
});
