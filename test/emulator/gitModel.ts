/**
 * A small Git object model: commits are full snapshots (path -> blob id), blob ids are real Git
 * blob hashes, so everything the REST API derives from history (iteration changes, diffs,
 * merge bases, the PR merge commit, items at a version) is computed, not hand-written.
 */
import { createHash } from 'node:crypto';

export interface GitUserDate {
  name: string;
  email: string;
  date: string;
}

export interface CommitRecord {
  commitId: string;
  parents: string[];
  author: GitUserDate;
  committer: GitUserDate;
  comment: string;
  /** Every file of the commit: path (leading slash) -> blob object id. */
  tree: Record<string, string>;
}

export type ChangeType = 'add' | 'edit' | 'delete' | 'rename';

export interface TreeChange {
  changeType: ChangeType;
  path: string;
  /** Source path of a rename. */
  originalPath?: string;
  objectId?: string;
  originalObjectId?: string;
}

/** The id Git gives a blob with this content. */
export function blobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** A stable commit id derived from the commit's content (not Git's exact encoding, same properties). */
export function commitId(c: Omit<CommitRecord, 'commitId'>): string {
  const tree = Object.keys(c.tree).sort().map((p) => `${c.tree[p]} ${p}`).join('\n');
  const text = [
    `tree ${createHash('sha1').update(tree).digest('hex')}`,
    ...c.parents.map((p) => `parent ${p}`),
    `author ${c.author.name} <${c.author.email}> ${c.author.date}`,
    `committer ${c.committer.name} <${c.committer.email}> ${c.committer.date}`,
    '',
    c.comment,
  ].join('\n');
  return createHash('sha1').update(`commit ${Buffer.byteLength(text)}\0${text}`).digest('hex');
}

export function normalisePath(path: string): string {
  const p = `/${path.replace(/\\/g, '/')}`.replace(/\/+/g, '/');
  return p.length > 1 ? p.replace(/\/$/, '') : p;
}

/**
 * Changes that turn `base` into `target`. A deleted and an added path with the same content
 * are a rename, like Git's rename detection at 100% similarity.
 */
export function diffTrees(base: Record<string, string>, target: Record<string, string>): TreeChange[] {
  const changes: TreeChange[] = [];
  const added: string[] = [];
  const deleted: string[] = [];
  for (const path of Object.keys(target)) {
    if (!(path in base)) added.push(path);
    else if (base[path] !== target[path]) {
      changes.push({ changeType: 'edit', path, objectId: target[path], originalObjectId: base[path] });
    }
  }
  for (const path of Object.keys(base)) if (!(path in target)) deleted.push(path);
  for (const path of added) {
    const source = deleted.find((d) => base[d] === target[path]);
    if (source) {
      deleted.splice(deleted.indexOf(source), 1);
      changes.push({ changeType: 'rename', path, originalPath: source, objectId: target[path], originalObjectId: base[source] });
    } else {
      changes.push({ changeType: 'add', path, objectId: target[path] });
    }
  }
  for (const path of deleted) changes.push({ changeType: 'delete', path, originalObjectId: base[path] });
  return changes.sort((a, b) => a.path.localeCompare(b.path));
}

/** Ancestors of a commit, itself included, nearest first. */
export function ancestors(commits: Record<string, CommitRecord>, start: string): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length) {
    const id = queue.shift() as string;
    if (seen.has(id) || !commits[id]) continue;
    seen.add(id);
    order.push(id);
    queue.push(...commits[id].parents);
  }
  return order;
}

/** The best common ancestor of two commits (first common one in breadth-first order). */
export function mergeBase(commits: Record<string, CommitRecord>, a: string, b: string): string | undefined {
  const ofB = new Set(ancestors(commits, b));
  return ancestors(commits, a).find((id) => ofB.has(id));
}

/**
 * The tree of merging `source` into `target` from their merge base, file by file: a side that
 * changed a file wins; when both changed it, the source wins (the emulator models no conflicts).
 */
export function mergeTrees(
  base: Record<string, string>,
  target: Record<string, string>,
  source: Record<string, string>,
): Record<string, string> {
  const merged: Record<string, string> = { ...target };
  for (const path of new Set([...Object.keys(base), ...Object.keys(source)])) {
    if (base[path] === source[path]) continue;
    if (source[path] === undefined) delete merged[path];
    else merged[path] = source[path];
  }
  return merged;
}

export interface TreeEntry {
  path: string;
  isFolder: boolean;
  objectId?: string;
}

/**
 * Items under `scope` in a tree: the item itself (`none`), its children (`oneLevel`) or all
 * descendants (`full`). Folders are implied by file paths, like in Git.
 */
export function listTree(tree: Record<string, string>, scope: string, recursion: 'none' | 'oneLevel' | 'full'): TreeEntry[] | undefined {
  const root = normalisePath(scope);
  if (tree[root]) return [{ path: root, isFolder: false, objectId: tree[root] }];
  const prefix = root === '/' ? '/' : `${root}/`;
  const below = Object.keys(tree).filter((p) => p.startsWith(prefix));
  if (!below.length && root !== '/') return undefined;
  const entries = new Map<string, TreeEntry>([[root, { path: root, isFolder: true }]]);
  if (recursion === 'none') return [...entries.values()];
  for (const file of below) {
    const rest = file.slice(prefix.length).split('/');
    const depth = recursion === 'oneLevel' ? 1 : rest.length;
    for (let i = 1; i <= Math.min(depth, rest.length); i++) {
      const path = prefix + rest.slice(0, i).join('/');
      const isFile = i === rest.length;
      if (!entries.has(path)) entries.set(path, isFile ? { path, isFolder: false, objectId: tree[file] } : { path, isFolder: true });
    }
  }
  return [...entries.values()].sort((a, b) => a.path.localeCompare(b.path));
}
