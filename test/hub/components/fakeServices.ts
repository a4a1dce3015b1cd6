/**
 * HubServices in memory for the component tests: a FakeProject (test/hub/fakeProject.ts) with
 * three repositories, scan builds carrying records, project properties and a permission answer.
 */
import type { Finding } from '../../../tasks/contract/findings';
import type { HubRoute } from '../../../hub/shared/data/hubRoute';
import type { RepoRef } from '../../../hub/shared/data/model';
import type { HubServices } from '../../../hub/shared/services/hubServices';
import { FakeProject, finding } from '../fakeProject';

export { finding };

export const REPOS: RepoRef[] = [
  { id: 'repo-web', name: 'web-shop', defaultBranch: 'refs/heads/main' },
  { id: 'repo-docs', name: 'docs-site' },
  { id: 'repo-clean', name: 'clean-lib', defaultBranch: 'refs/heads/main' },
];

export const XSS = '<img src=x onerror=alert(1)>';

export interface FakeHub {
  services: HubServices;
  project: FakeProject;
  pushed: HubRoute[];
  /** Simulates back/forward. */
  goTo(route: HubRoute): void;
}

export async function fakeHub(options: { route?: HubRoute; canEdit?: boolean | Error; findings?: Finding[]; repos?: RepoRef[]; failRepos?: number; pullRequest?: boolean } = {}): Promise<FakeHub> {
  const project = new FakeProject(options.repos ?? REPOS);
  const findings = options.findings ?? [finding(1), finding(2, { severity: 'critical', kind: 'code', ruleId: 'js-sql-injection', message: 'SQL built from strings' }), finding(3, { message: XSS, path: `src/${XSS}.ts` })];
  project.addScan({ buildId: 101, repoId: 'repo-web', branch: 'main', findings, finishedAt: '2025-01-02T00:00:10.000Z' });
  project.addScan({ buildId: 102, repoId: 'repo-clean', branch: 'main', findings: [], finishedAt: '2025-01-02T00:00:10.000Z' });
  if (options.pullRequest) {
    project.addScan({
      buildId: 103, repoId: 'repo-web', pullRequestId: 7, findings: [findings[0], { ...findings[1], suppression: { kind: 'triage' } }], finishedAt: '2025-01-03T00:00:10.000Z',
      honoured: [{ fingerprint: findings[1].fingerprint, reason: 'usedInTests', comment: 'fixture data', by: { id: 'u-rev', displayName: 'Rey Reviewer' }, at: '2025-01-03T00:00:00.000Z', channel: 'pullRequestReply', threadId: 4 }],
      ignored: [{ fingerprint: findings[0].fingerprint, channel: 'pullRequestReply', by: { id: 'u-author', displayName: 'Pat Author' }, at: '2025-01-03T00:00:01.000Z', why: "the pull request's author may not dismiss its own findings" }],
    });
  }
  project.canManage = options.canEdit ?? true;
  project.failRepos = options.failRepos ?? 0;
  const services = project.services({ route: options.route });
  return { services, project, pushed: services.pushed, goTo: services.goTo };
}
