import assert from 'node:assert/strict';
import { pythonAdapter } from '../../../../../tasks/engine/code/lang/python';
import { firstOf, itShapes, parseWith } from '../../../../support/syntaxShapes';

describe('code/lang/python', () => {
  // The shape table: one case per kind of row (the matcher and value tracker see only shapes).
  itShapes(pythonAdapter, [
    ['python', 'x = f"a{b}"', 'string', 'interpolated "a" {b}'],
    ['python', 'self.a', 'identifier', 'this'],
    ['python', 'x = a if c else b', 'conditional_expression', 'choice a | b if c'],
    ['python', 'x = {"k": v}', 'dictionary', 'collection v'],
    ['python', 'x = o.attr', 'attribute', 'member o . attr'],
    ['python', 'x = 7 * 42 - n > 200', 'comparison_operator', 'binary 7 * 42 - n > 200'],
    ['python', 'x = a < b < c', 'comparison_operator', 'other'],
    ['python', 'x = a and b', 'boolean_operator', 'binary a and b'],
  ]);

  it('reads import aliases as canonical module paths', async () => {
    const root = await parseWith('python', 'import subprocess as sp\nfrom os import path as p\n');
    assert.deepEqual([...pythonAdapter.imports(root)], [['sp', 'subprocess'], ['p', 'os.path']]);
  });

  it('names a function, its typed parameters, and keyword arguments', async () => {
    const root = await parseWith('python', "def view(request, pk: int):\n    sp.run(request.GET['c'], shell=True)\n");
    const fn = firstOf(root, 'function_definition');
    assert.equal(pythonAdapter.functionName(fn), 'view');
    assert.deepEqual(pythonAdapter.params(fn), [{ name: 'request', annotations: [] }, { name: 'pk', type: 'int', annotations: [] }]);
    const call = pythonAdapter.call(firstOf(root, 'call'))!;
    assert.deepEqual(call.args.map((a) => [a.node.text, a.name]), [["request.GET['c']", undefined], ['True', 'shell']]);
  });
});
