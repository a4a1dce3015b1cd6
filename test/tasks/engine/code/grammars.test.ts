import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { grammarDir, loadedGrammar, loadedRuntime, loadGrammar, RUNTIME_WASM } from '../../../../tasks/engine/code/grammars';
import { GRAMMAR_FILES, type GrammarName } from '../../../../tasks/engine/code/languages';

describe('code/grammars', () => {
  const saved = process.env.PALISADE_GRAMMARS_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.PALISADE_GRAMMARS_DIR;
    else process.env.PALISADE_GRAMMARS_DIR = saved;
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
    // A fresh process: V8 flags are process-wide and this one may have loaded the runtime already.
    const script = `
      const g = require(${JSON.stringify(require.resolve('../../../../tasks/engine/code/grammars'))});
      const before = g.wasmFlags();
      g.preferQuickStart();
      g.loadGrammar('typescript').then((lang) => {
        const p = new (g.loadedRuntime().Parser)();
        p.setLanguage(lang);
        const root = p.parse('export function run(cmd: string) { exec(cmd); }').rootNode;
        process.stdout.write(JSON.stringify({ before, after: g.wasmFlags(), tree: root.toString() }));
      });`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { before: string[]; after: string[]; tree: string };
    assert.ok(!out.before.includes('--liftoff-only'), 'a whole tree keeps the optimising tier');
    assert.ok(out.after.includes('--liftoff-only'));
    assert.match(out.tree, /^\(program \(export_statement declaration: \(function_declaration name: \(identifier\)/);
  });
});
