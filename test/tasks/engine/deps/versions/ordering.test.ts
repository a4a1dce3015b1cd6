import assert from 'node:assert/strict';
import { sign } from '../../../../../tasks/engine/deps/versions/ordering';

describe('version ordering helpers', () => {
  it('sign reduces a difference to -1, 0 or 1', () => {
    assert.equal(sign(-42), -1);
    assert.equal(sign(Number.MAX_SAFE_INTEGER), 1);
    assert.equal(sign(-Infinity), -1);
    assert.ok(Object.is(sign(-0), 0), '-0 is plain 0');
    assert.equal(sign(0.0001), 1);
  });
});
