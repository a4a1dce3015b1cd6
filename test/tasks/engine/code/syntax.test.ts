import assert from 'node:assert/strict';
import { constant, shapeBy, shapeTable, type Node, type SyntaxAdapter } from '../../../../tasks/engine/code/syntax';

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
});
