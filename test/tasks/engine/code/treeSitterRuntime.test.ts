import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grammarDir, loadedRuntime, loadGrammar, RUNTIME_WASM, RUNTIME_WASM_BYTES_EXPORT } from '../../../../tasks/engine/code/grammars';
import { GRAMMAR_FILES } from '../../../../tasks/engine/code/languages';
import { builtRuntimeText, installedRuntimeFile, NODE_HANDLE_PROPERTY, patchRuntimeSource, RUNTIME_JS_FILE, writeRuntime } from '../../../../tasks/engine/code/treeSitterRuntime';

/** A runtime laid out as the package's is, cut to the parts the patch looks at. */
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
  'function marshalNode(node) {',
  '  C.setValue(address, node.id, "i32");',
  '  C.setValue(address, node[0], "i32");',
  '}',
  '',
].join('\n');

describe('code/treeSitterRuntime', () => {
  it('moves the Node class\'s handle, and only it, to a property name', () => {
    const out = patchRuntimeSource(MINI)!;
    assert.ok(out, 'the layout is recognised');
    const lines = out.split('\n');
    const changed = MINI.split('\n').flatMap((l, i) => (l === lines[i] ? [] : [[l.trim(), lines[i].trim()]]));
    assert.deepEqual(changed, [
      ['[0] = 0;', `${NODE_HANDLE_PROPERTY} = 0;`],
      ['this[0] = other;', `this.${NODE_HANDLE_PROPERTY} = other;`],
      ['C.setValue(address, node[0], "i32");', `C.setValue(address, node.${NODE_HANDLE_PROPERTY}, "i32");`],
    ]);
    assert.ok(out.includes('var Tree = class {\n  [0] = 0;'), 'other classes keep their handle');
  });

  it('leaves a runtime it does not recognise as it is', () => {
    const cases: [string, string][] = [
      ['no Node class', MINI.replace('var Node = class {', 'var Nodes = class {')],
      ['two Node classes', `${MINI}\nvar Node = class {\n  [0] = 0;\n}\n`],
      ['no handle field', MINI.replace('  [0] = 0;\n  constructor(internal', '  constructor(internal')],
      ['another use of the handle in the class head', MINI.replace('    this.id = id;', '    this.id = id + this[0];')],
      ['the glue reads the handle elsewhere', MINI.replace('C.setValue(address, node[0], "i32");', 'C.setValue(address, node[0] | 0, "i32");')],
      ['the glue reads it twice', `${MINI}function again(node) {\n  C.setValue(address, node[0], "i32");\n}\n`],
    ];
    for (const [what, text] of cases) assert.equal(patchRuntimeSource(text), undefined, what);
  });

  it('recognises the installed runtime, and the build wrote its patched text beside the engine', () => {
    const installed = readFileSync(installedRuntimeFile(), 'utf8');
    const patched = patchRuntimeSource(installed);
    assert.ok(patched, '@vscode/tree-sitter-wasm\'s runtime is not laid out as treeSitterRuntime.ts expects: look at its Node class and adapt the patch');
    const built = join(__dirname, '..', '..', '..', '..', 'tasks', 'engine', 'code', RUNTIME_JS_FILE);
    assert.ok(builtRuntimeText().text.startsWith(patched));
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

  it('writes an unrecognised runtime unchanged, with the size of its WebAssembly, through a temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-runtime-'));
    try {
      const from = join(dir, 'tree-sitter.js');
      writeFileSync(from, 'var Other = 1;\n');
      writeFileSync(join(dir, RUNTIME_WASM), Buffer.alloc(1234));
      const to = join(dir, 'out', RUNTIME_JS_FILE);
      assert.deepEqual(writeRuntime(to, from), { patched: false });
      const record = `module.exports.${RUNTIME_WASM_BYTES_EXPORT} = 1234;\n`;
      assert.ok(readFileSync(to, 'utf8').startsWith('var Other = 1;\n'));
      assert.ok(readFileSync(to, 'utf8').endsWith(record));
      writeFileSync(from, MINI);
      assert.deepEqual(writeRuntime(to, from), { patched: true });
      assert.ok(readFileSync(to, 'utf8').startsWith(patchRuntimeSource(MINI)!));
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
