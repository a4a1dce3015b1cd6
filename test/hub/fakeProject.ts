/**
 * A project as the hub's services see it, in memory: repositories, builds tagged `palisade`
 * with their scan records, project properties guarded by *Manage project properties*, and a
 * count of the REST calls each service method stands for (an artifact listing plus one
 * container read per record, as hub/shared/sdk/buildArtifacts.ts makes them).
 */
import type { Finding } from '../../tasks/contract/findings';
import { serializeScanRecord, type RecordedFinding, type ScanRecord, type ScanRecordFile } from '../../tasks/contract/scanRecord';
import type { Dismissal } from '../../tasks/contract/triage';
import type { HubRoute } from '../../hub/shared/data/hubRoute';
import type { HubContext, RepoRef } from '../../hub/shared/data/model';
import { MemoryStorage } from '../../hub/shared/data/recordCache';
import type { ArtifactText, BuildQuery, HubServices, ProjectPropertyValue, ScanBuild } from '../../hub/shared/services/hubServices';

export const PROJECT_ID = '0f2d7c2e-0000-4000-8000-00000000a001';

export interface FakeBuild extends ScanBuild {
  tags: string[];
  /** Record files in the build's artifacts, oldest artifact first. */
  records: Array<{ artifactName: string; text: string }>;
}

export interface CallCounts {
  repositories: number;
  permissions: number;
  buildLists: number;
  artifactLists: number;
  containerReads: number;
  propertyReads: number;
  propertyWrites: number;
}

export function totalCalls(c: CallCounts): number {
  return Object.values(c).reduce((n, v) => n + v, 0);
}

export function finding(n: number, over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'github-pat-classic', kind: 'secret', severity: 'high', message: `Token number ${n}`, path: `src/file${n}.ts`, preview: 'ghp_****',
    region: { startLine: n, startColumn: 1, endLine: n, endColumn: 10 }, fingerprint: `${String(n).padStart(4, '0')}${'a'.repeat(60)}`, ...over,
  };
}

export interface RecordInput {
  buildId: number;
  repoId: string;
  branch?: string;
  pullRequestId?: number;
  findings?: Array<Finding & Partial<RecordedFinding>>;
  finishedAt?: string;
  jobAttempt?: number;
  honoured?: Dismissal[];
  ignored?: ScanRecordFile['dismissals']['ignored'];
  log?: string;
  history?: 'derived' | 'unavailable';
  outcome?: ScanRecord['outcome'];
}

export function recordText(input: RecordInput): string {
  const findings: RecordedFinding[] = (input.findings ?? []).map((f) => ({
    firstSeenAt: input.history === 'unavailable' ? undefined : '2025-01-01T00:00:00.000Z',
    lastSeenAt: input.finishedAt ?? '2025-01-02T00:00:10.000Z',
    state: 'open',
    ...f,
  }));
  const counts = { critical: 0, high: 0, medium: 0, low: 0, note: 0 };
  for (const f of findings) if (f.state === 'open' && !f.suppression) counts[f.severity]++;
  const attempt = input.jobAttempt ?? 1;
  const scan: ScanRecord = {
    scanId: `${input.buildId}-${attempt}-job`, buildId: input.buildId, buildNumber: `2025.${input.buildId}`, jobAttempt: attempt, jobName: 'job',
    repoId: input.repoId, projectId: PROJECT_ID, trigger: input.pullRequestId ? 'pullRequest' : 'branch',
    branch: input.pullRequestId ? `pr/${input.pullRequestId}` : input.branch ?? 'main', ...(input.pullRequestId ? { pullRequestId: input.pullRequestId, pullRequest: { targetBranch: 'refs/heads/main' } } : {}),
    commit: 'c0ffee', outcome: input.outcome ?? (findings.length ? 'failed' : 'succeeded'), counts, newFindings: 0, fixedFindings: 0,
    startedAt: '2025-01-02T00:00:00.000Z', finishedAt: input.finishedAt ?? '2025-01-02T00:00:10.000Z', durationMs: 10_000, filesScanned: 10, filesSkipped: 0,
    scanners: ['secrets', 'code', 'dependencies'], failOn: 'high', toolVersion: '0.1.0', history: input.history ?? 'derived',
  };
  return serializeScanRecord({ scan, findings, dismissals: { honoured: input.honoured ?? [], ignored: input.ignored ?? [] }, summary: '', log: input.log ?? 'line one\nsecond line: critical\nthird\n' });
}

export class FakeProject {
  readonly calls: CallCounts = { repositories: 0, permissions: 0, buildLists: 0, artifactLists: 0, containerReads: 0, propertyReads: 0, propertyWrites: 0 };
  readonly builds: FakeBuild[] = [];
  readonly properties = new Map<string, string>();
  readonly storage = new MemoryStorage();
  canManage: boolean | Error = true;
  failRepos = 0;
  /** Thrown by every property write (a refused write). */
  refuseWrites: Error | undefined;
  /** Latency of every call, in ms (0: answers within the same turn). */
  latencyMs = 0;

  constructor(
    public repos: RepoRef[],
    readonly user = { id: 'u-admin', displayName: 'Avery Admin' },
  ) {}

  addBuild(build: Omit<FakeBuild, 'tags' | 'records'> & Partial<Pick<FakeBuild, 'tags' | 'records'>>): FakeBuild {
    const b: FakeBuild = { tags: ['palisade'], records: [], ...build };
    this.builds.push(b);
    return b;
  }

  /** A completed scan build of `repoId` with its record. */
  addScan(input: RecordInput & { sourceBranch?: string }): FakeBuild {
    const sourceBranch = input.sourceBranch ?? (input.pullRequestId ? `refs/pull/${input.pullRequestId}/merge` : `refs/heads/${input.branch ?? 'main'}`);
    return this.addBuild({
      id: input.buildId, buildNumber: `2025.${input.buildId}`, repoId: input.repoId, sourceBranch, sourceVersion: 'c0ffee',
      finishTime: input.finishedAt ?? '2025-01-02T00:00:10.000Z', result: 'succeeded',
      records: [{ artifactName: 'CodeAnalysisLogs', text: recordText(input) }],
    });
  }

  services(options: { route?: HubRoute; context?: Partial<HubContext> } = {}): HubServices & { pushed: HubRoute[]; goTo(route: HubRoute): void } {
    const listeners: Array<(r: HubRoute) => void> = [];
    const pushed: HubRoute[] = [];
    const services = {
      context: { projectId: PROJECT_ID, projectName: 'Project', user: this.user, collectionUri: 'https://dev.azure.com/org/', ...options.context },
      navigation: {
        initialRoute: async () => options.route ?? { tab: 'overview' as const },
        push: (r: HubRoute) => pushed.push(r),
        replace: (r: HubRoute) => pushed.push(r),
        onChange: (l: (r: HubRoute) => void) => listeners.push(l),
      },
      listRepositories: async () => {
        this.calls.repositories++;
        if (this.failRepos > 0) {
          this.failRepos--;
          throw new Error('Git is down');
        }
        return this.repos;
      },
      canManageProperties: async () => {
        this.calls.permissions++;
        if (this.canManage instanceof Error) throw this.canManage;
        return this.canManage;
      },
      listScanBuilds: async (q: BuildQuery) => {
        this.calls.buildLists++;
        await this.latency();
        const matching = this.builds
          .filter((b) => b.tags.includes('palisade') && (!q.repoId || b.repoId === q.repoId) && (!q.branch || b.sourceBranch === q.branch))
          .sort((a, b) => (b.finishTime ?? '').localeCompare(a.finishTime ?? '') || b.id - a.id);
        const skip = Number(q.continuationToken ?? 0);
        const page = matching.slice(skip, skip + q.top);
        const next = skip + q.top < matching.length ? String(skip + q.top) : undefined;
        return { builds: page.map(({ tags: _t, records: _r, ...b }) => b), ...(next ? { continuationToken: next } : {}) };
      },
      readScanRecords: async (buildId: number, all: boolean): Promise<ArtifactText[]> => {
        this.calls.artifactLists++;
        await this.latency();
        const b = this.builds.find((x) => x.id === buildId);
        if (!b) throw Object.assign(new Error(`build ${buildId} not found`), { status: 404 });
        const out: ArtifactText[] = [];
        // Newest artifact first, as BuildArtifactReader tries them.
        for (const [i, r] of [...b.records.entries()].reverse()) {
          this.calls.containerReads++;
          out.push({ buildId, artifactName: r.artifactName, artifactId: i + 1, text: r.text });
          if (!all) break;
        }
        return out;
      },
      readProperties: async (patterns: readonly string[]): Promise<ProjectPropertyValue[]> => {
        this.calls.propertyReads++;
        const res = patterns.map((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i'));
        return [...this.properties.entries()].filter(([name]) => res.some((r) => r.test(name))).map(([name, value]) => ({ name, value }));
      },
      writeProperties: async (changes: ReadonlyArray<{ name: string; value: string } | { name: string; remove: true }>) => {
        this.calls.propertyWrites++;
        if (this.refuseWrites) throw this.refuseWrites;
        for (const c of changes) {
          if ('remove' in c) this.properties.delete(c.name);
          else this.properties.set(c.name, c.value);
        }
      },
      cacheStorage: this.storage,
      ruleCatalog: async () => ({
        rules: {
          'github-pat-classic': {
            id: 'github-pat-classic', title: 'GitHub personal access token', description: 'A classic PAT.',
            helpMarkdown: '**Fix:** revoke it. <b>not bold</b> [evil](javascript:alert(1)) [docs](https://docs.github.com/x)', cwe: ['CWE-798'],
          },
        },
      }),
      pushed,
      goTo: (r: HubRoute) => listeners.forEach((l) => l(r)),
    };
    return services;
  }

  private async latency(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
  }

  resetCalls(): void {
    for (const k of Object.keys(this.calls) as (keyof CallCounts)[]) this.calls[k] = 0;
  }
}

/** A service error as the REST clients throw it. */
export function refused(status: number, message: string): Error {
  return Object.assign(new Error(message), { status, serverError: { message, typeKey: 'UnauthorizedRequestException' } });
}
