import assert from 'node:assert/strict';
import { javascriptAdapter } from '../../../../../tasks/engine/code/lang/javascript';
import { indexOf, realJsFiles } from '../../../../support/codeIndex';
import { firstOf, itShapes, parseWith } from '../../../../support/syntaxShapes';

describe('code/lang/javascript', () => {
  // The shape table: one case per kind of row (the matcher and value tracker see only shapes).
  itShapes(javascriptAdapter, [
    ['javascript', 'x = `a${b}c`;', 'template_string', 'interpolated "a" {b} "c"'],
    ['javascript', 'x = 1_000;', 'number', 'scalar 1000'],
    ['javascript', 'x = a.b;', 'member_expression', 'member a . b'],
    ['javascript', 'x = a[i];', 'subscript_expression', 'index a [i]'],
    ['javascript', 'x = (1, y);', 'sequence_expression', 'wrap y'],
    ['javascript', 'x = await p;', 'await_expression', 'wrap p'],
    ['javascript', 'x = c ? a : b;', 'ternary_expression', 'choice a | b if c'],
    ['javascript', 'x = { k: v, w };', 'object', 'collection v, w'],
    ['javascript', 'x = undefined;', 'undefined', 'scalar null'],
    ['typescript', 'const x = y as string;', 'as_expression', 'wrap y'],
  ]);

  it('reads require and import aliases as canonical module paths', async () => {
    const root = await parseWith('javascript', "const cp = require('child_process');\nimport { exec as run } from 'child_process';\nimport * as fs from 'fs';\n");
    assert.deepEqual([...javascriptAdapter.imports(root)], [['cp', 'child_process'], ['run', 'child_process.exec'], ['fs', 'fs']]);
  });

  it('reads drop-in replacements of core modules as the core module (graceful-fs, fs-extra, mz)', async () => {
    const root = await parseWith('javascript', "const fs = require('graceful-fs');\nconst fse = require('fs-extra');\nimport { readFile } from 'mz/fs';\nconst cp = require('node:child_process');\nconst other = require('fs-walk');\n");
    assert.deepEqual([...javascriptAdapter.imports(root)], [['fs', 'fs'], ['fse', 'fs'], ['readFile', 'fs.readFile'], ['cp', 'child_process'], ['other', 'fs-walk']]);
  });

  it('reads only declarators that call require, and the same imports from the index\'s walk as from its own, on real files', async () => {
    const code = "const a = notrequire('x');\nconst b = require('y');\nconst c = obj.require('z');\nconst { d, e: f } = require('w');\nconst g = h; // require('v')\nconst i = require('u').sub;\n";
    const index = await indexOf('javascript', code);
    assert.deepEqual([...index.imports], [['b', 'y'], ['d', 'w.d'], ['f', 'w.e'], ['i', 'u.sub']]);
    assert.deepEqual([...javascriptAdapter.imports(index.root)], [...index.imports]);
    const files = realJsFiles(150);
    assert.ok(files.length >= 100, `only ${files.length} files of node_modules`);
    let withImports = 0;
    for (const f of files) {
      const ix = await indexOf('javascript', f.text, f.path);
      assert.deepEqual([...ix.imports], [...javascriptAdapter.imports(ix.root)], f.path);
      if (ix.imports.size) withImports++;
    }
    assert.ok(withImports >= 30, `only ${withImports} files with imports`);
  });

  it('names a function, its parameters, and a call\'s callee and arguments', async () => {
    const root = await parseWith('javascript', 'function handle(req, res) { cp.exec(req.query.c, { shell: true }); }');
    const fn = firstOf(root, 'function_declaration');
    assert.equal(javascriptAdapter.functionName(fn), 'handle');
    assert.deepEqual(javascriptAdapter.params(fn).map((p) => p.name), ['req', 'res']);
    const call = javascriptAdapter.call(firstOf(root, 'call_expression'))!;
    assert.equal(call.callee?.text, 'cp.exec');
    assert.deepEqual(call.args.map((a) => a.node.text), ['req.query.c', '{ shell: true }']);
  });

  it('reads a call\'s arguments when asked, for calls, constructions and tagged templates alike', async () => {
    const root = await parseWith('javascript', 'f(a, /* c */ b); new T(x); new U; tag`s${y}`; g();');
    const calls = root.descendantsOfType(['call_expression', 'new_expression']).map((n) => javascriptAdapter.call(n!)!);
    assert.deepEqual(calls.map((c) => c.args.map((a) => a.node.text)), [['a', 'b'], ['x'], [], ['`s${y}`'], []]);
    assert.deepEqual(calls.map((c) => !!c.isNew), [false, true, true, false, false]);
    assert.equal(calls[1].type?.text, 'T');
    assert.equal(calls[0].args, calls[0].args, 'read once');
  });

  it('reads an object literal\'s property by key and an array literal\'s element by position, not past a spread', async () => {
    const root = await parseWith('javascript', "f({ a: 1, b }, ['-e', code, /* c */ 'x'], [...rest, 'y']);");
    const [obj, arr, spread] = javascriptAdapter.call(firstOf(root, 'call_expression'))!.args.map((a) => a.node);
    assert.equal(javascriptAdapter.property(obj, 'a')?.text, '1');
    assert.equal(javascriptAdapter.property(obj, 'b')?.text, 'b');
    assert.equal(javascriptAdapter.property(arr, '1')?.text, 'code');
    assert.equal(javascriptAdapter.property(arr, '2')?.text, "'x'");
    assert.equal(javascriptAdapter.property(arr, '3'), null);
    assert.equal(javascriptAdapter.property(spread, '1'), null);
  });
});
