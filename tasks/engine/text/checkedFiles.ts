import { sep } from 'node:path';

/** A file under a checked folder: its path from that folder (`/`-separated), size and time. */
export interface CheckedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** Folders whose files a freshness check of this thread found as a build recorded them. */
const checkedTrees = new Map<string, { files: readonly CheckedFile[]; folders: readonly { path: string }[] }>();

/**
 * Records that `root`'s `files` (every one of a kind, say YAML) and `folders` (`root` itself as
 * '') were found as recorded, times included, by a check that stat'ed them all, so that another
 * check of some of them at the same start need not stat them again (see checkedFilesIn).
 */
export function rememberCheckedTree(root: string, files: readonly CheckedFile[], folders: readonly { path: string }[]): void {
  checkedTrees.set(root, { files, folders });
}

/**
 * The files directly in `dir` (names, sizes, times), sorted by name, as a check of this thread
 * found them (see rememberCheckedTree); undefined when no check covered `dir`. Only a folder the
 * check saw: its time was as recorded, so no file came or went.
 */
export function checkedFilesIn(dir: string): { name: string; size: number; mtimeMs: number }[] | undefined {
  for (const [root, tree] of checkedTrees) {
    if (!dir.startsWith(root + sep)) continue;
    const rel = dir.slice(root.length + 1).split(sep).join('/');
    if (!tree.folders.some((d) => d.path === rel)) continue;
    const files: { name: string; size: number; mtimeMs: number }[] = [];
    for (const f of tree.files) {
      if (f.path.length > rel.length + 1 && f.path.startsWith(rel) && f.path[rel.length] === '/' && !f.path.includes('/', rel.length + 1)) files.push({ name: f.path.slice(rel.length + 1), size: f.size, mtimeMs: f.mtimeMs });
    }
    return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  return undefined;
}
