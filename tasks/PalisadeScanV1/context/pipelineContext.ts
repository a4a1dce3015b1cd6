/** What the agent tells the task about the run, from its predefined variables. */
export interface PipelineContext {
  collectionUri: string;
  projectId: string;
  projectName: string;
  repositoryId?: string;
  repositoryName?: string;
  /** `TfsGit` for Azure Repos; PR features need it. */
  repositoryProvider?: string;
  buildId?: number;
  buildNumber?: string;
  definitionName?: string;
  jobId?: string;
  jobName?: string;
  jobAttempt: number;
  sourceBranch?: string;
  sourceVersion?: string;
  requestedFor?: string;
  buildReason?: string;
  artifactStagingDirectory: string;
  tempDirectory: string;
  pullRequest?: {
    id: number;
    sourceBranch?: string;
    targetBranch?: string;
    /** System.PullRequest.SourceCommitId: the source commit this build merged. */
    sourceCommitId?: string;
  };
  defaultBranch?: string;
}

type Vars = (name: string) => string | undefined;

export function readPipelineContext(getVariable: Vars, fallbackTemp: string): PipelineContext {
  const v = (n: string) => {
    const x = getVariable(n);
    return x === undefined || x === '' ? undefined : x;
  };
  const num = (n: string) => {
    const x = v(n);
    return x !== undefined && /^\d+$/.test(x) ? Number(x) : undefined;
  };
  const prId = num('System.PullRequest.PullRequestId');
  const reason = v('Build.Reason');
  const temp = v('Agent.TempDirectory') ?? fallbackTemp;
  return {
    collectionUri: v('System.CollectionUri') ?? v('System.TeamFoundationCollectionUri') ?? '',
    projectId: v('System.TeamProjectId') ?? '',
    projectName: v('System.TeamProject') ?? '',
    repositoryId: v('Build.Repository.ID'),
    repositoryName: v('Build.Repository.Name'),
    repositoryProvider: v('Build.Repository.Provider'),
    buildId: num('Build.BuildId'),
    buildNumber: v('Build.BuildNumber'),
    definitionName: v('Build.DefinitionName'),
    jobId: v('System.JobId'),
    jobName: v('Agent.JobName') ?? v('System.JobName'),
    jobAttempt: num('System.JobAttempt') ?? 1,
    sourceBranch: v('Build.SourceBranch'),
    sourceVersion: v('Build.SourceVersion'),
    requestedFor: v('Build.RequestedFor'),
    buildReason: reason,
    artifactStagingDirectory: v('Build.ArtifactStagingDirectory') ?? temp,
    tempDirectory: temp,
    pullRequest:
      reason === 'PullRequest' && prId !== undefined
        ? {
          id: prId, sourceBranch: v('System.PullRequest.SourceBranch'), targetBranch: v('System.PullRequest.TargetBranch'),
          sourceCommitId: v('System.PullRequest.SourceCommitId'),
        }
        : undefined,
    defaultBranch: v('Build.Repository.DefaultBranch') ?? v('System.PullRequest.TargetBranch'),
  };
}
