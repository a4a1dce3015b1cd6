import type { Finding } from '../../tasks/contract/findings';
import type { PipelineContext } from '../../tasks/PalisadeScanV1/context/pipelineContext';
import { TaskLog } from '../../tasks/PalisadeScanV1/log/taskLog';

/** A task log whose printed lines (commands included, as task-lib formats them) are kept in `lines`. */
export function capturedLog(): { log: TaskLog; lines: string[] } {
  const lines: string[] = [];
  return { log: new TaskLog((l) => lines.push(l)), lines };
}

export function finding(fingerprint: string, over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'rule-a', kind: 'secret', severity: 'high', message: 'm', path: 'src/a.js',
    region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 9 }, preview: 'ghp_****', fingerprint, ...over,
  };
}

export function pipelineContext(over: Partial<PipelineContext> = {}): PipelineContext {
  return {
    collectionUri: 'https://dev.azure.com/org/', projectId: 'proj-1', projectName: 'Proj', repositoryId: 'repo-1', repositoryName: 'app',
    repositoryProvider: 'TfsGit', buildId: 42, jobId: 'job-1', jobName: 'Build', jobAttempt: 1, artifactStagingDirectory: '/tmp/staging', tempDirectory: '/tmp/t',
    ...over,
  };
}
