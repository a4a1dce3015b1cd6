import { lstatSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { MAX_TEXT_BYTES, readBounded, readSmallText } from '../text/fileRead';

/**
 * The files git tracks under a scanned folder, read from the work tree's index. A .gitignore
 * pattern only keeps untracked files out of git: a file committed before its name was added to
 * .gitignore (a `.env`, a `privkey.pem` "removed" that way) is still in the repository and in
 * every checkout of it, so the walk scans a tracked file whatever .gitignore says.
 *
 * The index format (git's Documentation/gitformat-index.txt): a `DIRC` header with the version
 * (2, 3 or 4) and the number of entries, then the entries sorted by path. Versions 2 and 3 write
 * each path whole and pad the entry to a multiple of 8 bytes; version 4 (`feature.manyFiles`)
 * writes how much of the previous path to drop and the rest. The object ids are 20 bytes in a
 * SHA-1 repository and 32 in a SHA-256 one; the layout that reads every entry consistently wins.
 */
export interface TrackedPaths {
  /** Whether git tracks the file at `rel` (relative to the scanned folder, `/`-separated). */
  hasFile(rel: string): boolean;
  /** Whether git tracks a file somewhere under the folder `rel`. */
  hasUnder(rel: string): boolean;
}

/** Why the tracked files are not known: no repository (a plain folder), or an index not read. */
export type TrackedLookup = { tracked: TrackedPaths } | { none: 'no-repository' } | { none: 'unreadable'; detail: string };

/** Folders looked at above the scanned one for the work tree's `.git`. */
const MAX_LEVELS_UP = 64;

/** A git work tree: its top folder and its git directory (`.git`, or where a `.git` file points). */
export interface WorkTree {
  top: string;
  gitDir: string;
}

/** The tracked files under `root` (an absolute, real path), from the index of the work tree holding it. */
export function trackedUnder(root: string, found: WorkTree | undefined = findWorkTree(root)): TrackedLookup {
  if (!found) return { none: 'no-repository' };
  const indexFile = join(found.gitDir, 'index');
  // Read as any scanned file is (never blocking on a special file; at most MAX_TEXT_BYTES: a
  // million-file monorepo's index is ~100 MB).
  const read = readBounded(indexFile, MAX_TEXT_BYTES);
  if ('skip' in read) {
    // A repository without an index has nothing staged or checked out: nothing is tracked.
    if (read.skip.detail === 'ENOENT') return { tracked: fromPaths([], '') };
    return { none: 'unreadable', detail: `${indexFile}: ${read.skip.detail ?? read.skip.reason}` };
  }
  const paths = parseIndex(read.bytes);
  if (typeof paths === 'string') return { none: 'unreadable', detail: `${indexFile}: ${paths}` };
  const prefix = toPosix(relative(found.top, root));
  return { tracked: fromPaths(paths, prefix === '' ? '' : `${prefix}/`) };
}

/**
 * The work tree that holds `root` (an absolute, real path): the nearest folder at or above it
 * with a `.git` folder, or a `.git` file that names the git directory (a linked work tree, a
 * submodule). `.gitignore` files mean something only there, as to git itself.
 */
export function findWorkTree(root: string): WorkTree | undefined {
  let dir = root;
  for (let i = 0; i < MAX_LEVELS_UP; i++) {
    const dotGit = join(dir, '.git');
    let st;
    try {
      st = lstatSync(dotGit);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) return { top: dir, gitDir: dotGit };
    if (st?.isFile()) {
      // A linked work tree or a submodule: `gitdir: <path>`, relative to the folder holding the file.
      // Read as the walk reads .gitignore files: a `.git` that cannot be read is no work tree found.
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readSmallText(dotGit, 4096) ?? '');
      if (m) return { top: dir, gitDir: isAbsolute(m[1]) ? m[1] : resolve(dir, m[1]) };
      return undefined;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

/** Every path in an index (stages of a conflict once each), or what is wrong with it. */
export function parseIndex(bytes: Uint8Array): string[] | string {
  if (bytes.length < 12 || bytes[0] !== 0x44 || bytes[1] !== 0x49 || bytes[2] !== 0x52 || bytes[3] !== 0x43) return 'not a git index (no DIRC signature)';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4);
  const count = view.getUint32(8);
  if (version < 2 || version > 4) return `index version ${version} is not one Palisade reads (2, 3 or 4)`;
  const sha1 = entries(bytes, view, version, count, 20);
  if (sha1) return sha1;
  const sha256 = entries(bytes, view, version, count, 32);
  return sha256 ?? `its ${count} entries do not read as an index of version ${version}`;
}

/** The fixed part of an entry before its object id: ten 32-bit fields (times, device, inode, mode, ids, size). */
const STAT_BYTES = 40;

/** The entries read with `hashBytes`-byte object ids, or undefined when they do not read consistently. */
function entries(bytes: Uint8Array, view: DataView, version: number, count: number, hashBytes: number): string[] | undefined {
  const out: string[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let at = 12;
  let previous: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < count; i++) {
    const flagsAt = at + STAT_BYTES + hashBytes;
    if (flagsAt + 2 > bytes.length) return undefined;
    const flags = view.getUint16(flagsAt);
    let nameAt = flagsAt + 2;
    // Extended flags (skip-worktree, intent-to-add) exist from version 3 on.
    if (flags & 0x4000) {
      if (version < 3) return undefined;
      nameAt += 2;
    }
    const declared = flags & 0x0fff;
    let name: Uint8Array;
    if (version === 4) {
      // How many bytes of the previous path to drop: git's offset varint (7 bits a byte, +1 per continuation).
      let p = nameAt;
      if (p >= bytes.length) return undefined;
      let b = bytes[p++];
      let drop = b & 0x7f;
      while (b & 0x80) {
        if (p >= bytes.length || drop > previous.length) return undefined;
        b = bytes[p++];
        drop = ((drop + 1) << 7) | (b & 0x7f);
      }
      if (drop > previous.length) return undefined;
      const end = bytes.indexOf(0, p);
      if (end < 0) return undefined;
      name = new Uint8Array(previous.length - drop + (end - p));
      name.set(previous.subarray(0, previous.length - drop), 0);
      name.set(bytes.subarray(p, end), previous.length - drop);
      at = end + 1;
    } else {
      const end = bytes.indexOf(0, nameAt);
      if (end < 0) return undefined;
      name = bytes.subarray(nameAt, end);
      // Padded with 1 to 8 NULs to a multiple of 8 bytes from the entry's start.
      const entryStart = at;
      at = entryStart + ((nameAt - entryStart + name.length + 8) & ~7);
      if (at > bytes.length) return undefined;
      for (let p = end; p < at; p++) if (bytes[p] !== 0) return undefined;
    }
    // The name's length as the flags give it (0xFFF: that long or longer).
    if (name.length === 0 || (declared < 0xfff ? name.length !== declared : name.length < 0xfff)) return undefined;
    previous = name;
    out.push(decoder.decode(name));
  }
  return out;
}

/** The lookups over `paths` (relative to the work tree's top) for the folder at `prefix` (`/`-terminated, or ''). */
function fromPaths(paths: readonly string[], prefix: string): TrackedPaths {
  const files = new Set<string>();
  const dirs = new Set<string>();
  for (const p of paths) {
    if (!p.startsWith(prefix)) continue;
    // A sparse index lists a folder outside the sparse cone as one entry ending in `/`.
    const rel = p.slice(prefix.length);
    const isDir = rel.endsWith('/');
    const file = isDir ? rel.slice(0, -1) : rel;
    if (!isDir) files.add(file);
    else dirs.add(file);
    for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) {
      const dir = file.slice(0, slash);
      if (dirs.has(dir)) break;
      dirs.add(dir);
    }
  }
  return {
    hasFile: (rel) => files.has(rel),
    hasUnder: (rel) => dirs.has(rel),
  };
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
