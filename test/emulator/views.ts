/**
 * Wire representations of stored records, in the standard dialect (dialect.ts adapts them for
 * the browser). URLs are built per request because the emulator's port can change between
 * runs that share a state file.
 */
import type { UrlBuilder } from './router';
import type {
  ArtifactRecord, BuildRecord, CommentRecord, ContainerItemRecord, ContainerRecord, IterationRecord, ProjectRecord,
  PullRequestRecord, RepositoryRecord, StatusRecord, Store, ThreadRecord,
} from './state';

type Json = Record<string, unknown>;

export class Views {
  constructor(private readonly store: Store, private readonly urls: UrlBuilder) {}

  private get origin(): string {
    return new URL(this.urls.orgUrl).origin;
  }

  private get org(): string {
    return this.store.data.organization.name;
  }

  identityRef(id: string): Json {
    const i = this.store.identity(id);
    return {
      displayName: i.displayName,
      url: this.urls.to(`_apis/Identities/${i.id}`),
      _links: { avatar: { href: this.urls.to(`_apis/GraphProfile/MemberAvatars/${i.descriptor}`) } },
      id: i.id,
      uniqueName: i.uniqueName,
      imageUrl: this.urls.to(`_api/_common/identityImage?id=${i.id}`),
      descriptor: i.descriptor,
    };
  }

  projectRef(p: ProjectRecord): Json {
    return {
      id: p.id, name: p.name, description: p.description, url: this.urls.to(`_apis/projects/${p.id}`),
      state: 'wellFormed', revision: p.revision, visibility: p.visibility, lastUpdateTime: p.lastUpdateTime,
    };
  }

  project(p: ProjectRecord): Json {
    return {
      ...this.projectRef(p),
      _links: {
        self: { href: this.urls.to(`_apis/projects/${p.id}`) },
        collection: { href: this.urls.to(`_apis/projectCollections/${this.store.data.organization.id}`) },
        web: { href: `${this.origin}/${enc(this.org)}/${enc(p.name)}` },
      },
      capabilities: { versioncontrol: { sourceControlType: 'Git', gitEnabled: 'True' }, processTemplate: { templateName: 'Agile' } },
      defaultTeam: { id: p.defaultTeam.id, name: p.defaultTeam.name, url: this.urls.to(`_apis/projects/${p.id}/teams/${p.defaultTeam.id}`) },
    };
  }

  repository(r: RepositoryRecord): Json {
    const project = this.store.project(r.projectId);
    const web = `${this.origin}/${enc(this.org)}/${enc(project.name)}/_git/${enc(r.name)}`;
    const self = this.urls.to(`${project.id}/_apis/git/repositories/${r.id}`);
    const size = Object.values(r.commits).reduce((n, c) => n + Object.keys(c.tree).length, 0) * 1024;
    return {
      id: r.id, name: r.name, url: self, project: this.projectRef(project), defaultBranch: r.defaultBranch,
      size, remoteUrl: web, sshUrl: `git@ssh.${new URL(this.origin).host}:v3/${this.org}/${project.name}/${r.name}`, webUrl: web,
      isDisabled: r.isDisabled, isInMaintenance: false,
      _links: { self: { href: self }, project: { href: this.urls.to(`_apis/projects/${project.id}`) }, web: { href: web } },
    };
  }

  commitRef(r: RepositoryRecord, commitId: string): Json {
    return { commitId, url: this.urls.to(`${r.projectId}/_apis/git/repositories/${r.id}/commits/${commitId}`) };
  }

  commit(r: RepositoryRecord, commitId: string): Json {
    const c = r.commits[commitId];
    return { ...this.commitRef(r, commitId), author: c.author, committer: c.committer, comment: c.comment, parents: c.parents };
  }

  pullRequest(pr: PullRequestRecord): Json {
    const repo = this.store.repositoryById(pr.repositoryId);
    const last = pr.iterations[pr.iterations.length - 1];
    const self = this.urls.to(`${repo.projectId}/_apis/git/repositories/${repo.id}/pullRequests/${pr.pullRequestId}`);
    return {
      repository: this.repository(repo),
      pullRequestId: pr.pullRequestId,
      codeReviewId: pr.pullRequestId,
      status: pr.status,
      createdBy: this.identityRef(pr.createdBy),
      creationDate: pr.creationDate,
      title: pr.title,
      description: pr.description,
      sourceRefName: pr.sourceRefName,
      targetRefName: pr.targetRefName,
      mergeStatus: 'succeeded',
      isDraft: pr.isDraft,
      mergeId: pr.mergeId,
      lastMergeSourceCommit: this.commitRef(repo, last.sourceCommit),
      lastMergeTargetCommit: this.commitRef(repo, last.targetCommit),
      lastMergeCommit: this.commitRef(repo, pr.lastMergeCommit),
      reviewers: [],
      url: self,
      supportsIterations: true,
      artifactId: `vstfs:///Git/PullRequestId/${repo.projectId}%2f${repo.id}%2f${pr.pullRequestId}`,
      _links: {
        self: { href: self },
        repository: { href: this.urls.to(`${repo.projectId}/_apis/git/repositories/${repo.id}`) },
        iterations: { href: `${self}/iterations` },
        statuses: { href: `${self}/statuses` },
      },
    };
  }

  iteration(pr: PullRequestRecord, it: IterationRecord): Json {
    const repo = this.store.repositoryById(pr.repositoryId);
    return {
      id: it.id,
      description: it.description,
      author: this.identityRef(it.author),
      createdDate: it.createdDate,
      updatedDate: it.updatedDate,
      sourceRefCommit: { commitId: it.sourceCommit },
      targetRefCommit: { commitId: it.targetCommit },
      commonRefCommit: { commitId: it.commonRefCommit },
      hasMoreCommits: false,
      reason: it.reason,
      _links: { self: { href: this.urls.to(`${repo.projectId}/_apis/git/repositories/${repo.id}/pullRequests/${pr.pullRequestId}/iterations/${it.id}`) } },
    };
  }

  status(s: StatusRecord): Json {
    return {
      id: s.id, state: s.state, description: s.description, context: s.context, targetUrl: s.targetUrl,
      iterationId: s.iterationId, properties: s.properties, createdBy: this.identityRef(s.createdBy),
      creationDate: s.creationDate, updatedDate: s.updatedDate,
    };
  }

  comment(pr: PullRequestRecord, thread: ThreadRecord, c: CommentRecord): Json {
    const repo = this.store.repositoryById(pr.repositoryId);
    const self = this.urls.to(
      `${repo.projectId}/_apis/git/repositories/${repo.id}/pullRequests/${pr.pullRequestId}/threads/${thread.id}/comments/${c.id}`,
    );
    return {
      id: c.id, parentCommentId: c.parentCommentId, author: this.identityRef(c.author), content: c.content,
      publishedDate: c.publishedDate, lastUpdatedDate: c.lastUpdatedDate, lastContentUpdatedDate: c.lastContentUpdatedDate,
      isDeleted: c.isDeleted || undefined, commentType: c.commentType, usersLiked: [],
      _links: { self: { href: self } },
    };
  }

  thread(pr: PullRequestRecord, t: ThreadRecord): Json {
    const repo = this.store.repositoryById(pr.repositoryId);
    return {
      id: t.id, publishedDate: t.publishedDate, lastUpdatedDate: t.lastUpdatedDate,
      comments: t.comments.map((c) => this.comment(pr, t, c)),
      status: t.status, threadContext: t.threadContext, pullRequestThreadContext: t.pullRequestThreadContext,
      properties: t.properties, isDeleted: t.isDeleted,
      _links: {
        self: { href: this.urls.to(`${repo.projectId}/_apis/git/repositories/${repo.id}/pullRequests/${pr.pullRequestId}/threads/${t.id}`) },
      },
    };
  }

  build(b: BuildRecord): Json {
    const project = this.store.project(b.projectId);
    const repo = this.store.repositoryById(b.repositoryId);
    const self = this.urls.to(`${project.id}/_apis/build/Builds/${b.id}`);
    const web = `${this.origin}/${enc(this.org)}/${enc(project.name)}/_build/results?buildId=${b.id}`;
    return {
      _links: { self: { href: self }, web: { href: web }, sourceVersionDisplayUri: { href: this.urls.to(`${project.id}/_apis/build/builds/${b.id}/sources`) } },
      id: b.id,
      buildNumber: b.buildNumber,
      status: b.status,
      result: b.result,
      queueTime: b.queueTime,
      startTime: b.startTime,
      finishTime: b.finishTime,
      url: self,
      definition: {
        id: b.definition.id, name: b.definition.name, path: b.definition.path, type: 'build', queueStatus: 'enabled', revision: 1,
        url: this.urls.to(`${project.id}/_apis/build/Definitions/${b.definition.id}`), project: this.projectRef(project),
      },
      buildNumberRevision: 1,
      project: this.projectRef(project),
      uri: `vstfs:///Build/Build/${b.id}`,
      sourceBranch: b.sourceBranch,
      sourceVersion: b.sourceVersion,
      queue: { id: 1, name: 'Azure Pipelines', pool: { id: 1, name: 'Azure Pipelines', isHosted: true } },
      priority: 'normal',
      reason: b.reason,
      requestedFor: this.identityRef(b.requestedFor),
      requestedBy: this.identityRef(b.requestedBy),
      lastChangedDate: b.finishTime ?? b.startTime ?? b.queueTime,
      lastChangedBy: this.identityRef(b.requestedBy),
      logs: { id: 0, type: 'Container', url: this.urls.to(`${project.id}/_apis/build/builds/${b.id}/logs`) },
      repository: { id: repo.id, type: 'TfsGit', name: repo.name, url: this.repository(repo).remoteUrl, checkoutSubmodules: false },
      triggerInfo: b.triggerInfo ?? {},
      tags: b.tags,
      retainedByRelease: false,
      properties: {},
    };
  }

  artifact(b: BuildRecord, a: ArtifactRecord): Json {
    const base = this.urls.to(`${b.projectId}/_apis/build/builds/${b.id}/artifacts?artifactName=${encodeURIComponent(a.name)}&api-version=7.1`);
    return {
      id: a.id,
      name: a.name,
      source: a.source,
      resource: {
        type: a.resource.type, data: a.resource.data, properties: a.resource.properties,
        url: base, downloadUrl: `${base}&%24format=zip`,
      },
    };
  }

  containerItem(c: ContainerRecord, item: ContainerItemRecord): Json {
    return {
      containerId: c.id,
      scopeIdentifier: c.scopeIdentifier,
      path: item.path,
      itemType: item.itemType,
      status: 'created',
      fileLength: item.itemType === 'file' ? item.fileLength : undefined,
      fileEncoding: item.itemType === 'file' ? 1 : undefined,
      fileType: item.itemType === 'file' ? 1 : undefined,
      dateCreated: item.dateCreated,
      dateLastModified: item.dateLastModified,
      createdBy: item.createdBy,
      lastModifiedBy: item.createdBy,
      contentLocation: item.itemType === 'file'
        ? this.urls.to(`_apis/resources/Containers/${c.id}?itemPath=${encodeURIComponent(item.path)}`)
        : undefined,
      itemLocation: this.urls.to(`_apis/resources/Containers/${c.id}?itemPath=${encodeURIComponent(item.path)}&metadata=True`),
    };
  }
}

function enc(s: string): string {
  return encodeURIComponent(s);
}
