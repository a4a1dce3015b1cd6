/**
 * Real-code corpus: the text files (JS/TS/JSON/Markdown...) of this project's own
 * `node_modules`, copied into `bench-output/real-<size>/copyN/` until the corpus reaches its
 * size. On real third-party code, words such as `token`, `key` and `secret` are everywhere, so
 * the keyword prefilter lets far more rules run than on the generated corpora.
 *
 * Built on the machine (nothing is checked in); reused while the file list, the size and the
 * builder version are unchanged. `node_modules` folders are renamed `nm` inside the copy so
 * that no scanner skips them by name; no `.gitignore` is copied, so every scanner is given
 * every file.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Bump whenever the files a size selects change. */
export const REAL_CORPUS_VERSION = 2;

/** Which files count as the text of a node_modules tree. */
export const REAL_TEXT_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx', '.json', '.md', '.markdown', '.txt', '.yml', '.yaml', '.html', '.css'];

/** Files above the scanner's default size cap are left out (no scanner would be given them). */
const MAX_FILE = 1024 * 1024;

export interface RealCorpusManifest {
  version: number;
  source: string;
  targetBytes: number;
  /** sha256 over the source list (path and size). */
  sourceHash: string;
  sourceFiles: number;
  sourceBytes: number;
  copies: number;
  files: number;
  bytes: number;
  byExtension: Record<string, { files: number; bytes: number }>;
}

export interface RealCorpus {
  dir: string;
  manifest: RealCorpusManifest;
  reused: boolean;
  buildMs: number;
}

interface SourceFile {
  rel: string;
  size: number;
}

function extOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}

/** The text files under `root`, sorted by path (symbolic links not followed). */
export function listTextFiles(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const wanted = new Set(REAL_TEXT_EXTENSIONS);
  const stack = [''];
  while (stack.length) {
    const rel = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== '.cache' && e.name !== '.bin') stack.push(r);
      } else if (e.isFile() && wanted.has(extOf(e.name))) {
        const size = statSync(join(root, r)).size;
        if (size > 0 && size <= MAX_FILE) out.push({ rel: r, size });
      }
    }
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * Evenly spread subset (every k-th file) when the target is smaller than the source, so a
 * small corpus still has every kind of package; whole copies, then a spread remainder, above it.
 */
function plan(src: readonly SourceFile[], targetBytes: number): SourceFile[][] {
  const total = src.reduce((n, f) => n + f.size, 0);
  const copies: SourceFile[][] = [];
  let left = targetBytes;
  while (left >= total) {
    copies.push(src.slice());
    left -= total;
  }
  if (left > 0) {
    // Every k-th file by count, so the subset has the source's mix of small and large files.
    const part: SourceFile[] = [];
    const share = left / total;
    src.forEach((f, i) => {
      if (Math.floor((i + 1) * share) > Math.floor(i * share)) part.push(f);
    });
    copies.push(part);
  }
  return copies;
}

function destPath(rel: string): string {
  return rel.split('/').map((s) => (s === 'node_modules' ? 'nm' : s)).join('/');
}

export function ensureRealCorpus(outRoot: string, label: string, targetBytes: number, source: string, log: (s: string) => void): RealCorpus {
  const t0 = Date.now();
  const src = listTextFiles(source);
  const h = createHash('sha256');
  for (const f of src) h.update(`${f.rel}\0${f.size}\n`);
  const sourceHash = h.digest('hex');
  const dir = join(outRoot, `real-${label}`);
  const manifestFile = join(outRoot, `real-${label}.manifest.json`);
  if (existsSync(manifestFile) && existsSync(dir)) {
    try {
      const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as RealCorpusManifest;
      if (m.version === REAL_CORPUS_VERSION && m.sourceHash === sourceHash && m.targetBytes === targetBytes) return { dir, manifest: m, reused: true, buildMs: Date.now() - t0 };
    } catch {
      // rebuilt below
    }
  }
  log(`building real-code corpus ${label} from ${source} (${src.length} text files)`);
  rmSync(dir, { recursive: true, force: true });
  rmSync(manifestFile, { force: true });
  const copies = plan(src, targetBytes);
  const byExtension: Record<string, { files: number; bytes: number }> = {};
  let files = 0;
  let bytes = 0;
  const made = new Set<string>();
  copies.forEach((list, k) => {
    for (const f of list) {
      const to = join(dir, `copy${k + 1}`, destPath(f.rel));
      const d = dirname(to);
      if (!made.has(d)) {
        mkdirSync(d, { recursive: true });
        made.add(d);
      }
      copyFileSync(join(source, f.rel), to);
      const e = (byExtension[extOf(f.rel)] ??= { files: 0, bytes: 0 });
      e.files++;
      e.bytes += f.size;
      files++;
      bytes += f.size;
    }
  });
  const manifest: RealCorpusManifest = {
    version: REAL_CORPUS_VERSION,
    source,
    targetBytes,
    sourceHash,
    sourceFiles: src.length,
    sourceBytes: src.reduce((n, f) => n + f.size, 0),
    copies: copies.length,
    files,
    bytes,
    byExtension,
  };
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  return { dir, manifest, reused: false, buildMs: Date.now() - t0 };
}

if (require.main === module) {
  // node out/test/bench/realCorpus.js SIZE_MB [OUTROOT]
  const mb = Number(process.argv[2] ?? '100');
  const root = join(__dirname, '..', '..', '..');
  const r = ensureRealCorpus(process.argv[3] ?? join(root, 'bench-output'), `${mb}mb`, mb * 1048576, join(root, 'node_modules'), (s) => process.stderr.write(s + '\n'));
  process.stdout.write(JSON.stringify({ dir: r.dir, reused: r.reused, buildMs: r.buildMs, ...r.manifest, byExtension: undefined }) + '\n');
}
