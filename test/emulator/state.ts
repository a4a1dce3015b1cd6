/**
 * The emulator's organisation in memory: a plain JSON-serialisable record (so it can be saved
 * to and loaded from a file) wrapped by {@link Store}, which looks things up the way the
 * service does (names or ids, case-insensitive) and answers the service's 404s.
 */
import { randomUUID } from 'node:crypto';
import { isProjectMember, type Identity } from './auth';
import { ApiError, errors } from './errors';
import { blobId, commitId, mergeBase, mergeTrees, type CommitRecord, type GitUserDate } from './gitModel';

export interface ProjectRecord {
  id: string;
  name: string;
  description: string;
  visibility: 'private' | 'public';
  revision: number;
  lastUpdateTime: string;
  defaultTeam: { id: string; name: string };
  /** Project properties (Core API `_apis/projects/{id}/properties`), by name. */
  properties: Record<string, unknown>;
}

export interface RepositoryRecord {
  id: string;
  name: string;
  projectId: string;
  /** Absent for an empty repository, like the service. */
  defaultBranch?: string;
  isDisabled: boolean;
  refs: Record<string, string>;
  commits: Record<string, CommitRecord>;
}

/** Values of a properties collection as the service stores them. */
export interface TypedValue {
  $type: string;
  $value: unknown;
}

export interface StatusRecord {
  id: number;
  state: string;
  description?: string;
  context: { name: string; genre?: string };
  targetUrl?: string;
  iterationId?: number;
  properties?: Record<string, TypedValue>;
  createdBy: string;
  creationDate: string;
  updatedDate: string;
}

export interface CommentRecord {
  id: number;
  parentCommentId: number;
  content: string;
  commentType: string;
  author: string;
  publishedDate: string;
  lastUpdatedDate: string;
  lastContentUpdatedDate: string;
  isDeleted: boolean;
}

export interface ThreadRecord {
  id: number;
  status: string;
  threadContext?: unknown;
  pullRequestThreadContext?: unknown;
  properties: Record<string, TypedValue>;
  publishedDate: string;
  lastUpdatedDate: string;
  isDeleted: boolean;
  comments: CommentRecord[];
}

export interface IterationRecord {
  id: number;
  sourceCommit: string;
  targetCommit: string;
  commonRefCommit: string;
  author: string;
  createdDate: string;
  updatedDate: string;
  description?: string;
  reason: 'create' | 'push' | 'forcePush' | 'rebase';
}

export interface PullRequestRecord {
  pullRequestId: number;
  repositoryId: string;
  title: string;
  description: string;
  status: 'active' | 'abandoned' | 'completed';
  isDraft: boolean;
  createdBy: string;
  creationDate: string;
  sourceRefName: string;
  targetRefName: string;
  mergeId: string;
  lastMergeCommit: string;
  iterations: IterationRecord[];
  statuses: StatusRecord[];
  threads: ThreadRecord[];
}

export interface CommitStatusRecord extends StatusRecord {
  repositoryId: string;
  commitId: string;
}

export interface ArtifactRecord {
  id: number;
  name: string;
  source?: string;
  resource: { type: string; data: string; properties?: Record<string, string> };
}

export interface BuildRecord {
  id: number;
  buildNumber: string;
  projectId: string;
  definition: { id: number; name: string; path: string };
  status: 'notStarted' | 'inProgress' | 'completed' | 'cancelling' | 'postponed';
  result?: 'succeeded' | 'partiallySucceeded' | 'failed' | 'canceled';
  reason: string;
  sourceBranch: string;
  sourceVersion: string;
  repositoryId: string;
  queueTime: string;
  startTime?: string;
  finishTime?: string;
  requestedFor: string;
  requestedBy: string;
  triggerInfo?: Record<string, string>;
  tags: string[];
  /** The build's file container, where `##vso[artifact.upload]` puts files. */
  containerId: number;
  artifacts: ArtifactRecord[];
}

export interface ContainerItemRecord {
  path: string;
  itemType: 'file' | 'folder';
  /** base64 of a file's bytes. */
  content?: string;
  fileLength: number;
  dateCreated: string;
  dateLastModified: string;
  createdBy: string;
}

export interface ContainerRecord {
  id: number;
  scopeIdentifier: string;
  artifactUri: string;
  items: Record<string, ContainerItemRecord>;
}

export interface ExtensionDocument {
  id: string;
  __etag: number;
  [key: string]: unknown;
}

export interface ExtensionCollectionRecord {
  /** `publisher.extension`, lower-case. */
  extension: string;
  scopeType: 'Default' | 'User';
  /** `Current` for the Default scope, the identity id for the User scope. */
  scopeValue: string;
  collectionName: string;
  documents: ExtensionDocument[];
}

/** A policy configuration as the Policy API stores it (policy-7.1.json `PolicyConfiguration`). */
export interface PolicyConfigurationRecord {
  id: number;
  revision: number;
  projectId: string;
  typeId: string;
  isEnabled: boolean;
  isBlocking: boolean;
  isDeleted: boolean;
  settings: Record<string, unknown>;
  createdBy: string;
  createdDate: string;
}

/** A YAML pipeline definition (build-7.1.json `BuildDefinition`, the fields the emulator keeps). */
export interface DefinitionRecord {
  id: number;
  name: string;
  path: string;
  projectId: string;
  repositoryId: string;
  yamlFilename: string;
  description?: string;
  createdBy: string;
  createdDate: string;
  revision: number;
  deleted?: boolean;
}

export interface EmulatorState {
  version: 1;
  organization: { name: string; id: string };
  identities: Identity[];
  projects: ProjectRecord[];
  repositories: RepositoryRecord[];
  /** Blob contents (UTF-8 text) by object id, shared by all repositories. */
  blobs: Record<string, string>;
  pullRequests: PullRequestRecord[];
  commitStatuses: CommitStatusRecord[];
  builds: BuildRecord[];
  containers: ContainerRecord[];
  extensionData: ExtensionCollectionRecord[];
  /** Branch policy configurations (routes/policy.ts); absent in state files written before them. */
  policyConfigurations?: PolicyConfigurationRecord[];
  /** Pipeline definitions created through the API (routes/definitions.ts); builds name others. */
  definitions?: DefinitionRecord[];
  counters: { pullRequestId: number; buildId: number; containerId: number; artifactId: number; commitStatusId: number };
}

export interface NewBuild {
  project: string;
  repository: string;
  /** Branch (refs/heads/...) or PR merge ref (refs/pull/N/merge). */
  sourceBranch: string;
  sourceVersion?: string;
  definition?: { id: number; name: string };
  status?: BuildRecord['status'];
  result?: BuildRecord['result'];
  reason?: string;
  requestedFor?: string;
  triggerInfo?: Record<string, string>;
}

export interface NewCommit {
  /** Branch to advance (refs/heads/...); created when missing. */
  branch: string;
  /** Files to add or change (path -> UTF-8 content); null deletes. */
  files: Record<string, string | null>;
  comment?: string;
  author?: string;
  date?: string;
}

export class Store {
  private listeners: Array<() => void> = [];
  /** The caller a request-scoped store answers for (see `as`); unset: the emulator's own view. */
  viewer?: Identity;

  constructor(public data: EmulatorState, private readonly initial: EmulatorState = structuredClone(data)) {}

  /** Called after every mutation (the server persists and tests may observe). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  changed(): void {
    for (const l of this.listeners) l();
  }

  /** Back to the state the store was created with (e.g. between tests). */
  reset(): void {
    this.data = structuredClone(this.initial);
    this.changed();
  }

  snapshot(): EmulatorState {
    return structuredClone(this.data);
  }

  now(): string {
    return new Date().toISOString();
  }

  /**
   * The store as one caller sees it: projects the caller is not a member of, and their
   * repositories, pull requests, builds and containers, answer the service's "does not exist"
   * errors. Shares the data (and change listeners) with this store.
   */
  as(identity: Identity): Store {
    const scoped = Object.create(this) as Store;
    scoped.viewer = identity;
    return scoped;
  }

  /** Whether the caller (if any) may see the project with this id. */
  canSee(projectId: string): boolean {
    if (!this.viewer) return true;
    const project = this.data.projects.find((p) => p.id === projectId);
    return !!project && isProjectMember(this.viewer, project);
  }

  /* ----------------------------------------------------------- look-ups */

  identity(idOrKey: string): Identity {
    const found = this.data.identities.find((i) => i.id === idOrKey || i.key === idOrKey);
    if (!found) throw new Error(`unknown identity ${idOrKey}`);
    return found;
  }

  project(nameOrId: string): ProjectRecord {
    const key = nameOrId.toLowerCase();
    const found = this.data.projects.find((p) => p.id.toLowerCase() === key || p.name.toLowerCase() === key);
    if (!found || !this.canSee(found.id)) throw errors.projectNotFound(nameOrId);
    return found;
  }

  /** A repository by name or id, within a project when one is given (the route may omit it). */
  repository(nameOrId: string, project?: ProjectRecord): RepositoryRecord {
    const key = nameOrId.toLowerCase();
    const found = this.data.repositories.find(
      (r) => (r.id.toLowerCase() === key || r.name.toLowerCase() === key) && (!project || r.projectId === project.id),
    );
    if (!found || !this.canSee(found.projectId)) throw errors.repositoryNotFound(nameOrId);
    return found;
  }

  repositoryById(id: string): RepositoryRecord {
    return this.repository(id);
  }

  pullRequest(repo: RepositoryRecord, id: number): PullRequestRecord {
    const found = this.data.pullRequests.find((p) => p.pullRequestId === id && p.repositoryId === repo.id);
    if (!found) throw errors.pullRequestNotFound();
    return found;
  }

  pullRequestInProject(project: ProjectRecord | undefined, id: number): PullRequestRecord {
    const found = this.data.pullRequests.find(
      (p) => p.pullRequestId === id && (!project || this.repositoryById(p.repositoryId).projectId === project.id),
    );
    if (!found || !this.canSee(this.data.repositories.find((r) => r.id === found.repositoryId)?.projectId ?? '')) throw errors.pullRequestNotFound();
    return found;
  }

  build(project: ProjectRecord, id: number): BuildRecord {
    const found = this.data.builds.find((b) => b.id === id && b.projectId === project.id);
    if (!found) throw errors.buildNotFound(id);
    return found;
  }

  container(id: number): ContainerRecord {
    const found = this.data.containers.find((c) => c.id === id);
    if (!found || !this.canSee(found.scopeIdentifier)) throw errors.containerNotFound(id);
    return found;
  }

  blob(objectId: string): string {
    const content = this.data.blobs[objectId];
    if (content === undefined) throw new ApiError(404, 'GitObjectNotFoundException', `The object ${objectId} does not exist.`);
    return content;
  }

  /* ----------------------------------------------------------- changes for tests and the demo */

  /** Queues a build (e.g. the one a task under test runs in); returns it with its container. */
  createBuild(spec: NewBuild): BuildRecord {
    const project = this.project(spec.project);
    const repo = this.repository(spec.repository, project);
    const sourceVersion = spec.sourceVersion ?? repo.refs[spec.sourceBranch];
    if (!sourceVersion) throw new Error(`${spec.sourceBranch} does not exist in ${repo.name}; pass sourceVersion`);
    const id = this.data.counters.buildId++;
    const containerId = this.data.counters.containerId++;
    const now = this.now();
    const requester = this.identity(spec.requestedFor ?? 'contributor');
    const build: BuildRecord = {
      id,
      buildNumber: `${now.slice(0, 10).replace(/-/g, '')}.${id}`,
      projectId: project.id,
      definition: { path: '\\', ...(spec.definition ?? { id: 1, name: `${repo.name} CI` }) },
      status: spec.status ?? 'inProgress',
      result: spec.result,
      reason: spec.reason ?? (spec.sourceBranch.startsWith('refs/pull/') ? 'pullRequest' : 'manual'),
      sourceBranch: spec.sourceBranch,
      sourceVersion,
      repositoryId: repo.id,
      queueTime: now,
      startTime: now,
      finishTime: spec.status === 'completed' ? now : undefined,
      requestedFor: requester.id,
      requestedBy: requester.id,
      triggerInfo: this.pullRequestTrigger(repo, spec.sourceBranch, spec.triggerInfo),
      tags: [],
      containerId,
      artifacts: [],
    };
    this.data.builds.push(build);
    this.data.containers.push({ id: containerId, scopeIdentifier: project.id, artifactUri: `vstfs:///Build/Build/${id}`, items: {} });
    this.changed();
    return build;
  }

  /**
   * A PR build records, when it is queued, which PR and source commit it builds (`pr.number`,
   * `pr.sourceSha`): the agent's System.PullRequest.SourceCommitId comes from there, so a push
   * after queueing does not change what the build says it scanned.
   */
  private pullRequestTrigger(repo: RepositoryRecord, sourceBranch: string, given: Record<string, string> | undefined): Record<string, string> | undefined {
    const number = given?.['pr.number'] ?? /^refs\/pull\/(\d+)\/merge$/.exec(sourceBranch)?.[1];
    if (!number || given?.['pr.sourceSha']) return given;
    const pr = this.data.pullRequests.find((p) => p.repositoryId === repo.id && p.pullRequestId === Number(number));
    if (!pr) return given;
    return { 'pr.number': number, ...given, 'pr.sourceSha': pr.iterations[pr.iterations.length - 1].sourceCommit };
  }

  /** Adds a commit on top of a branch (e.g. to move a PR's source or target). */
  addCommit(repoName: string, spec: NewCommit): CommitRecord {
    const repo = this.repository(repoName);
    const parent = repo.refs[spec.branch];
    const tree = { ...(parent ? repo.commits[parent].tree : {}) };
    for (const [path, content] of Object.entries(spec.files)) {
      const p = path.startsWith('/') ? path : `/${path}`;
      if (content === null) delete tree[p];
      else tree[p] = this.putBlob(content);
    }
    const who = this.identity(spec.author ?? 'contributor');
    const signature: GitUserDate = { name: who.displayName, email: who.uniqueName, date: spec.date ?? this.now() };
    const partial = { parents: parent ? [parent] : [], author: signature, committer: signature, comment: spec.comment ?? 'Update', tree };
    const commit: CommitRecord = { commitId: commitId(partial), ...partial };
    repo.commits[commit.commitId] = commit;
    repo.refs[spec.branch] = commit.commitId;
    repo.defaultBranch ??= spec.branch;
    this.changed();
    return commit;
  }

  /**
   * Pushes a commit to a pull request's source branch, as a developer does: the PR gets a new
   * iteration (merge base recomputed) and a new merge commit at `refs/pull/N/merge`.
   */
  pushToPullRequest(repoName: string, pullRequestId: number, spec: Omit<NewCommit, 'branch'>): { commit: CommitRecord; iteration: IterationRecord; mergeCommit: string } {
    const repo = this.repository(repoName);
    const pr = this.pullRequest(repo, pullRequestId);
    const commit = this.addCommit(repoName, { ...spec, branch: pr.sourceRefName });
    const target = repo.refs[pr.targetRefName];
    if (!target) throw new Error(`${pr.targetRefName} does not exist in ${repo.name}`);
    const date = spec.date ?? this.now();
    const iteration: IterationRecord = {
      id: pr.iterations.length + 1, sourceCommit: commit.commitId, targetCommit: target,
      commonRefCommit: mergeBase(repo.commits, commit.commitId, target) ?? target,
      author: this.identity(spec.author ?? 'contributor').id, createdDate: date, updatedDate: date, reason: 'push',
    };
    pr.iterations.push(iteration);
    pr.lastMergeCommit = createMergeCommit(repo, pr.pullRequestId, pr.sourceRefName, pr.targetRefName, commit.commitId, target, date);
    this.changed();
    return { commit, iteration, mergeCommit: pr.lastMergeCommit };
  }

  putBlob(content: string): string {
    const id = blobId(Buffer.from(content, 'utf8'));
    this.data.blobs[id] = content;
    return id;
  }

  newGuid(): string {
    return randomUUID();
  }
}

/** Adds a file and its parent folders to a container, as the upload endpoint does. */
export function addContainerFile(
  items: ContainerRecord['items'], path: string, content: Buffer, date: string, createdBy: string,
): void {
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const folder = parts.slice(0, i).join('/');
    items[folder] ??= { path: folder, itemType: 'folder', fileLength: 0, dateCreated: date, dateLastModified: date, createdBy };
  }
  const file = parts.join('/');
  items[file] = {
    path: file, itemType: 'file', content: content.toString('base64'), fileLength: content.length,
    dateCreated: items[file]?.dateCreated ?? date, dateLastModified: date, createdBy,
  };
}

/** The merge commit the service keeps at refs/pull/N/merge (builds of the PR check it out). */
export function createMergeCommit(repo: RepositoryRecord, prId: number, sourceRef: string, targetRef: string, source: string, target: string, date: string): string {
  const base = mergeBase(repo.commits, source, target) ?? target;
  const tree = mergeTrees(repo.commits[base].tree, repo.commits[target].tree, repo.commits[source].tree);
  const signature = { name: 'Azure DevOps', email: 'noreply@palisade.example', date };
  const short = (ref: string) => ref.replace(/^refs\/heads\//, '');
  const partial = {
    parents: [target, source], author: signature, committer: signature,
    comment: `Merge pull request ${prId} from ${short(sourceRef)} into ${short(targetRef)}`, tree,
  };
  const id = commitId(partial);
  repo.commits[id] = { commitId: id, ...partial };
  repo.refs[`refs/pull/${prId}/merge`] = id;
  return id;
}
