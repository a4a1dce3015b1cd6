import assert from 'node:assert/strict';
import { flowEnds, readableFlow } from '../../../tasks/contract/findings';

describe('contract: a finding\'s data flow', () => {
  const at = (startLine: number) => ({ startLine, startColumn: 2, endLine: startLine, endColumn: 8 });

  it('reads a stored flow of two or more places, each with a line and masked text', () => {
    const flow = [{ region: at(3), preview: 'req.body' }, { region: at(4), preview: 'x' }, { region: at(7), preview: 'exec(x)' }];
    assert.deepEqual(readableFlow(flow), flow);
    assert.deepEqual(flowEnds(flow), { from: flow[0], to: flow[2], through: 1 });
  });

  it('keeps the file of a place in another file than the finding, and drops a path that is not a string', () => {
    const flow = [{ path: 'src/a.js', region: at(3), preview: 'req.body' }, { region: at(7), preview: 'exec(x)' }];
    assert.deepEqual(readableFlow(flow), flow);
    assert.deepEqual(readableFlow([{ path: 7, region: at(3), preview: 'a' }, { path: '', region: at(4), preview: 'b' }]), [
      { region: at(3), preview: 'a' },
      { region: at(4), preview: 'b' },
    ]);
  });

  it('fills missing columns and end lines from the start, and refuses what is not a flow', () => {
    assert.deepEqual(readableFlow([{ region: { startLine: 3 }, preview: 'a' }, { region: { startLine: 5, startColumn: 0 }, preview: 'b' }]), [
      { region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 1 }, preview: 'a' },
      { region: { startLine: 5, startColumn: 1, endLine: 5, endColumn: 1 }, preview: 'b' },
    ]);
    for (const bad of [undefined, null, 'flow', {}, [], [{ region: at(1), preview: 'only one' }], [{ region: at(0), preview: 'a' }, { region: at(2), preview: 'b' }], [{ region: at(1), preview: 1 }, { region: at(2), preview: 'b' }], [null, { region: at(2), preview: 'b' }]]) {
      assert.equal(readableFlow(bad), undefined, JSON.stringify(bad));
    }
    assert.equal(flowEnds(undefined), undefined);
    assert.equal(flowEnds([{ region: at(1), preview: 'a' }]), undefined);
  });
});
