import assert from 'node:assert/strict';
import { CommentThreadStatus, CommentType, type GitPullRequestCommentThread } from 'azure-devops-node-api/interfaces/GitInterfaces';
import type { Finding } from '../../../../tasks/contract/findings';
import { applyDismissals, inert } from '../../../../tasks/PalisadeScanV1/steps/dismissals';
import { prDismissals } from '../../../../tasks/PalisadeScanV1/pr/prTriage';

const AUTHOR = { id: 'author-1', displayName: 'Casey Contributor' };
const REVIEWER = { id: 'rev-1', displayName: 'Avery Admin' };

function thread(id: number, fingerprint: string | undefined, replies: Array<{ by: { id: string; displayName: string }; content: string; at?: string; deleted?: boolean; system?: boolean }>, status = CommentThreadStatus.Active): GitPullRequestCommentThread {
  return {
    id, status,
    properties: fingerprint ? { 'palisade.fingerprint': { $type: 'System.String', $value: fingerprint } } : {},
    comments: [
      { id: 1, parentCommentId: 0, content: '**Palisade: finding**', author: { id: 'build', displayName: 'Build Service' }, publishedDate: new Date('2026-12-01T00:00:00Z') },
      ...replies.map((r, i) => ({
        id: i + 2, parentCommentId: 1, content: r.content, author: r.by, publishedDate: new Date(r.at ?? `2026-12-0${i + 2}T00:00:00Z`), isDeleted: r.deleted,
        commentType: r.system ? CommentType.System : CommentType.Text,
      })),
    ],
  };
}

function finding(fp: string): Finding {
  return { ruleId: 'r', kind: 'secret', severity: 'high', message: 'm', path: 'a.js', region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 }, preview: '***', fingerprint: fp };
}

describe('PR triage from finding threads', () => {
  it('honours a reviewer\'s reply and records who, when and why', () => {
    const t = prDismissals([thread(3, 'fp1', [{ by: REVIEWER, content: '/palisade dismiss used-in-tests fixture key' }])], { authorId: AUTHOR.id, allowAuthorDismiss: false });
    assert.deepEqual(t.honoured, [{ fingerprint: 'fp1', reason: 'usedInTests', comment: 'fixture key', by: REVIEWER, at: '2026-12-02T00:00:00.000Z', channel: 'pullRequestReply', threadId: 3, commentId: 2 }]);
    assert.deepEqual(t.ignored, []);
  });

  it('ignores the author\'s own reply unless allowed, and says why', () => {
    const threads = [thread(3, 'fp1', [{ by: AUTHOR, content: '/palisade dismiss false-positive' }])];
    const t = prDismissals(threads, { authorId: AUTHOR.id, allowAuthorDismiss: false });
    assert.deepEqual(t.honoured, []);
    assert.equal(t.ignored.length, 1);
    assert.match(t.ignored[0].why, /author cannot dismiss findings in it \(the repository setting allowAuthorDismiss is off\)/);
    assert.equal(prDismissals(threads, { authorId: AUTHOR.id, allowAuthorDismiss: true }).honoured.length, 1);
  });

  it('ignores the first comment, deleted and system comments, other threads, and explains bad commands and Won\'t fix', () => {
    const t = prDismissals([
      { ...thread(4, 'fp2', [{ by: REVIEWER, content: '/palisade dismiss false-positive', deleted: true }, { by: REVIEWER, content: '/palisade dismiss accepted-risk', system: true }]), status: CommentThreadStatus.WontFix },
      thread(5, undefined, [{ by: REVIEWER, content: '/palisade dismiss false-positive' }]),
      thread(6, 'fp3', [{ by: REVIEWER, content: '/palisade dismiss maybe' }]),
      { ...thread(7, 'fp4', []), comments: [{ id: 1, content: '/palisade dismiss false-positive', author: AUTHOR }] },
    ], { authorId: AUTHOR.id, allowAuthorDismiss: false });
    assert.deepEqual(t.honoured, []);
    assert.deepEqual(t.ignored.map((i) => [i.fingerprint, i.channel]), [['fp2', 'pullRequestThreadStatus'], ['fp3', 'pullRequestReply']]);
    assert.match(t.ignored[0].why, /does not say who set it/);
    assert.match(t.ignored[1].why, /"maybe" is not a reason/);
  });

  it('the newest honoured reply wins; a thread closed as Won\'t fix after it is no separate claim', () => {
    const t = prDismissals([{ ...thread(3, 'fp1', [{ by: REVIEWER, content: '/palisade dismiss false-positive' }, { by: { id: 'rev-2', displayName: 'Blair' }, content: '/palisade dismiss accepted-risk rotated' }]), status: CommentThreadStatus.WontFix }], { authorId: AUTHOR.id, allowAuthorDismiss: false });
    assert.deepEqual(t.honoured.map((d) => [d.reason, d.by.displayName]), [['acceptedRisk', 'Blair']]);
    assert.deepEqual(t.ignored, []);
  });

  it('applies PR and branch dismissals as triage suppressions, PR first', () => {
    const findings = [finding('fp1'), finding('fp2'), finding('fp3')];
    findings[2].suppression = { kind: 'inSource' };
    const pr = prDismissals([thread(3, 'fp1', [{ by: REVIEWER, content: '/palisade dismiss false-positive' }])], { authorId: AUTHOR.id, allowAuthorDismiss: false });
    const applied = applyDismissals(findings, [
      { fingerprint: 'fp1', reason: 'acceptedRisk', by: REVIEWER, at: '2026-11-01T00:00:00Z' },
      { fingerprint: 'fp2', reason: 'usedInTests', comment: 'fixtures', by: REVIEWER, at: '2026-11-01T00:00:00Z' },
      { fingerprint: 'fp3', reason: 'usedInTests', by: REVIEWER, at: '2026-11-01T00:00:00Z' },
    ], pr);
    assert.deepEqual(applied.honoured.map((d) => [d.fingerprint, d.channel]), [['fp1', 'pullRequestReply'], ['fp2', 'projectTriage']]);
    assert.match(findings[0].suppression?.justification ?? '', /^false-positive: dismissed by Avery Admin on the pull request/);
    assert.equal(findings[1].suppression?.justification, 'used-in-tests: dismissed by Avery Admin in the project triage on 2026-11-01 (fixtures)');
    assert.equal(findings[2].suppression?.kind, 'inSource', 'an in-source suppression stays as it was');
  });

  it('keeps people\'s text from forming an agent command in the log', () => {
    assert.equal(inert('ok ##vso[task.setvariable variable=x]1\n##[error]boom'), 'ok #\u200b#vso[task.setvariable variable=x]1 #\u200b#[error]boom');
  });
});
