import { spawnSync } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import { relative, sep } from 'node:path';
import type { IGitApi } from 'azure-devops-node-api/GitApi';
import { GitVersionType, VersionControlChangeType } from 'azure-devops-node-api/interfaces/GitInterfaces';
import { chooseIteration, type BuildCommits, type IterationChoice } from '../pr/prIteration';

/** A file the pull request touched, with paths relative to the scan root. */
export interface ChangedFile {
  path: string;
  /** Where the file was at the merge base (differs for renames). */
  basePath?: string;
  change: 'add' | 'edit' | 'rename' | 'delete';
}

export interface PrChanges {
  source: 'git' | 'rest';
  /** Commit the PR is compared against (the target side of the merge). */
  baseCommit: string;
  files: ChangedFile[];
  /** Reads a file (repository-relative to the scan root) as it was at the base; null if absent. */
  readBase(basePath: string): Promise<Buffer | null>;
  /** Why git was not used, for the log. */
  note?: string;
}

const MAX_BASE_FILE = 8 * 1024 * 1024;

function git(cwd: string, args: string[], maxBuffer = 64 * 1024 * 1024): { ok: boolean; out: Buffer; err: string } {
  const r = spawnSync('git', args, { cwd, maxBuffer, windowsHide: true });
  return { ok: r.status === 0, out: r.stdout ?? Buffer.alloc(0), err: (r.stderr ?? Buffer.alloc(0)).toString().trim() };
}

const toPosix = (p: string) => p.split(sep).join('/');

/** Maps a repository-relative path to the scan root, or null when outside it. */
function underRoot(repoPath: string, rootPrefix: string): string | null {
  const p = repoPath.replace(/^\/+/, '');
  if (!rootPrefix) return p;
  return p.startsWith(rootPrefix + '/') ? p.slice(rootPrefix.length + 1) : null;
}

/**
 * Changes from the local clone: a PR build checks out the merge commit, whose first parent is
 * the target branch. Returns a reason string when the clone cannot answer (shallow, no git).
 */
export function changesFromGit(root: string, targetBranch: string | undefined): PrChanges | string {
  const top = git(root, ['rev-parse', '--show-toplevel']);
  if (!top.ok) return 'the scanned folder is not a git work tree';
  const repoRoot = top.out.toString().trim();
  const rootPrefix = toPosix(relative(repoRoot, root));
  const parents = git(root, ['rev-list', '--parents', '-n', '1', 'HEAD']);
  if (!parents.ok) return `git could not read HEAD (${parents.err})`;
  const ids = parents.out.toString().trim().split(/\s+/);
  let base: string | undefined;
  if (ids.length >= 3) base = ids[1];
  else if (targetBranch) {
    const short = targetBranch.replace(/^refs\/heads\//, '');
    const mb = git(root, ['merge-base', 'HEAD', `refs/remotes/origin/${short}`]);
    if (mb.ok) base = mb.out.toString().trim();
  }
  if (!base) return 'the merge base is not in the clone (shallow fetch or missing target branch)';
  if (!git(root, ['cat-file', '-e', `${base}^{commit}`]).ok) return 'the merge base commit is not in the clone (shallow fetch)';
  const diff = git(root, ['diff', '--name-status', '-M', '-z', base, 'HEAD', '--', '.']);
  if (!diff.ok) return `git diff failed (${diff.err})`;
  const parts = diff.out.toString('utf8').split('\0').filter((x) => x !== '');
  const files: ChangedFile[] = [];
  for (let i = 0; i < parts.length; ) {
    const status = parts[i++];
    if (status.startsWith('R') || status.startsWith('C')) {
      const from = underRoot(parts[i++], rootPrefix);
      const to = underRoot(parts[i++], rootPrefix);
      if (to) files.push({ path: to, basePath: status.startsWith('R') ? from ?? undefined : undefined, change: status.startsWith('R') && from ? 'rename' : 'add' });
      continue;
    }
    const p = underRoot(parts[i++], rootPrefix);
    if (!p) continue;
    if (status === 'A') files.push({ path: p, change: 'add' });
    else if (status === 'D') files.push({ path: p, change: 'delete' });
    else files.push({ path: p, basePath: p, change: 'edit' });
  }
  const baseCommit = base;
  return {
    source: 'git',
    baseCommit,
    files,
    async readBase(basePath: string) {
      const full = rootPrefix ? `${rootPrefix}/${basePath}` : basePath;
      const r = git(repoRoot, ['show', `${baseCommit}:${full}`], MAX_BASE_FILE + 1024);
      return r.ok ? r.out : null;
    },
  };
}

export interface RestPrRef {
  git: IGitApi;
  project: string;
  repositoryId: string;
  pullRequestId: number;
  /** Scan root relative to the repository root, `/`-separated ('' when the same). */
  rootPrefix: string;
}

/**
 * The PR, the iteration this build scanned (prIteration.ts) and the latest one. When no
 * iteration matches the build's commit, `iterationId` is undefined and `latestIterationId`
 * still names the newest, for the changes API.
 */
export async function prIterationInfo(ref: RestPrRef, build: Omit<BuildCommits, 'parents'> = {}): Promise<{ iterationId?: number; latestIterationId: number; how: IterationChoice['how']; baseCommit?: string; targetBranch?: string; authorId?: string }> {
  const [pr, iterations] = await Promise.all([
    ref.git.getPullRequest(ref.repositoryId, ref.pullRequestId, ref.project),
    ref.git.getPullRequestIterations(ref.repositoryId, ref.pullRequestId, ref.project),
  ]);
  if (!pr) throw new Error(`pull request ${ref.pullRequestId} was not found in repository ${ref.repositoryId}`);
  const parents = async () => {
    if (!build.sourceVersion) return undefined;
    const commit = await ref.git.getCommit(build.sourceVersion, ref.repositoryId, ref.project);
    return commit?.parents;
  };
  const choice = await chooseIteration(iterations ?? [], { ...build, parents });
  return { ...choice, baseCommit: pr.lastMergeTargetCommit?.commitId, targetBranch: pr.targetRefName, authorId: pr.createdBy?.id };
}

/** Changes from the PR iteration changes API, for shallow clones; paged with $top/$skip. */
export async function changesFromRest(ref: RestPrRef, iterationId: number, baseCommit: string, note: string): Promise<PrChanges> {
  const files: ChangedFile[] = [];
  const top = 2000;
  for (let skip = 0, page = 0; page < 100; page++) {
    const res = await ref.git.getPullRequestIterationChanges(ref.repositoryId, ref.pullRequestId, iterationId, ref.project, top, skip);
    for (const e of res?.changeEntries ?? []) {
      const repoPath = e.item?.path;
      if (!repoPath || e.item?.isFolder) continue;
      const p = underRoot(repoPath, ref.rootPrefix);
      if (!p) continue;
      const t = e.changeType ?? 0;
      const from = e.originalPath ?? e.sourceServerItem;
      if (t & VersionControlChangeType.Delete) files.push({ path: p, change: 'delete' });
      else if (t & VersionControlChangeType.Rename && from) files.push({ path: p, basePath: underRoot(from, ref.rootPrefix) ?? undefined, change: 'rename' });
      else if (t & VersionControlChangeType.Add) files.push({ path: p, change: 'add' });
      else files.push({ path: p, basePath: p, change: 'edit' });
    }
    const next = res?.nextSkip ?? 0;
    if (!next || (res?.changeEntries?.length ?? 0) === 0) break;
    skip = next;
  }
  return {
    source: 'rest',
    baseCommit,
    files,
    note,
    async readBase(basePath: string) {
      const repoPath = '/' + (ref.rootPrefix ? `${ref.rootPrefix}/${basePath}` : basePath);
      try {
        const stream = await ref.git.getItemContent(ref.repositoryId, repoPath, ref.project, undefined, undefined, undefined, undefined, true, {
          version: baseCommit,
          versionType: GitVersionType.Commit,
        });
        return await readAll(stream);
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 404) return null;
        throw e;
      }
    },
  };
}

/**
 * The body of an items API response. getItemContent resolves with the response itself (an
 * IncomingMessage) whatever its status, so errors are recognised here: 404 means the file is
 * absent at that commit, any other failure must not be mistaken for file content.
 */
async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer | null> {
  const status = (stream as Partial<IncomingMessage>).statusCode;
  const chunks: Buffer[] = [];
  let size = 0;
  let tooBig = false;
  for await (const c of stream) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(c as string);
    size += b.length;
    // Drain the rest so the connection can be reused, but keep nothing.
    if (size > MAX_BASE_FILE) tooBig = true;
    else chunks.push(b);
  }
  if (status === 404) return null;
  if (status !== undefined && (status < 200 || status >= 300)) {
    throw Object.assign(new Error(`items API answered HTTP ${status}: ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`), { statusCode: status });
  }
  return tooBig ? null : Buffer.concat(chunks);
}
