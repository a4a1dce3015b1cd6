import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
