import assert from 'node:assert/strict';
import { goAdapter } from '../../../../../tasks/engine/code/lang/go';
import { firstOf, itShapes, parseWith } from '../../../../support/syntaxShapes';

describe('code/lang/go', () => {
  // The shape table: one case per kind of row (the matcher and value tracker see only shapes).
  itShapes(goAdapter, [
    ['go', 'package m\nvar p = &T{}', 'unary_expression', 'wrap T{}'],
    ['go', 'package m\nvar s = []string{a, b}', 'composite_literal', 'collection a, b'],
    ['go', 'package m\nvar s = []byte(b)', 'type_conversion_expression', 'wrap b'],
  ]);

  it('reads import aliases and paths', async () => {
    const root = await parseWith('go', 'package m\nimport (\n\tex "os/exec"\n\t"net/http"\n)\n');
    assert.deepEqual([...goAdapter.imports(root)], [['ex', 'os/exec'], ['http', 'net/http']]);
  });

  it('names a type by its package, not the local alias of its import', async () => {
    const root = await parseWith('go', 'package m\nimport (\n\tgorilla "github.com/gorilla/websocket"\n\t"net/http"\n\tgx "github.com/jbowtie/gokogiri/xml"\n)\n');
    const imports = goAdapter.imports(root);
    assert.equal(goAdapter.typeInPackage!('gorilla.Dialer', imports), 'websocket.Dialer');
    assert.equal(goAdapter.typeInPackage!('gx.Node', imports), 'xml.Node');
    assert.equal(goAdapter.typeInPackage!('http.Request', imports), 'http.Request');
    // Not an import: a local type, or a package the file does not import, is left as written.
    assert.equal(goAdapter.typeInPackage!('Dialer', imports), 'Dialer');
    assert.equal(goAdapter.typeInPackage!('other.T', imports), 'other.T');
  });

  it('names a function, its typed parameters, and a call\'s callee', async () => {
    const root = await parseWith('go', 'package m\nfunc h(w http.ResponseWriter, r *http.Request) { ex.Command(r.URL.Query().Get("c")) }');
    const fn = firstOf(root, 'function_declaration');
    assert.equal(goAdapter.functionName(fn), 'h');
    assert.deepEqual(goAdapter.params(fn).map((p) => [p.name, p.type]), [['w', 'http.ResponseWriter'], ['r', '*http.Request']]);
    assert.equal(goAdapter.call(firstOf(root, 'call_expression'))!.callee?.text, 'ex.Command');
  });

  it('types a short variable declaration by the composite literal it holds', async () => {
    const root = await parseWith('go', 'package m\nfunc f() {\n\tc := &http.Client{Timeout: 5}\n\tt := tls.Config{}\n\tn, err := g()\n}');
    const types = [...root.descendantsOfType('short_var_declaration')].flatMap((d) => goAdapter.bindings(d!).map((b) => [b.target.text, b.type ?? null]));
    assert.deepEqual(types, [['c', 'http.Client'], ['t', 'tls.Config'], ['n', null], ['err', 'error']]);
  });

  it('binds the error a call returns last to no value, and the other results to the call', async () => {
    const root = await parseWith('go', 'package m\nfunc f() {\n\tc, err := r.Cookie("c")\n\tf, h, err2 := r.FormFile("x")\n\ta, b := g()\n}');
    const values = [...root.descendantsOfType('short_var_declaration')].flatMap((d) => goAdapter.bindings(d!).map((b) => [b.target.text, b.value?.text ?? null]));
    assert.deepEqual(values, [
      ['c', 'r.Cookie("c")'],
      ['err', null],
      ['f', 'r.FormFile("x")'],
      ['h', 'r.FormFile("x")'],
      ['err2', null],
      ['a', 'g()'],
      ['b', 'g()'],
    ]);
  });
});
