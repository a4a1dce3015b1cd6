/**
 * Turns the authoring format of seed.json (commits as file changes with readable keys,
 * identities by key) into the emulator's state, computing what the service derives: blob and
 * commit ids, PR merge commits and `refs/pull/N/merge`, iteration merge bases, file containers.
 */
import type { Identity } from './auth';
import { commitId, mergeBase, type CommitRecord } from './gitModel';
import defaultSeedJson from './seed.json';
import { addContainerFile, createMergeCommit, Store, type BuildRecord, type EmulatorState, type PullRequestRecord, type RepositoryRecord } from './state';

export interface SeedCommit {
  key: string;
  parents: string[];
  /** Identity key of the author. */
  author: string;
  date: string;
  comment: string;
  /** Changes from the first parent: path -> content, null deletes. */
  files: Record<string, string | null>;
}

export interface SeedData {
  organization: { name: string; id: string };
  identities: Array<Omit<Identity, 'descriptor'> & { descriptor?: string }>;
  projects: Array<{ id: string; name: string; description: string; lastUpdateTime: string; defaultTeam: { id: string; name: string }; properties?: Record<string, unknown> }>;
  repositories: Array<{
    id: string;
    name: string;
    project: string;
    defaultBranch?: string;
    isDisabled?: boolean;
    commits: SeedCommit[];
    /** ref -> commit key */
    refs: Record<string, string>;
  }>;
  pullRequests: Array<{
    pullRequestId: number;
    repository: string;
    title: string;
    description: string;
    createdBy: string;
    creationDate: string;
    sourceRefName: string;
    targetRefName: string;
    mergeId: string;
    isDraft?: boolean;
    /** Commit keys of the source and target branch heads when each iteration was pushed. */
    iterations: Array<{ source: string; target: string; date: string; description?: string }>;
  }>;
  builds: Array<{
    id: number;
    project: string;
    repository: string;
    definition: { id: number; name: string };
    buildNumber: string;
    status: BuildRecord['status'];
    result?: BuildRecord['result'];
    reason: string;
    sourceBranch: string;
    /** A commit key or a ref without `refs/` (e.g. `pull/1/merge`). */
    commit: string;
    queueTime: string;
    startTime?: string;
    finishTime?: string;
    requestedFor: string;
    triggerInfo?: Record<string, string>;
    /** Artifacts uploaded to the build's container: name -> files (path inside the artifact -> content). */
    artifacts: Array<{ name: string; files: Record<string, string> }>;
  }>;
  extensionData: Array<{
    extension: string;
    scopeType: 'Default' | 'User';
    scopeValue: string;
    collectionName: string;
    documents: Array<{ id: string; [key: string]: unknown }>;
  }>;
}

export const defaultSeed = defaultSeedJson as unknown as SeedData;

/** Properties every project has on the service (a `keys` filter must tell them from Palisade's). */
const SYSTEM_PROPERTIES: Record<string, unknown> = {
  'System.CurrentProcessTemplateId': 'adcc42ab-9882-485e-a3ed-7678f01f66bc',
  'System.Process Template': 'Agile',
  'System.SourceControlGitEnabled': 'True',
};

export function storeFromSeed(seed: SeedData = defaultSeed): Store {
  return new Store(compileSeed(seed));
}

export function compileSeed(seed: SeedData): EmulatorState {
  const state: EmulatorState = {
    version: 1,
    organization: { ...seed.organization },
    identities: seed.identities.map((i) => ({ ...i, descriptor: i.descriptor ?? descriptorFor(i) })),
    projects: seed.projects.map((p) => ({ ...p, visibility: 'private', revision: 1, properties: { ...SYSTEM_PROPERTIES, ...p.properties } })),
    repositories: [],
    blobs: {},
    pullRequests: [],
    commitStatuses: [],
    builds: [],
    containers: [],
    extensionData: [],
    counters: { pullRequestId: 1, buildId: 1, containerId: 1, artifactId: 1, commitStatusId: 1 },
  };
  // The store offers blob hashing and identity look-ups while the state is built.
  const store = new Store(state);
  const keys = new Map<string, Map<string, string>>(); // repo name -> commit key -> id

  for (const r of seed.repositories) {
    const project = store.project(r.project);
    const repo: RepositoryRecord = {
      id: r.id, name: r.name, projectId: project.id, defaultBranch: r.defaultBranch, isDisabled: r.isDisabled ?? false, refs: {}, commits: {},
    };
    const byKey = new Map<string, string>();
    for (const c of r.commits) {
      const parentIds = c.parents.map((k) => mustGet(byKey, k, `${r.name}: parent ${k} of ${c.key}`));
      const tree = { ...(parentIds[0] ? repo.commits[parentIds[0]].tree : {}) };
      for (const [path, content] of Object.entries(c.files)) {
        if (content === null) delete tree[path];
        else tree[path] = store.putBlob(content);
      }
      const who = store.identity(c.author);
      const signature = { name: who.displayName, email: who.uniqueName, date: c.date };
      const partial: Omit<CommitRecord, 'commitId'> = { parents: parentIds, author: signature, committer: signature, comment: c.comment, tree };
      const id = commitId(partial);
      repo.commits[id] = { commitId: id, ...partial };
      byKey.set(c.key, id);
    }
    for (const [ref, key] of Object.entries(r.refs)) repo.refs[ref] = mustGet(byKey, key, `${r.name}: ref ${ref}`);
    state.repositories.push(repo);
    keys.set(r.name, byKey);
  }

  for (const p of seed.pullRequests) {
    const repo = store.repository(p.repository);
    const byKey = keys.get(repo.name) as Map<string, string>;
    const author = store.identity(p.createdBy).id;
    const iterations = p.iterations.map((it, i) => {
      const sourceCommit = mustGet(byKey, it.source, `PR ${p.pullRequestId} iteration ${i + 1}`);
      const targetCommit = mustGet(byKey, it.target, `PR ${p.pullRequestId} iteration ${i + 1}`);
      return {
        id: i + 1, sourceCommit, targetCommit,
        commonRefCommit: mergeBase(repo.commits, sourceCommit, targetCommit) ?? targetCommit,
        author, createdDate: it.date, updatedDate: it.date, description: it.description,
        reason: i === 0 ? 'create' as const : 'push' as const,
      };
    });
    const last = iterations[iterations.length - 1];
    const merge = createMergeCommit(repo, p.pullRequestId, p.sourceRefName, p.targetRefName, last.sourceCommit, last.targetCommit, p.iterations[p.iterations.length - 1].date);
    const pr: PullRequestRecord = {
      pullRequestId: p.pullRequestId, repositoryId: repo.id, title: p.title, description: p.description, status: 'active',
      isDraft: p.isDraft ?? false, createdBy: author, creationDate: p.creationDate, sourceRefName: p.sourceRefName,
      targetRefName: p.targetRefName, mergeId: p.mergeId, lastMergeCommit: merge, iterations, statuses: [], threads: [],
    };
    state.pullRequests.push(pr);
    state.counters.pullRequestId = Math.max(state.counters.pullRequestId, p.pullRequestId + 1);
  }

  for (const b of seed.builds) {
    const project = store.project(b.project);
    const repo = store.repository(b.repository, project);
    const byKey = keys.get(repo.name) as Map<string, string>;
    const sourceVersion = byKey.get(b.commit) ?? repo.refs[`refs/${b.commit}`];
    if (!sourceVersion) throw new Error(`seed build ${b.id}: unknown commit ${b.commit}`);
    const containerId = state.counters.containerId++;
    const container = { id: containerId, scopeIdentifier: project.id, artifactUri: `vstfs:///Build/Build/${b.id}`, items: {} };
    state.containers.push(container);
    const requester = store.identity(b.requestedFor).id;
    const triggerInfo = b.triggerInfo && Object.fromEntries(
      Object.entries(b.triggerInfo).map(([k, v]) => [k, k === 'pr.sourceSha' ? byKey.get(v) ?? v : v]),
    );
    const build: BuildRecord = {
      id: b.id, buildNumber: b.buildNumber, projectId: project.id, definition: { ...b.definition, path: '\\' }, status: b.status,
      result: b.result, reason: b.reason, sourceBranch: b.sourceBranch, sourceVersion, repositoryId: repo.id,
      queueTime: b.queueTime, startTime: b.startTime, finishTime: b.finishTime, requestedFor: requester, requestedBy: requester,
      triggerInfo, tags: [], containerId, artifacts: [],
    };
    for (const a of b.artifacts) {
      for (const [path, content] of Object.entries(a.files)) {
        addContainerFile(container.items, `${a.name}/${path}`, Buffer.from(content, 'utf8'), b.finishTime ?? b.queueTime, store.identity('build').id);
      }
      build.artifacts.push({
        id: state.counters.artifactId++, name: a.name,
        resource: { type: 'Container', data: `#/${containerId}/${a.name}`, properties: { localpath: `/agent/_work/1/a/${a.name}` } },
      });
    }
    state.builds.push(build);
    state.counters.buildId = Math.max(state.counters.buildId, b.id + 1);
  }

  for (const c of seed.extensionData) {
    state.extensionData.push({
      extension: c.extension.toLowerCase(), scopeType: c.scopeType, scopeValue: c.scopeValue, collectionName: c.collectionName,
      documents: c.documents.map((d) => ({ ...d, __etag: 1 })),
    });
  }
  return state;
}

function descriptorFor(i: { id: string; role: string }): string {
  const prefix = i.role === 'buildService' ? 'svc' : 'aad';
  return `${prefix}.${Buffer.from(i.id).toString('base64url')}`;
}

function mustGet(map: Map<string, string>, key: string, what: string): string {
  const v = map.get(key);
  if (!v) throw new Error(`seed: unknown commit key in ${what}`);
  return v;
}
