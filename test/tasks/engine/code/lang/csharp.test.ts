import assert from 'node:assert/strict';
import { csharpAdapter } from '../../../../../tasks/engine/code/lang/csharp';
import { firstOf, itShapes, parseWith } from '../../../../support/syntaxShapes';

describe('code/lang/csharp', () => {
  // The shape table: one case per kind of row (the matcher and value tracker see only shapes).
  itShapes(csharpAdapter, [
    ['csharp', 'class A { string s = $"a{b}"; }', 'interpolated_string_expression', 'interpolated "a" {b}'],
    ['csharp', 'class A { string s = @"a""b"; }', 'verbatim_string_literal', 'string "a\\"b"'],
    ['csharp', 'class A { object o = x?.Name; }', 'conditional_access_expression', 'member x . Name'],
    ['csharp', 'class A { bool b = true; }', 'boolean_literal', 'scalar true'],
    ['csharp', 'class A { string v = l switch { "fr" => "fr/home", _ when x => throw new E(), _ => "en/home" }; }', 'switch_expression', 'choice "fr/home" | "en/home" if ?'],
  ]);

  it('names a type written with its namespace by its simple name', () => {
    const imports = new Map<string, string>();
    assert.equal(csharpAdapter.typeInPackage!('System.Windows.Forms.TextBox', imports), 'TextBox');
    assert.equal(csharpAdapter.typeInPackage!('global::System.Diagnostics.Process', imports), 'Process');
    assert.equal(csharpAdapter.typeInPackage!('TextBox', imports), 'TextBox');
  });

  it('reads the parameters of lambdas, with and without parentheses', async () => {
    const root = await parseWith('csharp', 'class C { void F() { xs.ForEach(x => G(x)); ys.Select((a, i) => a); } }');
    const lambdas = [...root.descendantsOfType('lambda_expression')].map((l) => csharpAdapter.params(l!).map((p) => p.name));
    assert.deepEqual(lambdas, [['x'], ['a', 'i']]);
  });

  it('names a method, its attributed parameters, and a call\'s callee', async () => {
    const root = await parseWith('csharp', 'class A { public void Run([FromQuery] string cmd, int n) { Process.Start(cmd); } }');
    const fn = firstOf(root, 'method_declaration');
    assert.equal(csharpAdapter.functionName(fn), 'Run');
    assert.deepEqual(csharpAdapter.params(fn), [{ name: 'cmd', type: 'string', annotations: ['FromQuery'] }, { name: 'n', type: 'int', annotations: [] }]);
    const call = csharpAdapter.call(firstOf(root, 'invocation_expression'))!;
    assert.deepEqual([call.callee?.text, call.args.map((a) => a.node.text)], ['Process.Start', ['cmd']]);
  });

  it('has no import aliases: using directives name namespaces, and rules match on type names', async () => {
    assert.equal(csharpAdapter.imports(await parseWith('csharp', 'using IO = System.IO;\nclass A {}')).size, 0);
  });
});
