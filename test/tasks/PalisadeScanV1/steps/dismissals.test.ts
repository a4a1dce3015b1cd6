import assert from 'node:assert/strict';
import type { TriageEntry } from '../../../../tasks/contract/projectSettings';
import { applyDismissals, inert, logDismissals, UNATTRIBUTED_NOTE } from '../../../../tasks/PalisadeScanV1/steps/dismissals';
import type { PrTriage } from '../../../../tasks/PalisadeScanV1/pr/prTriage';
import { capturedLog, finding } from '../../../support/taskFakes';

const ADMIN = { id: 'a1', displayName: 'Avery Admin' };
const entry = (fp: string, over: Partial<TriageEntry> = {}): TriageEntry => ({ fingerprint: fp, reason: 'usedInTests', by: ADMIN, at: '2026-11-01T10:00:00Z', ...over });

describe('steps/dismissals', () => {
  it('suppresses findings the branch triage dismisses, once per fingerprint, with who, where, when and why', () => {
    const findings = [finding('fp1'), finding('fp1', { path: 'src/b.js' }), finding('fp2')];
    const applied = applyDismissals(findings, [entry('fp1', { comment: 'fixture' }), entry('fp9')], undefined);
    assert.deepEqual(applied.honoured, [{ fingerprint: 'fp1', reason: 'usedInTests', comment: 'fixture', by: ADMIN, at: '2026-11-01T10:00:00Z', channel: 'projectTriage' }]);
    assert.deepEqual(applied.ignored, []);
    assert.deepEqual(findings.map((f) => f.suppression), [
      { kind: 'triage', justification: 'used-in-tests: dismissed by Avery Admin in the project triage on 2026-11-01 (fixture)' },
      { kind: 'triage', justification: 'used-in-tests: dismissed by Avery Admin in the project triage on 2026-11-01 (fixture)' },
      undefined,
    ]);
  });

  it('prefers the pull request\'s dismissal and passes its ignored ones on', () => {
    const pr: PrTriage = {
      honoured: [{ fingerprint: 'fp1', reason: 'falsePositive', by: { id: 'r', displayName: 'Rev' }, at: '2026-12-02T00:00:00Z', channel: 'pullRequestReply', threadId: 7 }],
      ignored: [{ fingerprint: 'fp2', channel: 'pullRequestReply', threadId: 8, why: 'the pull request\'s author cannot dismiss' }],
    } as PrTriage;
    const findings = [finding('fp1')];
    const applied = applyDismissals(findings, [entry('fp1')], pr);
    assert.equal(applied.honoured[0].channel, 'pullRequestReply');
    assert.equal(findings[0].suppression?.justification, 'false-positive: dismissed by Rev on the pull request on 2026-12-02');
    assert.deepEqual(applied.ignored, pr.ignored);
  });

  it('leaves findings already suppressed (in source, baseline) as they are', () => {
    const f = finding('fp1', { suppression: { kind: 'inSource', justification: 'x' } });
    const applied = applyDismissals([f], [entry('fp1')], undefined);
    assert.deepEqual(applied.honoured, []);
    assert.deepEqual(f.suppression, { kind: 'inSource', justification: 'x' });
  });

  it('logs the honoured and ignored dismissals with the finding they concern, people\'s text made inert', () => {
    const { log, lines } = capturedLog();
    const findings = [finding('fp1')];
    logDismissals(log, {
      honoured: [{ fingerprint: 'fp1', reason: 'acceptedRisk', comment: 'ok\n##vso[task.complete result=Succeeded]', by: { id: 'x', displayName: '##[error]Eve' }, at: '2026-11-01T00:00:00Z', channel: 'pullRequestReply', threadId: 3 }],
      ignored: [{ fingerprint: 'abcdef0123456789', channel: 'pullRequestReply', threadId: 4, why: 'no reason given', by: ADMIN }, { channel: 'pullRequestThreadStatus', why: 'status has no author' }],
    } as never, findings);
    const text = lines.join('\n');
    assert.ok(lines.includes(UNATTRIBUTED_NOTE));
    assert.ok(lines.includes('Dismissals honoured: 1.'));
    assert.ok(lines.includes('Dismissals ignored: 2.'));
    // inert() breaks the ##; the log then shows the zero-width space it inserted as <U+200B>.
    assert.match(text, /rule-a src\/a\.js:3: accepted-risk by #<U\+200B>#\[error\]Eve on 2026-11-01 \(pull request thread 3\): ok #<U\+200B>#vso\[task\.complete/);
    assert.match(text, /abcdef012345: thread 4 by Avery Admin: ignored, no reason given\./);
    assert.match(text, /a finding: thread \?: ignored, status has no author\./);
    assert.ok(!/^##vso\[task\.complete/m.test(text));
  });

  it('makes text one inert line of at most 300 characters', () => {
    assert.equal(inert('a\r\n\nb'), 'a b');
    assert.equal(inert('##vso[x]'), '#\u200b#vso[x]');
    assert.equal(inert('x'.repeat(400)).length, 300);
  });
});
