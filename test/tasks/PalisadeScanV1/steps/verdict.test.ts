import assert from 'node:assert/strict';
import { countLine, judge, openCounts } from '../../../../tasks/PalisadeScanV1/steps/verdict';
import { finding } from '../../../support/taskFakes';

const opts = { failOn: 'high' as const, continueOnScannerError: false };

describe('steps/verdict', () => {
  it('succeeds without findings', () => {
    const v = judge([], opts);
    assert.deepEqual([v.outcome, v.result, v.message], ['succeeded', 'Succeeded', 'No findings.']);
    assert.equal(v.newOpen, undefined);
    assert.equal(judge([], { ...opts, newFingerprints: new Set() }).message, 'No new findings.');
  });

  it('fails on open findings at or above failOn, counting them by severity', () => {
    const v = judge([finding('a', { severity: 'critical' }), finding('b', { severity: 'high' }), finding('c', { severity: 'high' }), finding('d', { severity: 'low' })], opts);
    assert.deepEqual([v.outcome, v.result], ['failed', 'Failed']);
    assert.equal(v.message, '3 findings at or above high: 1 critical, 2 high');
    assert.deepEqual(v.counts, { critical: 1, high: 2, medium: 0, low: 1, note: 0 });
  });

  it('warns on findings below failOn, and ignores suppressed ones', () => {
    const v = judge([finding('a', { severity: 'medium' }), finding('b', { severity: 'critical', suppression: { kind: 'inSource' } })], opts);
    assert.deepEqual([v.outcome, v.result, v.message], ['succeededWithIssues', 'SucceededWithIssues', '1 finding below high: 1 medium']);
    assert.equal(v.counts.critical, 0);
  });

  it('judges only a pull request\'s new findings, and lists the new open ones', () => {
    const all = [finding('old', { severity: 'critical' }), finding('new1', { severity: 'high' }), finding('new2', { severity: 'low', suppression: { kind: 'triage' } })];
    const v = judge(all, { ...opts, newFingerprints: new Set(['new1', 'new2']) });
    assert.equal(v.message, '1 new finding at or above high: 1 high');
    assert.deepEqual(v.judged.map((f) => f.fingerprint), ['new1', 'new2']);
    assert.deepEqual(v.newOpen?.map((f) => f.fingerprint), ['new1']);
    assert.equal(v.counts.critical, 1, 'counts cover the whole scan');
  });

  it('reports a scanner error, failing unless told to continue; a failing finding still wins', () => {
    const e = judge([], { ...opts, scannerError: 'OSV unreachable' });
    assert.deepEqual([e.outcome, e.result, e.message], ['error', 'Failed', 'OSV unreachable']);
    assert.equal(judge([], { ...opts, scannerError: 'x', continueOnScannerError: true }).result, 'SucceededWithIssues');
    assert.equal(judge([finding('a')], { ...opts, scannerError: 'x' }).outcome, 'failed');
  });

  it('counts open findings, leaving out dismissed fingerprints', () => {
    assert.deepEqual(openCounts([finding('a'), finding('b'), finding('c', { severity: 'note' })], new Set(['b'])), { critical: 0, high: 1, medium: 0, low: 0, note: 1 });
  });

  it('writes counts as one line', () => {
    assert.equal(countLine({ critical: 1, high: 0, medium: 2 }), '1 critical, 2 medium');
    assert.equal(countLine({ high: 0 }), 'none');
  });
});
