import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { SkippedPath } from '../contract/findings';

export interface WalkOptions {
  root: string;
  /** gitignore-syntax patterns relative to the root (from config, CLI or task input). */
  excludes?: readonly string[];
  /** Files larger than this many bytes are skipped. */
  maxFileSize: number;
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
}

export interface WalkedFile {
  /** Relative to the root, `/`-separated. */
  path: string;
  abs: string;
  size: number;
}

export interface WalkResult {
  files: WalkedFile[];
  skipped: SkippedPath[];
}

interface IgnoreLevel {
  /** Directory of the .gitignore relative to the root ('' for the root), `/`-terminated. */
  base: string;
  ig: Ignore;
}

const toPosix = sep === '/' ? (p: string) => p : (p: string) => p.split(sep).join('/');

export function compileExcludes(patterns: readonly string[]): Ignore {
  return ignore({ allowRelativePaths: true }).add(patterns.map((p) => p.trim()).filter((p) => p.length > 0));
}

/**
 * Lists the files to scan under `root`. Skips and reports: `.git`, gitignored and excluded
 * paths (a directory once, not each file in it), oversized files, special files, and
 * symbolic links that leave the root, loop, or point at something already listed.
 */
export function walk(opts: WalkOptions): WalkResult {
  const rootReal = realpathSync(opts.root);
  const excludes = compileExcludes(opts.excludes ?? []);
  const useGitignore = opts.gitignore !== false;
  const files: WalkedFile[] = [];
  const skipped: SkippedPath[] = [];
  const seenDirs = new Set<string>([rootReal]);
  let followedLink = false;

  const levels: IgnoreLevel[] = [];
  if (useGitignore) {
    const info = readText(join(opts.root, '.git', 'info', 'exclude'));
    if (info) levels.push({ base: '', ig: ignore().add(info) });
  }

  const isIgnored = (rel: string, isDir: boolean): boolean => {
    let ignored = false;
    const probe = isDir ? `${rel}/` : rel;
    for (const lvl of levels) {
      if (!probe.startsWith(lvl.base)) continue;
      const r = lvl.ig.test(probe.slice(lvl.base.length));
      if (r.ignored) ignored = true;
      else if (r.unignored) ignored = false;
    }
    return ignored;
  };

  const visit = (absDir: string, relDir: string): void => {
    let pushed = false;
    if (useGitignore) {
      const gi = readText(join(absDir, '.gitignore'));
      if (gi !== undefined) {
        levels.push({ base: relDir ? `${relDir}/` : '', ig: ignore().add(gi) });
        pushed = true;
      }
    }
    let entries: string[];
    try {
      entries = readdirSync(absDir);
    } catch {
      skipped.push({ path: relDir || '.', reason: 'unreadable' });
      if (pushed) levels.pop();
      return;
    }
    entries.sort();
    for (const name of entries) {
      const abs = join(absDir, name);
      const rel = relDir ? `${relDir}/${name}` : name;
      let st: Stats;
      try {
        st = lstatSync(abs);
      } catch {
        skipped.push({ path: rel, reason: 'unreadable' });
        continue;
      }
      let isLink = false;
      if (st.isSymbolicLink()) {
        isLink = true;
        let target: string;
        try {
          target = realpathSync(abs);
          st = statSync(abs);
        } catch {
          skipped.push({ path: rel, reason: 'unreadable', detail: 'broken symbolic link' });
          continue;
        }
        if (!isInside(rootReal, target)) {
          skipped.push({ path: rel, reason: 'symlink-outside-root' });
          continue;
        }
        if (st.isDirectory() && seenDirs.has(target)) {
          skipped.push({ path: rel, reason: 'symlink-loop', detail: `links to ${toPosix(relative(rootReal, target)) || '.'}` });
          continue;
        }
      }
      const isDir = st.isDirectory();
      if (isDir && name === '.git') {
        skipped.push({ path: rel, reason: 'vcs-directory' });
        continue;
      }
      if (excludes.ignores(isDir ? `${rel}/` : rel)) {
        skipped.push({ path: rel, reason: 'excluded' });
        continue;
      }
      if (useGitignore && isIgnored(rel, isDir)) {
        skipped.push({ path: rel, reason: 'gitignored' });
        continue;
      }
      if (isDir) {
        const real = isLink ? realpathSync(abs) : realOf(abs);
        if (seenDirs.has(real)) {
          skipped.push({ path: rel, reason: 'symlink-loop' });
          continue;
        }
        seenDirs.add(real);
        if (isLink) followedLink = true;
        visit(abs, rel);
        continue;
      }
      if (!st.isFile()) {
        skipped.push({ path: rel, reason: 'special-file' });
        continue;
      }
      if (st.size > opts.maxFileSize) {
        skipped.push({ path: rel, reason: 'too-large', detail: `${st.size} bytes > ${opts.maxFileSize}` });
        continue;
      }
      if (isLink) followedLink = true;
      files.push({ path: rel, abs, size: st.size });
    }
    if (pushed) levels.pop();
  };

  visit(opts.root, '');
  return { files: followedLink ? dedupeLinked(files, skipped, rootReal) : files, skipped };
}

/**
 * Files reached both through a link and at their real path are scanned once, at the real
 * path, so fingerprints do not depend on walk order.
 */
function dedupeLinked(files: WalkedFile[], skipped: SkippedPath[], rootReal: string): WalkedFile[] {
  const byReal = new Map<string, WalkedFile>();
  const out: WalkedFile[] = [];
  for (const f of files) {
    const real = realOf(f.abs);
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

function readText(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** Applies the exclude patterns and size cap to an explicit list of files (diff-aware scans). */
export function selectFiles(root: string, paths: readonly string[], opts: WalkOptions): WalkResult {
  const excludes = compileExcludes(opts.excludes ?? []);
  const rootReal = realpathSync(root);
  const files: WalkedFile[] = [];
  const skipped: SkippedPath[] = [];
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
    let st: Stats;
    try {
      st = statSync(abs);
      if (!isInside(rootReal, realpathSync(abs))) {
        skipped.push({ path: rel, reason: 'symlink-outside-root' });
        continue;
      }
    } catch {
      skipped.push({ path: rel, reason: 'unreadable' });
      continue;
    }
    if (!st.isFile()) {
      skipped.push({ path: rel, reason: 'special-file' });
      continue;
    }
    if (st.size > opts.maxFileSize) {
      skipped.push({ path: rel, reason: 'too-large', detail: `${st.size} bytes > ${opts.maxFileSize}` });
      continue;
    }
    files.push({ path: rel, abs, size: st.size });
  }
  return { files, skipped };
}
