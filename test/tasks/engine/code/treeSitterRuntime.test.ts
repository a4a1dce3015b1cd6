import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grammarDir, loadedRuntime, loadGrammar, RUNTIME_WASM, RUNTIME_WASM_BYTES_EXPORT } from '../../../../tasks/engine/code/grammars';
import { GRAMMAR_FILES } from '../../../../tasks/engine/code/languages';
import { builtRuntimeText, installedRuntimeFile, NODE_HANDLE_PROPERTY, patchRuntimeSource, RUNTIME_JS_FILE, writeRuntime } from '../../../../tasks/engine/code/treeSitterRuntime';

/** A runtime laid out as the package's is, cut to the parts the edits look at. */
const MINI = [
  'var Tree = class {',
  '  [0] = 0;',
  '  constructor(address) {',
  '    this[0] = address;',
  '  }',
  '};',
  'var Node = class {',
  '  static {',
  '    __name(this, "Node");',
  '  }',
  '  [0] = 0;',
  '  constructor(internal, { id, tree, other }) {',
  '    this[0] = other;',
  '    this.id = id;',
  '  }',
  '  get typeId() {',
  '    marshalNode(this);',
  '    return C._ts_node_symbol_wasm(this.tree[0]);',
  '  }',
  '};',
  'function marshalNode(node, index = 0) {',
  '  let address = TRANSFER_BUFFER + index * SIZE_OF_NODE;',
  '  C.setValue(address, node.id, "i32");',
  '  address += SIZE_OF_INT;',
  '  C.setValue(address, node.startIndex, "i32");',
  '  address += SIZE_OF_INT;',
  '  C.setValue(address, node.startPosition.row, "i32");',
  '  address += SIZE_OF_INT;',
  '  C.setValue(address, node.startPosition.column, "i32");',
  '  address += SIZE_OF_INT;',
  '  C.setValue(address, node[0], "i32");',
  '}',
  'function unmarshalNode(tree, address = TRANSFER_BUFFER) {',
  '  const id = C.getValue(address, "i32");',
  '  address += SIZE_OF_INT;',
  '  if (id === 0) return null;',
  '  const index = C.getValue(address, "i32");',
  '  address += SIZE_OF_INT;',
  '  const row = C.getValue(address, "i32");',
  '  address += SIZE_OF_INT;',
  '  const column = C.getValue(address, "i32");',
  '  address += SIZE_OF_INT;',
  '  const other = C.getValue(address, "i32");',
  '  return new Node(INTERNAL, { id, tree, startIndex: index, startPosition: { row, column }, other });',
  '}',
  'function marshalTreeCursor(cursor, address = TRANSFER_BUFFER) {',
  '  C.setValue(address + 0 * SIZE_OF_INT, cursor[0], "i32");',
  '}',
  'var Language = class {',
  '  static async load(input) {',
  '    const bytes = Promise.resolve(input);',
  '    const mod = await C.loadWebAssemblyModule(await bytes, { loadAsync: true });',
  '    return mod;',
  '  }',
  '};',
  '',
].join('\n');

/** Lines of `to` that differ from `from` (same line count), trimmed: [before, after]. */
function changedLines(from: string, to: string): [string, string][] {
  const after = to.split('\n');
  assert.equal(after.length, from.split('\n').length);
  return from.split('\n').flatMap((l, i): [string, string][] => (l === after[i] ? [] : [[l.trim(), after[i].trim()]]));
}

const store = (v: string): string => `C.HEAP_DATA_VIEW.setInt32((address >> 2) * 4, ${v}, true);`;
const load = 'C.HEAP_DATA_VIEW.getInt32((address >> 2) * 4, true)';

describe('code/treeSitterRuntime', () => {
  it('moves the Node class\'s handle to a property name, and hands nodes over through the module\'s DataView', () => {
    const { text, applied } = patchRuntimeSource(MINI);
    assert.deepEqual(applied, ['node-handle', 'direct-memory', 'sync-language']);
    assert.deepEqual(changedLines(MINI, text), [
      ['[0] = 0;', `${NODE_HANDLE_PROPERTY} = 0;`],
      ['this[0] = other;', `this.${NODE_HANDLE_PROPERTY} = other;`],
      ['C.setValue(address, node.id, "i32");', store('node.id')],
      ['C.setValue(address, node.startIndex, "i32");', store('node.startIndex')],
      ['C.setValue(address, node.startPosition.row, "i32");', store('node.startPosition.row')],
      ['C.setValue(address, node.startPosition.column, "i32");', store('node.startPosition.column')],
      ['C.setValue(address, node[0], "i32");', store(`node.${NODE_HANDLE_PROPERTY}`)],
      ['const id = C.getValue(address, "i32");', `const id = ${load};`],
      ['const index = C.getValue(address, "i32");', `const index = ${load};`],
      ['const row = C.getValue(address, "i32");', `const row = ${load};`],
      ['const column = C.getValue(address, "i32");', `const column = ${load};`],
      ['const other = C.getValue(address, "i32");', `const other = ${load};`],
      ['const mod = await C.loadWebAssemblyModule(await bytes, { loadAsync: true });', 'const mod = await C.loadWebAssemblyModule(await bytes, { loadAsync: false });'],
    ]);
    assert.ok(text.includes('var Tree = class {\n  [0] = 0;'), 'other classes keep their handle');
    assert.ok(text.includes('C.setValue(address + 0 * SIZE_OF_INT, cursor[0], "i32");'), 'other glue keeps setValue');
  });

  it('leaves what it does not recognise as it is', () => {
    const handleCases: [string, string][] = [
      ['no Node class', MINI.replace('var Node = class {', 'var Nodes = class {')],
      ['two Node classes', `${MINI}\nvar Node = class {\n  [0] = 0;\n}\n`],
      ['no handle field', MINI.replace('  [0] = 0;\n  constructor(internal', '  constructor(internal')],
      ['another use of the handle in the class', MINI.replace('    this.id = id;', '    this.id = id + this[0];')],
      ['the glue reads the handle elsewhere', MINI.replace('C.setValue(address, node[0], "i32");', 'C.setValue(address, node[0] | 0, "i32");')],
      ['the glue reads it twice', `${MINI}function again(node) {\n  C.setValue(address, node[0], "i32");\n}\n`],
    ];
    for (const [what, text] of handleCases) {
      const r = patchRuntimeSource(text);
      assert.ok(!r.applied.includes('node-handle'), what);
      assert.ok(!r.text.includes(NODE_HANDLE_PROPERTY), what);
    }
    const memoryCases: [string, string][] = [
      ['no marshalNode', MINI.replace('function marshalNode(', 'function marshalNodes(')],
      ['a sixth store', MINI.replace('  C.setValue(address, node.id, "i32");', '  C.setValue(address, node.id, "i32");\n  C.setValue(address, node.id, "i32");')],
      ['another call into the module', MINI.replace('  if (id === 0) return null;', '  if (id === 0) return C.none();')],
      ['a store of another width', MINI.replace('node.startIndex, "i32"', 'node.startIndex, "i16"')],
    ];
    for (const [what, text] of [
      ['no Language.load call', MINI.replace('{ loadAsync: true }', '{ loadAsync: true, extra: 1 }')],
      ['two of them', `${MINI}async function again(bytes) {\n  return C.loadWebAssemblyModule(await bytes, { loadAsync: true });\n}\n`],
    ] as [string, string][]) {
      const r = patchRuntimeSource(text);
      assert.deepEqual(r.applied, ['node-handle', 'direct-memory'], what);
      assert.ok(!r.text.includes('loadAsync: false'), what);
    }
    for (const [what, text] of memoryCases) {
      const r = patchRuntimeSource(text);
      assert.deepEqual(r.applied, ['node-handle', 'sync-language'], what);
      assert.ok(!r.text.includes('HEAP_DATA_VIEW'), what);
    }
  });

  it('recognises the installed runtime, and the build wrote its edited text beside the engine', () => {
    const { text, applied } = patchRuntimeSource(readFileSync(installedRuntimeFile(), 'utf8'));
    assert.deepEqual(applied, ['node-handle', 'direct-memory', 'sync-language'], '@vscode/tree-sitter-wasm\'s runtime is not laid out as treeSitterRuntime.ts expects: look at its Node class, node marshalling and Language.load and adapt the edits');
    const built = join(__dirname, '..', '..', '..', '..', 'tasks', 'engine', 'code', RUNTIME_JS_FILE);
    assert.ok(builtRuntimeText().text.startsWith(text));
    assert.equal(readFileSync(built, 'utf8'), builtRuntimeText().text, `${built} is stale: run \`npm run build\``);
  });

  it('gives the engine nodes that carry the handle by name and still answer every question', async () => {
    const lang = await loadGrammar('javascript');
    const parser = new (loadedRuntime().Parser)();
    parser.setLanguage(lang);
    const tree = parser.parse('const a = require("x");\nfunction f(b) { return a.run(b); }\n')!;
    const call = tree.rootNode.descendantsOfType('call_expression')[1];
    assert.ok(call);
    assert.ok(!(0 in call), 'no indexed property, so no elements store per node');
    assert.equal(typeof (call as unknown as Record<string, unknown>)[NODE_HANDLE_PROPERTY], 'number');
    assert.equal(call.text, 'a.run(b)');
    assert.equal(call.childForFieldName('function')?.text, 'a.run');
    assert.equal(call.parent?.type, 'return_statement');
    const q = new (loadedRuntime().Query)(lang, '(call_expression function: (member_expression) @m)');
    assert.deepEqual(q.captures(tree.rootNode).map((c) => c.node.text), ['a.run']);
    q.delete();
    tree.delete();
    parser.delete();
  });

  it('hands nodes over after the parser\'s memory has grown (a quick start begins with 2 MB)', () => {
    // A fresh process: the quick start is set before the runtime loads.
    const script = `
      const g = require(${JSON.stringify(require.resolve('../../../../tasks/engine/code/grammars'))});
      g.preferQuickStart();
      g.loadGrammar('javascript').then((lang) => {
        const p = new (g.loadedRuntime().Parser)();
        p.setLanguage(lang);
        const calls = p.parse('const a = [' + 'f(x, "y"), '.repeat(50000) + 'last(z)];').rootNode.descendantsOfType('call_expression');
        const end = calls[calls.length - 1];
        process.stdout.write(JSON.stringify({ n: calls.length, text: end.text, callee: end.childForFieldName('function').text, parent: end.parent.type }));
      });`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    assert.deepEqual(out, { n: 50001, text: 'last(z)', callee: 'last', parent: 'array' });
  });

  it('writes an unrecognised runtime unchanged, with the size of its WebAssembly, through a temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-runtime-'));
    try {
      const from = join(dir, 'tree-sitter.js');
      writeFileSync(from, 'var Other = 1;\n');
      writeFileSync(join(dir, RUNTIME_WASM), Buffer.alloc(1234));
      const to = join(dir, 'out', RUNTIME_JS_FILE);
      assert.deepEqual(writeRuntime(to, from), { applied: [] });
      const record = `module.exports.${RUNTIME_WASM_BYTES_EXPORT} = 1234;\n`;
      assert.ok(readFileSync(to, 'utf8').startsWith('var Other = 1;\n'));
      assert.ok(readFileSync(to, 'utf8').endsWith(record));
      writeFileSync(from, MINI);
      assert.deepEqual(writeRuntime(to, from), { applied: ['node-handle', 'direct-memory', 'sync-language'] });
      assert.ok(readFileSync(to, 'utf8').startsWith(patchRuntimeSource(MINI).text));
      assert.ok(readFileSync(to, 'utf8').endsWith(record));
      assert.deepEqual(readdirSync(join(dir, 'out')), [RUNTIME_JS_FILE]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a runtime built beside another version\'s WebAssembly, saying to rebuild', () => {
    // A fresh process: this one may have loaded the runtime already.
    const dir = mkdtempSync(join(tmpdir(), 'ts-runtime-'));
    try {
      const wasm = readFileSync(join(grammarDir(), RUNTIME_WASM));
      writeFileSync(join(dir, RUNTIME_WASM), Buffer.concat([wasm, Buffer.alloc(8)]));
      for (const f of Object.values(GRAMMAR_FILES)) copyFileSync(join(grammarDir(), f), join(dir, f));
      const script = `require(${JSON.stringify(require.resolve('../../../../tasks/engine/code/grammars'))}).loadGrammar('python').then(() => console.log('loaded'), (e) => console.log(e.message));`;
      const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, PALISADE_GRAMMARS_DIR: dir } });
      assert.match(out, /was written for another .*tree-sitter\.wasm \(\d+ bytes, found \d+\): run `npm run build`/);
      // The same files as built: loaded.
      writeFileSync(join(dir, RUNTIME_WASM), wasm);
      assert.equal(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, PALISADE_GRAMMARS_DIR: dir } }).trim(), 'loaded');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
