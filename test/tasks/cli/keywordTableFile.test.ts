import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, encode, KeywordTableFile } from '../../../tasks/cli/keywordTableFile';
import { KeywordIndex, keywordTablesKey, useKeywordTableStore, type KeywordTables } from '../../../tasks/engine/text/keywordIndex';
import { makeTree, removeTree } from '../../support/tmpTree';

/** The tables an index built, caught through a store. */
function tablesOf(keywords: string[], anchors: string[] = []): { key: string; tables: KeywordTables } {
  let caught: { key: string; tables: KeywordTables } | undefined;
  useKeywordTableStore({ get: () => undefined, set: (key, tables) => (caught = { key, tables }) });
  try {
    new KeywordIndex(keywords, anchors);
  } finally {
    useKeywordTableStore(undefined);
  }
  return caught!;
}

describe('keyword table file', () => {
  let root: string;
  afterEach(() => root && removeTree(root));

  it('gives back the tables it was given', () => {
    const a = tablesOf(['password', 'token', 'pat'], ['ghp_', 'xoxb-']);
    const b = tablesOf(['secret']);
    const back = decode(encode(new Map([[a.key, a.tables], [b.key, b.tables]])));
    assert.deepEqual([...back.keys()], [a.key, b.key]);
    for (const { key, tables } of [a, b]) {
      assert.deepEqual([...back.get(key)!.delta], [...tables.delta]);
      assert.deepEqual(back.get(key)!.outputs.map((o) => o && [...o]), tables.outputs.map((o) => o && [...o]));
    }
  });

  it('keeps automata between runs, and an index built from them finds what a fresh one finds', () => {
    root = makeTree({ 'keep/.keep': '' });
    const file = join(root, 'keep', 'tables.bin');
    const first = new KeywordTableFile(file);
    useKeywordTableStore(first);
    const built = new KeywordIndex(['password', 'api_key', 'sk'], ['ghp_']);
    useKeywordTableStore(undefined);
    first.save();
    assert.ok(existsSync(file));

    const second = new KeywordTableFile(file);
    let builtAgain = false;
    useKeywordTableStore({ get: (k) => second.get(k), set: () => (builtAgain = true) });
    const read = new KeywordIndex(['password', 'api_key', 'sk'], ['ghp_']);
    useKeywordTableStore(undefined);
    assert.equal(builtAgain, false, 'read back, not built');
    const text = 'const API_KEY = "x"; // Password: sk-live ghp_abc task sk_test';
    const starts = () => [[]] as number[][];
    const s1 = starts();
    const s2 = starts();
    assert.deepEqual([...read.scan(text, s2)], [...built.scan(text, s1)]);
    assert.deepEqual(s2, s1);
  });

  it('ignores a file that does not add up, and keeps only the latest automata', () => {
    root = makeTree({ 'bad.bin': 'PKT1\n[{"key":"x","states":9,"outputs":9}]\n   ', 'junk.bin': 'hello' });
    for (const f of ['bad.bin', 'junk.bin', 'missing.bin']) assert.equal(new KeywordTableFile(join(root, f)).get('x'), undefined);
    const store = new KeywordTableFile(join(root, 'many.bin'));
    for (let i = 0; i < 8; i++) {
      const t = tablesOf([`kw${i}`]);
      store.set(t.key, t.tables);
    }
    store.save();
    const keys = [...decode(readFileSync(join(root, 'many.bin'))).keys()];
    assert.deepEqual(keys, [2, 3, 4, 5, 6, 7].map((i) => keywordTablesKey([`kw${i}`])));
    writeFileSync(join(root, 'many.bin'), readFileSync(join(root, 'many.bin')).subarray(0, 200));
    assert.equal(new KeywordTableFile(join(root, 'many.bin')).get(keys[0]), undefined, 'a truncated file is ignored');
  });
});
