import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScanRecord, SCAN_RECORD_FILE } from '../../../../tasks/contract/scanRecord';
import type { AzureClients } from '../../../../tasks/PalisadeScanV1/azure/connection';
import type { PullRequestRun } from '../../../../tasks/PalisadeScanV1/pr/pullRequestRun';
import { composeRecord, repositoryDefaultBranch, writeRecord } from '../../../../tasks/PalisadeScanV1/steps/recordStep';
import { ENGINE_VERSION } from '../../../../tasks/engine';
import { recordInput } from '../../../support/scanRecords';
import { capturedLog, finding, pipelineContext } from '../../../support/taskFakes';
import { makeTree, removeTree } from '../../../support/tmpTree';

describe('steps/recordStep', () => {
  it('composes a branch build\'s record: ids, trigger, outcome, counts, history, repository-relative paths', () => {
    const ctx = pipelineContext({ buildNumber: '20261203.4', sourceBranch: 'refs/heads/main', sourceVersion: 'abc', requestedFor: 'Casey', buildReason: 'IndividualCI' });
    const r = composeRecord(recordInput([finding('fp1', { severity: 'critical' })], ctx, { rootPrefix: 'services/api', isDefaultBranch: true, artifactName: 'Palisade' }));
    const s = r.scan;
    assert.equal(s.scanId, '42-1-job1');
    assert.deepEqual([s.buildId, s.buildNumber, s.jobAttempt, s.jobName, s.artifactName], [42, '20261203.4', 1, 'Build', 'Palisade']);
    assert.deepEqual([s.repoId, s.repoName, s.projectId], ['repo-1', 'app', 'proj-1']);
    assert.deepEqual([s.trigger, s.ref, s.branch, s.isDefaultBranch, s.commit, s.requestedBy], ['branch', 'refs/heads/main', 'main', true, 'abc', 'Casey']);
    assert.equal(s.pullRequestId, undefined);
    assert.deepEqual([s.outcome, s.counts.critical, s.failOn, s.toolVersion], ['failed', 1, 'high', ENGINE_VERSION]);
    assert.deepEqual(s.scanners, ['secrets', 'code', 'dependencies']);
    assert.equal(s.history, 'unavailable', 'no earlier builds asked');
    assert.equal(r.findings[0].path, 'services/api/src/a.js');
    assert.equal(r.summary, '# summary');
    assert.ok(Date.parse(s.finishedAt) >= Date.parse(s.startedAt));
  });

  it('records a pull request run with its iteration, target and author; a manual run as manual', () => {
    const ctx = pipelineContext({ buildReason: 'PullRequest', sourceBranch: 'refs/pull/5/merge', pullRequest: { id: 5, sourceBranch: 'refs/heads/feat', targetBranch: 'refs/heads/main' } });
    const pr = { id: 5, iterationId: 3, authorId: 'author-1' } as unknown as PullRequestRun;
    const s = composeRecord(recordInput([finding('a')], ctx, { pr, newFingerprints: new Set(['a']) })).scan;
    assert.deepEqual([s.trigger, s.ref, s.branch, s.pullRequestId], ['pullRequest', 'refs/heads/feat', 'pr/5', 5]);
    assert.deepEqual(s.pullRequest, { iterationId: 3, targetBranch: 'refs/heads/main', authorId: 'author-1' });
    assert.equal(composeRecord(recordInput([], pipelineContext({ buildReason: 'Manual' }))).scan.trigger, 'manual');
  });

  it('records why a scan errored, and masks dismissals and the log', () => {
    const { log } = capturedLog();
    log.registerSecrets(['TOPSECRET99']);
    log.info('line with TOPSECRET99');
    const input = recordInput([], pipelineContext(), {
      log,
      data: { findings: [], rules: [], diagnostics: [], notes: [], options: {}, scannerError: 'timed out' },
      dismissals: { honoured: [], ignored: [{ channel: 'pullRequestReply', why: 'comment said TOPSECRET99' }] },
    });
    input.verdict = { ...input.verdict, outcome: 'error' };
    const r = composeRecord(input);
    assert.equal(r.scan.outcomeReason, 'timed out');
    assert.ok(!JSON.stringify(r.dismissals).includes('TOPSECRET99'));
    assert.ok(!r.log!.includes('TOPSECRET99'));
  });

  it('writes the record beside the SARIF file, masked, readable by the hub\'s parser', () => {
    const dir = makeTree({});
    try {
      const { log } = capturedLog();
      log.registerSecrets(['TOPSECRET99']);
      const rec = composeRecord(recordInput([finding('a', { message: 'contains TOPSECRET99' })]));
      const file = writeRecord(log, dir, rec);
      assert.equal(file, join(dir, SCAN_RECORD_FILE));
      const text = readFileSync(file, 'utf8');
      assert.ok(!text.includes('TOPSECRET99'));
      assert.equal(parseScanRecord(text).scan.scanId, rec.scan.scanId);
    } finally {
      removeTree(dir);
    }
  });

  it('asks for the default branch only for a branch build that lacks it', async () => {
    let asked = 0;
    const azure = { git: { getRepository: async () => { asked++; return { defaultBranch: 'refs/heads/trunk' }; } } } as unknown as AzureClients;
    const { log, lines } = capturedLog();
    assert.equal(await repositoryDefaultBranch(azure, pipelineContext({ defaultBranch: 'refs/heads/main' }), log), 'refs/heads/main');
    assert.equal(await repositoryDefaultBranch(azure, pipelineContext({ sourceBranch: 'refs/pull/1/merge' }), log), undefined);
    assert.equal(await repositoryDefaultBranch(undefined, pipelineContext({ sourceBranch: 'refs/heads/x' }), log), undefined);
    assert.equal(asked, 0);
    assert.equal(await repositoryDefaultBranch(azure, pipelineContext({ sourceBranch: 'refs/heads/x' }), log), 'refs/heads/trunk');
    const failing = { git: { getRepository: async () => { throw new Error('denied'); } } } as unknown as AzureClients;
    assert.equal(await repositoryDefaultBranch(failing, pipelineContext({ sourceBranch: 'refs/heads/x' }), log), undefined);
    assert.match(lines.join('\n'), /Could not read the repository's default branch: denied/);
  });
});
