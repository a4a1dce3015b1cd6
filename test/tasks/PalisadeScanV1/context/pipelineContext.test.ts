import assert from 'node:assert/strict';
import { readPipelineContext } from '../../../../tasks/PalisadeScanV1/context/pipelineContext';

const vars = (v: Record<string, string>) => (n: string) => v[n];

describe('context/pipelineContext', () => {
  it('reads the predefined variables of a pull request build', () => {
    const ctx = readPipelineContext(vars({
      'System.CollectionUri': 'https://dev.azure.com/org/', 'System.TeamProjectId': 'p1', 'System.TeamProject': 'Proj',
      'Build.Repository.ID': 'r1', 'Build.Repository.Name': 'app', 'Build.Repository.Provider': 'TfsGit', 'Build.BuildId': '17', 'Build.BuildNumber': '20261203.1',
      'Build.DefinitionName': 'CI', 'System.JobId': 'j1', 'Agent.JobName': 'Job', 'System.JobAttempt': '2', 'Build.SourceBranch': 'refs/pull/5/merge', 'Build.SourceVersion': 'abc',
      'Build.RequestedFor': 'Casey', 'Build.Reason': 'PullRequest', 'Build.ArtifactStagingDirectory': '/a/staging', 'Agent.TempDirectory': '/a/tmp',
      'System.PullRequest.PullRequestId': '5', 'System.PullRequest.SourceBranch': 'refs/heads/feature', 'System.PullRequest.TargetBranch': 'refs/heads/main', 'System.PullRequest.SourceCommitId': 'def',
    }), '/fallback');
    assert.deepEqual(ctx, {
      collectionUri: 'https://dev.azure.com/org/', projectId: 'p1', projectName: 'Proj', repositoryId: 'r1', repositoryName: 'app', repositoryProvider: 'TfsGit',
      buildId: 17, buildNumber: '20261203.1', definitionName: 'CI', jobId: 'j1', jobName: 'Job', jobAttempt: 2, sourceBranch: 'refs/pull/5/merge', sourceVersion: 'abc',
      requestedFor: 'Casey', buildReason: 'PullRequest', artifactStagingDirectory: '/a/staging', tempDirectory: '/a/tmp',
      pullRequest: { id: 5, sourceBranch: 'refs/heads/feature', targetBranch: 'refs/heads/main', sourceCommitId: 'def' },
      defaultBranch: 'refs/heads/main',
    });
  });

  it('falls back sensibly when variables are missing or empty', () => {
    const ctx = readPipelineContext(vars({ 'System.TeamFoundationCollectionUri': 'https://tfs/', 'Build.BuildId': '', 'System.JobName': 'J', 'Build.Repository.DefaultBranch': 'refs/heads/dev' }), '/fallback');
    assert.equal(ctx.collectionUri, 'https://tfs/');
    assert.equal(ctx.projectId, '');
    assert.equal(ctx.buildId, undefined, 'empty is absent');
    assert.equal(ctx.jobName, 'J');
    assert.equal(ctx.jobAttempt, 1);
    assert.equal(ctx.tempDirectory, '/fallback');
    assert.equal(ctx.artifactStagingDirectory, '/fallback');
    assert.equal(ctx.defaultBranch, 'refs/heads/dev');
    assert.equal(ctx.pullRequest, undefined);
  });

  it('ignores non-numeric ids and pull request variables outside pull request builds', () => {
    const ctx = readPipelineContext(vars({ 'Build.BuildId': '12a', 'System.JobAttempt': 'x', 'Build.Reason': 'IndividualCI', 'System.PullRequest.PullRequestId': '5' }), '/t');
    assert.equal(ctx.buildId, undefined);
    assert.equal(ctx.jobAttempt, 1);
    assert.equal(ctx.pullRequest, undefined);
    assert.equal(readPipelineContext(vars({ 'Build.Reason': 'PullRequest', 'System.PullRequest.PullRequestId': 'abc' }), '/t').pullRequest, undefined);
  });
});
