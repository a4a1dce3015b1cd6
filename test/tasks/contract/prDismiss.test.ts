import assert from 'node:assert/strict';
import { parsePrDismiss, prDismissCommand } from '../../../tasks/contract/prDismiss';

describe('PR dismiss command', () => {
  it('reads the reason and the comment from the first line only', () => {
    assert.deepEqual(parsePrDismiss('/palisade dismiss false-positive test key from the docs\nsecond line'), { kind: 'dismiss', reason: 'falsePositive', comment: 'test key from the docs' });
    assert.deepEqual(parsePrDismiss('  /Palisade  Dismiss  ACCEPTED-RISK  '), { kind: 'dismiss', reason: 'acceptedRisk' });
    assert.deepEqual(parsePrDismiss('/palisade dismiss used-in-tests'), { kind: 'dismiss', reason: 'usedInTests' });
  });

  it('ignores ordinary comments and commands that are not on the first line', () => {
    assert.deepEqual(parsePrDismiss('Looks fine to me'), { kind: 'none' });
    assert.deepEqual(parsePrDismiss('Agreed.\n/palisade dismiss false-positive'), { kind: 'none' });
    assert.deepEqual(parsePrDismiss(''), { kind: 'none' });
    assert.deepEqual(parsePrDismiss(undefined), { kind: 'none' });
    assert.deepEqual(parsePrDismiss('/palisadeX dismiss false-positive'), { kind: 'none' });
  });

  it('explains a command it cannot honour', () => {
    const noReason = parsePrDismiss('/palisade dismiss');
    assert.equal(noReason.kind, 'invalid');
    assert.match((noReason as { why: string }).why, /no reason given; use one of false-positive, accepted-risk, used-in-tests/);
    const wrong = parsePrDismiss('/palisade dismiss because-i-said-so');
    assert.equal(wrong.kind, 'invalid');
    assert.match((wrong as { why: string }).why, /"because-i-said-so" is not a reason/);
    assert.equal(parsePrDismiss('/palisade ignore false-positive').kind, 'invalid');
  });

  it('round-trips the command text the hub suggests', () => {
    assert.deepEqual(parsePrDismiss(prDismissCommand('acceptedRisk', 'rotated\nalready')), { kind: 'dismiss', reason: 'acceptedRisk', comment: 'rotated already' });
  });
});
