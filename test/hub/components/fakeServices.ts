/**
 * HubServices in memory: a MemoryStore with data published by the pipeline task's own code,
 * repositories, a permission answer and navigation that records what the hub pushed.
 */
import { publishScan, readSummary } from '../../../tasks/PalisadeScanV1/hubStorage';
import type { Finding } from '../../../tasks/contract/findings';
import { emptyCounts } from '../../../tasks/contract/storage';
import type { HubRoute } from '../../../hub/src/data/hubRoute';
import type { RepoRef } from '../../../hub/src/data/model';
import type { HubServices, SarifArtifact } from '../../../hub/src/services/hubServices';
import { MemoryStore } from '../../support/memoryStore';

export const REPOS: RepoRef[] = [
  { id: 'repo-web', name: 'web-shop', defaultBranch: 'refs/heads/main' },
  { id: 'repo-docs', name: 'docs-site' },
  { id: 'repo-clean', name: 'clean-lib', defaultBranch: 'refs/heads/main' },
];

export const XSS = '<img src=x onerror=alert(1)>';

export function finding(n: number, over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'github-pat-classic', kind: 'secret', severity: 'high', message: `Token number ${n}`, path: `src/file${n}.ts`, preview: 'ghp_****',
    region: { startLine: n, startColumn: 1, endLine: n, endColumn: 10 }, fingerprint: `${String(n).padStart(4, '0')}${'a'.repeat(60)}`, ...over,
  };
}

export interface FakeHub {
  services: HubServices;
  store: MemoryStore;
  pushed: HubRoute[];
  /** Simulates back/forward. */
  goTo(route: HubRoute): void;
}

export async function fakeHub(options: { route?: HubRoute; canEdit?: boolean | Error; findings?: Finding[]; repos?: RepoRef[]; sarif?: SarifArtifact | null; failRepos?: number } = {}): Promise<FakeHub> {
  const store = new MemoryStore();
  const findings = options.findings ?? [finding(1), finding(2, { severity: 'critical', kind: 'code', ruleId: 'js-sql-injection', message: 'SQL built from strings' }), finding(3, { message: XSS, path: `src/${XSS}.ts` })];
  const publish = async (repoId: string, list: Finding[]) => {
    const counts = emptyCounts();
    for (const f of list) counts[f.severity]++;
    await publishScan(store, await readSummary(store, repoId), {
      record: {
        scanId: `scan-${repoId}`, repoId, projectId: 'proj', trigger: 'branch', ref: 'main', branch: 'refs/heads/main', commit: 'c0ffee',
        startedAt: '2025-01-02T00:00:00Z', finishedAt: '2025-01-02T00:00:10Z', durationMs: 10_000, filesScanned: 10, filesSkipped: 0, counts,
        outcome: list.length ? 'failed' : 'succeeded', toolVersion: '0.1.0',
      },
      findings: list,
      log: 'line one\nsecond line: critical\nthird\n',
      isDefaultBranch: true,
    });
  };
  await publish('repo-web', findings);
  await publish('repo-clean', []);
  const listeners: Array<(r: HubRoute) => void> = [];
  const pushed: HubRoute[] = [];
  let repoFailures = options.failRepos ?? 0;
  const services: HubServices = {
    context: { projectId: 'proj', projectName: 'Project', user: { id: 'u1', displayName: 'Avery Admin' }, collectionUri: 'https://dev.azure.com/org/' },
    store,
    listRepositories: async () => {
      if (repoFailures > 0) {
        repoFailures--;
        throw new Error('Git is down');
      }
      return options.repos ?? REPOS;
    },
    canEditSettings: async () => {
      if (options.canEdit instanceof Error) throw options.canEdit;
      return options.canEdit ?? true;
    },
    findSarifArtifact: async () => options.sarif ?? null,
    ruleCatalog: async () => ({ rules: { 'github-pat-classic': { id: 'github-pat-classic', title: 'GitHub personal access token', description: 'A classic PAT.', helpMarkdown: '**Fix:** revoke it. <b>not bold</b> [evil](javascript:alert(1)) [docs](https://docs.github.com/x)', cwe: ['CWE-798'] } } }),
    navigation: {
      initialRoute: async () => options.route ?? { tab: 'overview' },
      push: (r) => pushed.push(r),
      replace: (r) => pushed.push(r),
      onChange: (l) => listeners.push(l),
    },
  };
  return { services, store, pushed, goTo: (r) => listeners.forEach((l) => l(r)) };
}
