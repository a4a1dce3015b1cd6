import assert from 'node:assert/strict';
import { constant, memoByNode, plainMemberName, shapeBy, shapeTable, type Node, type SyntaxAdapter } from '../../../../tasks/engine/code/syntax';

describe('code/syntax', () => {
  it('shapeBy: a row\'s types share its builder; other types get the fallback or "other"', () => {
    const table = shapeTable([[['true', 'yes'], constant(true)], ['nil', constant(null)]]);
    const node = (type: string) => ({ type }) as unknown as Node;
    const adapter = {} as SyntaxAdapter;
    assert.deepEqual(shapeBy(table, node('yes'), adapter), { kind: 'scalar', value: true });
    assert.deepEqual(shapeBy(table, node('nil'), adapter), { kind: 'scalar', value: null });
    assert.deepEqual(shapeBy(table, node('comment'), adapter), { kind: 'other' });
    assert.deepEqual(shapeBy(table, node('comment'), adapter, () => ({ kind: 'this' })), { kind: 'this' });
  });

  it('memoByNode answers once per node of a tree, an undefined answer too, and apart per tree', () => {
    let calls = 0;
    const name = memoByNode((n) => {
      calls++;
      return n.id === 2 ? undefined : `n${n.id}`;
    });
    const [t1, t2] = [{}, {}];
    const node = (id: number, tree: object) => ({ id, tree }) as unknown as Node;
    assert.equal(name(node(1, t1)), 'n1');
    assert.equal(name(node(1, t1)), 'n1');
    assert.equal(name(node(2, t1)), undefined);
    assert.equal(name(node(2, t1)), undefined);
    assert.equal(calls, 2);
    assert.equal(name(node(1, t2)), 'n1', 'the same id in another tree is another node');
    assert.equal(calls, 3);
  });

  it('reads a member\'s name from its text only when written plainly after the object', () => {
    assert.equal(plainMemberName('req.query', 3), 'query');
    assert.equal(plainMemberName('a?.$b_1', 1), '$b_1');
    for (const odd of ['a. b', 'a.#p', 'a.b<T>', 'a./*c*/b', 'a.', 'a.1', 'a[b]', 'a.é']) assert.equal(plainMemberName(odd, 1), undefined, odd);
  });
});
