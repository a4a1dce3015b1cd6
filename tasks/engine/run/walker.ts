import { lstatSync, readdirSync, realpathSync, statSync, type BigIntStats, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { SkippedPath } from '../../contract/findings';
import { effectiveLimit, readSmallText, specialKind, tooLargeDetail, VirtualFsProbe } from '../text/fileRead';
import { findWorkTree, trackedUnder, type TrackedLookup } from './gitIndex';

export interface WalkOptions {
  root: string;
  /** gitignore-syntax patterns relative to the root (from config, CLI or task input). */
  excludes?: readonly string[];
  /** Files larger than this many bytes are skipped. */
  maxFileSize: number;
  /** Honour .gitignore files inside a git work tree (default true; see walk). */
  gitignore?: boolean;
  /**
   * Whether regular files are stat'ed here (default true): their size is then known and the
   * size cap applied by the walk. A scan passes false: the listing already says which entries
   * are regular files, and the read takes the size (and checks the cap and the device) on the
   * open file, which it examines anyway, so a file costs one stat instead of two.
   */
  statFiles?: boolean;
}

export interface WalkedFile {
  /** Relative to the root, `/`-separated. */
  path: string;
  /** A walk's files make it when asked (see listedFileClass); a copy for another thread holds it (plainFile). */
  readonly abs: string;
  /** Bytes, when the walk stat'ed the file (see WalkOptions.statFiles). */
  size?: number;
  /**
   * When the walk did not stat the file: the device of the folder it is listed in. A file on
   * another device is a mount of its own, checked at the read like any folder on another
   * device is checked by the walk (it may be a kernel file system's).
   */
  dev?: number;
}

export interface WalkResult {
  files: WalkedFile[];
  skipped: SkippedPath[];
  /**
   * The exclude patterns (as given in WalkOptions.excludes, once each) that excluded no path the
   * walk met and can have matched none inside a folder it did not enter (see unmatchedExcludes).
   * Set by a walk of the tree, not by selectFiles: a list of files says nothing of a pattern.
   */
  unmatchedExcludes?: string[];
  /**
   * Set when .gitignore matched something in a git work tree whose index could not be read (what
   * is wrong with it): gitignored files were then skipped without knowing whether git tracks them.
   */
  gitIndexUnread?: string;
}

interface IgnoreLevel {
  /** Directory of the .gitignore relative to the root ('' for the root), `/`-terminated. */
  base: string;
  ig: Ignore;
}

/**
 * BigInt stats: the plain ones build four Date objects per entry, a good part of a large walk's
 * cost; sizes, devices and inodes are read as BigInts and sizes turned into numbers.
 */
const BIG = { bigint: true } as const;

const toPosix = sep === '/' ? (p: string) => p : (p: string) => p.split(sep).join('/');

export function compileExcludes(patterns: readonly string[]): Ignore {
  // Each rule is marked with its pattern's index, for a walk to tell which one excluded a path.
  // A rule given so is one line; a pattern with line breaks in it is several, as a string is.
  return ignore({ allowRelativePaths: true }).add(
    patterns.flatMap((p, i) => p.split(/\r?\n/).map((line) => ({ pattern: withoutDotSlash(line.trim()), mark: String(i) }))).filter((p) => p.pattern.length > 0),
  );
}

/**
 * `./dist` as a shell or an editor writes it: gitignore syntax matches nothing with a leading
 * `./`, so such a pattern (in `.palisade.yml`'s excludes, the task's input or the CLI) excluded
 * nothing without a word. It means the path from the root.
 */
function withoutDotSlash(p: string): string {
  const bang = p.startsWith('!') ? '!' : '';
  let body = p.slice(bang.length);
  if (!body.startsWith('./')) return p;
  while (body.startsWith('./')) body = body.slice(2).replace(/^\/+/, '');
  return body === '' ? '' : bang + body;
}

export const NOT_UTF8_NAME = 'its name is not valid UTF-8, so it cannot be opened by name here; rename it (e.g. with convmv) to scan it';

function notThere(abs: string, work: WalkWork): boolean {
  work.fsCalls++;
  try {
    lstatSync(abs);
    return false;
  } catch {
    return true;
  }
}

/** What a walk did, for tests that check it stays proportional to the tree (no wall-clock timing). */
export interface WalkWork {
  /** Directories listed. */
  dirs: number;
  /** File-system calls made (open, stat, lstat, realpath, readdir, statfs). */
  fsCalls: number;
}

interface Frame {
  abs: string;
  rel: string;
  /** The folder's device, and as a number (for files listed without a stat). */
  dev: bigint;
  devNumber: number;
  entries?: Dirent[];
  next: number;
  pushedLevel: boolean;
  /** Reached through a symbolic link (the folder or one above it): its real path is not root + rel. */
  viaLink: boolean;
}

/**
 * Lists the files to scan under `root`. Skips and reports: `.git`, gitignored paths git does
 * not track and excluded paths (a directory once, not each file in it), oversized files, special
 * files (FIFOs, sockets, devices, anything on /proc or /sys), and symbolic links that leave the
 * root, loop, or point at something already listed.
 *
 * The walk keeps its own stack (a tree thousands of levels deep must not overflow the call
 * stack) and knows directories by device and inode, so its cost grows with the number of
 * entries, not with their depth.
 */
export function walk(opts: WalkOptions, work: WalkWork = { dirs: 0, fsCalls: 0 }): WalkResult {
  const rootReal = realpathSync(opts.root);
  const excludes = compileExcludes(opts.excludes ?? []);
  // Without patterns nothing is excluded: the matcher's per-path work is skipped.
  const anyExcludes = (opts.excludes ?? []).some((p) => p.trim().length > 0);
  // .gitignore files speak to git: they apply inside a work tree (as ripgrep has them by default).
  // A folder outside one (an archive of a repository, a copy of its files) holds only what was
  // committed, ignored names or not, and is scanned whole.
  const workTree = opts.gitignore !== false ? findWorkTree(rootReal) : undefined;
  const useGitignore = workTree !== undefined;
  if (opts.gitignore !== false) work.fsCalls++;
  const files: WalkedFile[] = [];
  const skipped: SkippedPath[] = [];
  // Which patterns excluded something, counted as the walk goes (no second walk): the pattern
  // that decided each excluded path, the excluded paths themselves (for patterns that matched
  // one another pattern decided), and the folders not entered (what a pattern may have meant
  // inside them is not known). Kept only with patterns, and then only for what is skipped.
  const decided = new Set<string>();
  const excludedProbes: string[] = [];
  const closedDirs: string[] = [];
  const isExcluded = (probe: string): boolean => {
    const verdict = excludes.test(probe);
    if (!verdict.ignored) {
      // Kept by a negation (`src/*.go`, then `!src/main.go`): what the patterns before it matched
      // is judged as if they had excluded it, or `src/*.go` would read as a pattern gone wrong.
      if (verdict.unignored) excludedProbes.push(probe);
      return false;
    }
    const mark = verdict.rule?.mark;
    if (mark !== undefined) decided.add(mark);
    excludedProbes.push(probe);
    if (probe.endsWith('/')) closedDirs.push(probe);
    return true;
  };
  const closed = (rel: string): void => {
    if (anyExcludes) closedDirs.push(`${rel}/`);
  };
  const virtual = new VirtualFsProbe();
  const ListedFile = listedFileClass(opts.root);
  let followedLink = false;
  /** Files reached through a symbolic link: the only ones whose real path has to be asked for. */
  const linked = new Set<WalkedFile>();
  const limit = effectiveLimit(opts.maxFileSize);
  const statFiles = opts.statFiles !== false;

  work.fsCalls += 2;
  const rootSt = statSync(opts.root, BIG);
  const rootFs = virtual.check(rootReal, Number(rootSt.dev));
  if (rootFs) {
    skipped.push({ path: '.', reason: 'special-file', detail: `${rootReal} is on ${rootFs}, a kernel file system whose files are not source code` });
    return { files, skipped };
  }
  const seenDirs = new Set<string>([dirKey(rootSt, rootReal)]);

  const levels: IgnoreLevel[] = [];
  if (useGitignore) {
    work.fsCalls++;
    const info = readSmallText(join(opts.root, '.git', 'info', 'exclude'));
    if (info) levels.push({ base: '', ig: ignore().add(info) });
  }

  // What git tracks under the root, read from the index the first time .gitignore matches
  // something: a tracked file is in the repository whatever .gitignore says (see gitIndex.ts).
  let tracked: TrackedLookup | undefined;
  /** What is wrong with an index that could not be read (then nothing counts as tracked). */
  let indexUnread: string | undefined;
  const isTracked = (rel: string, isDir: boolean): boolean => {
    if (!tracked) {
      work.fsCalls++;
      tracked = trackedUnder(rootReal, workTree);
      if ('none' in tracked && tracked.none === 'unreadable') indexUnread = tracked.detail;
    }
    return 'tracked' in tracked && (isDir ? tracked.tracked.hasUnder(rel) : tracked.tracked.hasFile(rel));
  };
  const isIgnored = (rel: string, isDir: boolean): boolean => {
    let ignored = false;
    const probe = isDir ? `${rel}/` : rel;
    for (const lvl of levels) {
      if (!probe.startsWith(lvl.base)) continue;
      const r = lvl.ig.test(probe.slice(lvl.base.length));
      if (r.ignored) ignored = true;
      else if (r.unignored) ignored = false;
    }
    return ignored && !isTracked(rel, isDir);
  };

  const stack: Frame[] = [{ abs: opts.root, rel: '', dev: rootSt.dev, devNumber: Number(rootSt.dev), next: 0, pushedLevel: false, viaLink: false }];
  while (stack.length) {
    const frame = stack[stack.length - 1];
    if (!frame.entries) {
      work.dirs++;
      work.fsCalls++;
      try {
        frame.entries = readdirSync(frame.abs, { withFileTypes: true }).sort(byName);
      } catch (e) {
        skipped.push({ path: frame.rel || '.', reason: 'unreadable', detail: (e as NodeJS.ErrnoException).code });
        if (frame.rel) closed(frame.rel);
        stack.pop();
        continue;
      }
      if (useGitignore && frame.entries.some((e) => e.name === '.gitignore')) {
        work.fsCalls++;
        const gi = readSmallText(join(frame.abs, '.gitignore'));
        if (gi !== undefined) {
          levels.push({ base: frame.rel ? `${frame.rel}/` : '', ig: ignore().add(gi) });
          frame.pushedLevel = true;
        }
      }
    }
    if (frame.next >= frame.entries.length) {
      if (frame.pushedLevel) levels.pop();
      stack.pop();
      continue;
    }
    const entry = frame.entries[frame.next++];
    const name = entry.name;
    // Flat (Array#join): a concatenation would be flattened into a second copy on its first use
    // and kept beside it, for as long as the list lives.
    const rel = frame.rel ? [frame.rel, name].join('/') : name;
    // A name that is not UTF-8 is listed with U+FFFD in place of its bytes, a name that does not
    // exist: said so, instead of a bare ENOENT from the read.
    // One excluded or gitignored is skipped as such (its type is the listing's), and not named as unread.
    if (name.includes('\uFFFD') && notThere(join(frame.abs, name), work)) {
      const dir = entry.isDirectory();
      if (anyExcludes && isExcluded(dir ? `${rel}/` : rel)) skipped.push({ path: rel, reason: 'excluded' });
      else {
        if (useGitignore && isIgnored(rel, dir)) skipped.push({ path: rel, reason: 'gitignored' });
        else skipped.push({ path: rel, reason: 'unreadable', detail: NOT_UTF8_NAME });
        if (dir) closed(rel);
      }
      continue;
    }
    if (!statFiles && entry.isFile()) {
      // What the walk checks of a regular file without its stat; size and device come at the read.
      if (anyExcludes && isExcluded(rel)) skipped.push({ path: rel, reason: 'excluded' });
      else if (useGitignore && isIgnored(rel, false)) skipped.push({ path: rel, reason: 'gitignored' });
      else {
        const f: WalkedFile = new ListedFile(rel, undefined, frame.devNumber);
        if (frame.viaLink) linked.add(f);
        files.push(f);
      }
      continue;
    }
    // Below the root, a folder's path is already normalised: what join() would make of it, without its work.
    const abs = frame.rel ? [frame.abs, name].join(sep) : join(frame.abs, name);
    let st: BigIntStats;
    try {
      work.fsCalls++;
      st = lstatSync(abs, BIG);
    } catch (e) {
      skipped.push({ path: rel, reason: 'unreadable', detail: (e as NodeJS.ErrnoException).code });
      continue;
    }
    let isLink = false;
    let target: string | undefined;
    if (st.isSymbolicLink()) {
      isLink = true;
      try {
        work.fsCalls += 2;
        target = realpathSync(abs);
        st = statSync(abs, BIG);
      } catch {
        skipped.push({ path: rel, reason: 'unreadable', detail: 'broken symbolic link' });
        continue;
      }
      if (!isInside(rootReal, target)) {
        skipped.push({ path: rel, reason: 'symlink-outside-root' });
        continue;
      }
      if (st.isDirectory() && seenDirs.has(dirKey(st, target))) {
        skipped.push({ path: rel, reason: 'symlink-loop', detail: `links to ${toPosix(relative(rootReal, target)) || '.'}` });
        continue;
      }
    }
    const isDir = st.isDirectory();
    if (isDir && name === '.git') {
      skipped.push({ path: rel, reason: 'vcs-directory' });
      // Never walked, excluded or not: a pattern naming it (`.git/`, habit from other tools) or
      // something in it is no pattern gone wrong.
      if (anyExcludes) {
        isExcluded(`${rel}/`);
        closed(rel);
      }
      continue;
    }
    if (anyExcludes && isExcluded(isDir ? `${rel}/` : rel)) {
      skipped.push({ path: rel, reason: 'excluded' });
      continue;
    }
    if (useGitignore && isIgnored(rel, isDir)) {
      skipped.push({ path: rel, reason: 'gitignored' });
      if (isDir) closed(rel);
      continue;
    }
    if (isDir || st.isFile()) {
      // A mount of /proc or /sys inside the tree (e.g. a container's root) is not walked.
      if (st.dev !== rootSt.dev) work.fsCalls++;
      const fs = st.dev === rootSt.dev ? null : virtual.check(abs, Number(st.dev));
      if (fs) {
        skipped.push({ path: rel, reason: 'special-file', detail: `on ${fs}, a kernel file system` });
        continue;
      }
    }
    if (isDir) {
      const key = dirKey(st, target ?? abs, work);
      if (seenDirs.has(key)) {
        skipped.push({ path: rel, reason: 'symlink-loop' });
        continue;
      }
      seenDirs.add(key);
      if (isLink) followedLink = true;
      stack.push({ abs, rel, dev: st.dev, devNumber: Number(st.dev), next: 0, pushedLevel: false, viaLink: isLink || frame.viaLink });
      continue;
    }
    if (!st.isFile()) {
      skipped.push({ path: rel, reason: 'special-file', detail: specialKind(st) });
      continue;
    }
    if (st.size > limit) {
      skipped.push({ path: rel, reason: 'too-large', detail: tooLargeDetail(Number(st.size), opts.maxFileSize) });
      continue;
    }
    if (isLink) followedLink = true;
    const f: WalkedFile = new ListedFile(rel, Number(st.size), undefined);
    if (isLink || frame.viaLink) linked.add(f);
    files.push(f);
  }
  return {
    files: followedLink ? dedupeLinked(files, skipped, rootReal, linked, work) : files,
    skipped,
    ...(indexUnread !== undefined ? { gitIndexUnread: indexUnread } : {}),
    unmatchedExcludes: anyExcludes ? unmatchedExcludes(opts.excludes ?? [], decided, excludedProbes, closedDirs) : [],
  };
}

/**
 * The patterns that excluded nothing in a walk: `decided` holds the marks (indexes) of the
 * patterns that decided an excluded path; any other pattern is tried alone on the excluded paths
 * (`dist` beside `/dist`, which decided them). One that matches none is left out still when it
 * may have matched inside a folder not entered (`closedDirs`: excluded, gitignored or
 * unreadable), which the walk cannot know: `dist/**` beside `dist`, `node_modules/**` with
 * node_modules gitignored. Negations (`!keep.js`) and comments are not judged; a pattern given
 * twice is named once.
 */
export function unmatchedExcludes(patterns: readonly string[], decided: ReadonlySet<string>, excludedProbes: readonly string[], closedDirs: readonly string[]): string[] {
  const out: string[] = [];
  const done = new Set<string>(patterns.filter((_, i) => decided.has(String(i))));
  // What a pattern is tried on, for the cost to stay near the walk's with many patterns and a
  // great many excluded files: a pattern of k names and no `**` but leading ones matches a path
  // by k of its names in a row (the first k, if anchored: `src/gen`, `/dist`; any k, if not:
  // `*.map`, `gen/`, `**/b?ild/out`), so it is tried on those, once each, a folder's ending in `/`
  // (what matches a folder matches all in it). Any other (`src/**/x`), on the paths themselves;
  // one led by a plain folder name, on the paths under that folder alone.
  const windows = new Map<string, string[]>();
  const windowsOf = (k: number, anywhere: boolean): string[] => {
    const key = `${k}${anywhere ? '*' : ''}`;
    let list = windows.get(key);
    if (list) return list;
    const set = new Set<string>();
    for (const x of excludedProbes) {
      const dir = x.endsWith('/');
      const parts = (dir ? x.slice(0, -1) : x).split('/');
      for (let i = 0; i + k <= parts.length && (anywhere || i === 0); i++) set.add(parts.slice(i, i + k).join('/') + (i + k < parts.length || dir ? '/' : ''));
    }
    windows.set(key, (list = [...set]));
    return list;
  };
  for (const p of patterns) {
    if (done.has(p)) continue;
    done.add(p);
    const body = withoutDotSlash(p.trim());
    if (body === '' || body.startsWith('!') || body.startsWith('#')) continue;
    const alone = ignore({ allowRelativePaths: true }).add(body);
    const { rest, names: segs, anchored, floating } = patternNames(body);
    const anywhere = !anchored || floating;
    let tried: readonly string[];
    if (rest !== '' && !body.includes('\n') && !segs.includes('**')) tried = windowsOf(segs.length, anywhere);
    else {
      const head = anywhere || body.includes('\n') ? '' : segs[0].toLowerCase();
      const under = head !== '' && !/[*?[\\]/.test(head) ? `${head}/` : undefined;
      tried = under ? excludedProbes.filter((x) => x.slice(0, under.length).toLowerCase() === under) : excludedProbes;
    }
    if (tried.some((x) => alone.ignores(x))) continue;
    if (mayMatchInside(body, closedDirs)) continue;
    out.push(p);
  }
  return out;
}

/**
 * A gitignore pattern's names, without a trailing `/`, the leading `/` and leading `**` names:
 * `anchored`, a `/` in it (it matches from the root); `floating`, led by `**` (at any depth).
 */
function patternNames(pattern: string): { rest: string; names: string[]; anchored: boolean; floating: boolean } {
  let rest = pattern.replace(/\/+$/, '');
  const anchored = rest.includes('/');
  rest = rest.replace(/^\/+/, '');
  let floating = false;
  while (rest.startsWith('**/')) {
    floating = true;
    rest = rest.slice(3);
  }
  return { rest, names: rest.split('/'), anchored, floating };
}

/**
 * Whether a gitignore pattern may match a path inside one of `dirs` (`/`-terminated, from the
 * root): its leading segments name the folder (`dist/**` and `dist/`; after a leading `**`
 * segment, `node_modules/**` and `a/node_modules/`) and it goes deeper. A pattern of one name
 * (`*.map`) matches at any depth, and so might inside any folder: it is judged by the paths the
 * walk met, or it would never be judged at all.
 */
function mayMatchInside(pattern: string, dirs: readonly string[]): boolean {
  if (dirs.length === 0) return false;
  const { names: segs, anchored, floating } = patternNames(pattern);
  if (!anchored) return false;
  // One matcher per wildcard name, made once for all the folders.
  const wild = segs.map((seg) => (/[*?[\\]/.test(seg) ? ignore().add(`/${seg}`) : undefined));
  const segMatches = (i: number, name: string): boolean => wild[i]?.ignores(name) ?? segs[i] === name;
  return dirs.some((dir) => {
    const names = dir.slice(0, -1).split('/');
    for (let start = 0; start <= (floating ? names.length - 1 : 0); start++) {
      const rest = names.slice(start);
      if (segs.length <= rest.length && !segs.slice(0, rest.length).includes('**')) continue;
      let ok = true;
      for (let i = 0; i < rest.length && ok; i++) {
        if (segs[i] === '**') return true;
        ok = segMatches(i, rest[i]);
      }
      if (ok) return true;
    }
    return false;
  });
}

/**
 * The class of one walk's files. A file keeps its relative path and not its absolute one, which
 * is the root's path and the relative one (a link's target is not followed into the path) and is
 * made each time it is asked for: a large tree's list is held for the whole scan, and a second
 * string per file was most of it (171,651 files: 30 MB with the absolute paths, 18 MB without).
 * Made per walk so that the root is the class's, not a field of every file.
 */
function listedFileClass(root: string): new (path: string, size: number | undefined, dev: number | undefined) => WalkedFile {
  // join() normalises the root as it did each top-level path ('.' gives no prefix at all).
  const base = join(root, '_').slice(0, -1);
  const native = sep === '/' ? (p: string) => p : (p: string) => p.split('/').join(sep);
  return class ListedFile implements WalkedFile {
    path: string;
    declare size?: number;
    declare dev?: number;
    constructor(path: string, size: number | undefined, dev: number | undefined) {
      this.path = path;
      if (size !== undefined) this.size = size;
      if (dev !== undefined) this.dev = dev;
    }
    get abs(): string {
      return base + native(this.path);
    }
  };
}

/**
 * A listed file as plain data, its absolute path included: what is posted to another thread
 * (a structured clone copies own fields only) or copied with a change.
 */
export function plainFile<T extends WalkedFile>(f: T): T {
  return { ...f, abs: f.abs };
}

/** Code-unit order of names, as a plain sort() of the names gives. */
function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * A directory's identity: device and inode, which cost no extra call; the real path only
 * where the file system reports no inode numbers.
 */
function dirKey(st: BigIntStats, path: string, work?: WalkWork): string {
  if (st.ino !== 0n) return `${st.dev}:${st.ino}`;
  if (work) work.fsCalls++;
  return realOf(path);
}

/**
 * Files reached both through a link and at their real path are scanned once, at the real
 * path, so fingerprints do not depend on walk order.
 *
 * Only a file reached through a link (`linked`) needs its real path asked for: any other one
 * lies at the root's real path plus its own relative path (no folder below the root on its
 * way is a link). Node's realpath costs an lstat per folder of the path, which for every file
 * of a tree with one link in it (node_modules/.bin) was a good part of the whole scan.
 */
function dedupeLinked(files: WalkedFile[], skipped: SkippedPath[], rootReal: string, linked: ReadonlySet<WalkedFile>, work: WalkWork): WalkedFile[] {
  const byReal = new Map<string, WalkedFile>();
  const out: WalkedFile[] = [];
  const base = rootReal.endsWith(sep) ? rootReal : rootReal + sep;
  // Two files not reached through a link never share a real path (theirs is the root's plus
  // their own relative path): only a path where a linked file really lies can be shared. Those
  // are worked out first, so the other files (all but a few) are neither given a real path nor
  // entered in the map.
  const realOfLinked = new Map<WalkedFile, string>();
  const linkedRel = new Set<string>();
  const linkedRelLengths = new Set<number>();
  for (const f of linked) {
    work.fsCalls++;
    const real = realOf(f.abs);
    realOfLinked.set(f, real);
    if (real.startsWith(base)) {
      const rel = toPosix(real.slice(base.length));
      linkedRel.add(rel);
      linkedRelLengths.add(rel.length);
    }
  }
  for (const f of files) {
    let real = realOfLinked.get(f);
    if (real === undefined) {
      if (!linkedRelLengths.has(f.path.length) || !linkedRel.has(f.path)) {
        out.push(f);
        continue;
      }
      real = base + (sep === '/' ? f.path : f.path.split('/').join(sep));
    }
    const prev = byReal.get(real);
    if (!prev) {
      byReal.set(real, f);
      out.push(f);
      continue;
    }
    const realRel = toPosix(relative(rootReal, real));
    const keep = f.path === realRel ? f : prev;
    const drop = keep === f ? prev : f;
    skipped.push({ path: drop.path, reason: 'symlink-duplicate', detail: `same file as ${keep.path}` });
    out[out.indexOf(prev)] = keep;
    byReal.set(real, keep);
  }
  return out;
}

function realOf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

/** Applies the exclude patterns and size cap to an explicit list of files (diff-aware scans). */
export function selectFiles(root: string, paths: readonly string[], opts: WalkOptions): WalkResult {
  const excludes = compileExcludes(opts.excludes ?? []);
  const rootReal = realpathSync(root);
  const files: WalkedFile[] = [];
  const skipped: SkippedPath[] = [];
  const virtual = new VirtualFsProbe();
  const limit = effectiveLimit(opts.maxFileSize);
  for (const p of paths) {
    const rel = toPosix(p).replace(/^\.\//, '');
    const abs = join(root, rel);
    if (rel.split('/').includes('.git')) {
      skipped.push({ path: rel, reason: 'vcs-directory' });
      continue;
    }
    if (excludes.ignores(rel)) {
      skipped.push({ path: rel, reason: 'excluded' });
      continue;
    }
    let st: BigIntStats;
    try {
      st = statSync(abs, BIG);
      // The system's realpath: one call, where Node's own walks the path with an lstat per folder.
      if (!isInside(rootReal, realpathSync.native(abs))) {
        skipped.push({ path: rel, reason: 'symlink-outside-root' });
        continue;
      }
    } catch {
      skipped.push({ path: rel, reason: 'unreadable' });
      continue;
    }
    if (!st.isFile()) {
      skipped.push({ path: rel, reason: 'special-file', detail: specialKind(st) });
      continue;
    }
    const fs = virtual.check(abs, Number(st.dev));
    if (fs) {
      skipped.push({ path: rel, reason: 'special-file', detail: `on ${fs}, a kernel file system` });
      continue;
    }
    if (st.size > limit) {
      skipped.push({ path: rel, reason: 'too-large', detail: tooLargeDetail(Number(st.size), opts.maxFileSize) });
      continue;
    }
    files.push({ path: rel, abs, size: Number(st.size) });
  }
  return { files, skipped };
}
