import assert from 'node:assert/strict';
import { DISMISS_REASON_WORDS, DISMISS_REASONS, isDismissReason } from '../../../tasks/contract/triage';

describe('contract/triage', () => {
  it('has a typed word for each reason, in kebab case', () => {
    assert.deepEqual(Object.keys(DISMISS_REASON_WORDS).sort(), [...DISMISS_REASONS].sort());
    assert.deepEqual(DISMISS_REASONS.map((r) => DISMISS_REASON_WORDS[r]), ['false-positive', 'accepted-risk', 'used-in-tests']);
    assert.equal(new Set(Object.values(DISMISS_REASON_WORDS)).size, DISMISS_REASONS.length);
  });

  it('accepts only the stored reason names', () => {
    for (const r of DISMISS_REASONS) assert.ok(isDismissReason(r));
    for (const v of ['false-positive', 'FalsePositive', '', null, undefined, 1, {}]) assert.ok(!isDismissReason(v), String(v));
  });
});
