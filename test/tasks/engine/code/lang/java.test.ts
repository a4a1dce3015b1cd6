import assert from 'node:assert/strict';
import { javaAdapter } from '../../../../../tasks/engine/code/lang/java';
import { firstOf, itShapes, parseWith } from '../../../../support/syntaxShapes';

describe('code/lang/java', () => {
  // The shape table: one case per kind of row (the matcher and value tracker see only shapes).
  itShapes(javaAdapter, [
    ['java', 'class A { long n = 10L; }', 'decimal_integer_literal', 'scalar 10'],
    ['java', 'class A { Object o = (String) v; }', 'cast_expression', 'wrap v'],
    ['java', 'class A { String[] a = new String[] { x, y }; }', 'array_creation_expression', 'collection x, y'],
    ['java', 'class A { char c = \'q\'; }', 'character_literal', 'string "q"'],
    ['java', 'class A { String v = switch (l) { case "fr" -> "fr/home"; case "x" -> { yield "x/home"; } default -> throw new E(); }; }', 'switch_expression', 'choice "fr/home" | "x/home" if ?'],
    ['java', 'class A { String v = switch (l) { case "fr": yield "fr/home"; default: yield "en/home"; }; }', 'switch_expression', 'choice "fr/home" | "en/home" if ?'],
  ]);

  it('reads the parameters of lambdas, with and without parentheses', async () => {
    const root = await parseWith('java', 'class A { void f() { xs.forEach(e -> g(e)); m.forEach((k, v) -> g(v)); } }');
    const lambdas = [...root.descendantsOfType('lambda_expression')].map((l) => javaAdapter.params(l!).map((p) => p.name));
    assert.deepEqual(lambdas, [['e'], ['k', 'v']]);
  });

  it('splits a method call into receiver and name, and reads parameter annotations', async () => {
    const root = await parseWith('java', 'class A { void run(@RequestParam String cmd, int n) { Runtime.getRuntime().exec(cmd); } }');
    const fn = firstOf(root, 'method_declaration');
    assert.equal(javaAdapter.functionName(fn), 'run');
    assert.deepEqual(javaAdapter.params(fn), [{ name: 'cmd', type: 'String', annotations: ['RequestParam'] }, { name: 'n', type: 'int', annotations: [] }]);
    const call = javaAdapter.call(firstOf(root, 'method_invocation'))!;
    assert.deepEqual([call.receiver?.text, call.name, call.args.map((a) => a.node.text)], ['Runtime.getRuntime()', 'exec', ['cmd']]);
  });

  it('leaves comments out of argument lists (Java names them line_comment and block_comment)', async () => {
    const root = await parseWith('java', 'class A { void f() { run(\n  // note\n  a, /* b */ b); Object o = new R(\n  // note\n  x); } }');
    const call = javaAdapter.call(firstOf(root, 'method_invocation'))!;
    assert.deepEqual(call.args.map((a) => a.node.text), ['a', 'b']);
    const made = javaAdapter.call(firstOf(root, 'object_creation_expression'))!;
    assert.deepEqual(made.args.map((a) => a.node.text), ['x']);
  });

  it('binds try-with-resources resources as typed locals', async () => {
    const root = await parseWith('java', 'class A { void f() throws Exception { try (CloseableHttpClient c = HttpClients.createDefault(); var in = req.getInputStream()) { c.execute(g); } } }');
    const resources = [...root.descendantsOfType('resource')].map((r) => javaAdapter.bindings(r!).map((b) => [b.target.text, b.value?.text, b.type]));
    assert.deepEqual(resources, [[['c', 'HttpClients.createDefault()', 'CloseableHttpClient']], [['in', 'req.getInputStream()', undefined]]]);
  });

  it('has no import aliases: Java names types, not modules, and rules match on the type names', async () => {
    assert.equal(javaAdapter.imports(await parseWith('java', 'import java.io.File;\nclass A {}')).size, 0);
  });
});
