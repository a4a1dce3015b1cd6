/**
 * Deterministic benchmark corpus: a realistic mixed-language source tree of a given size, with
 * FAKE secrets planted at known places (seeded, generated at run time), look-alikes that must
 * not be reported, binary files, minified bundles and a git-ignored folder.
 *
 * The same seed and size always give the same bytes; `ensureCorpus` reuses a tree on disk when
 * its manifest matches and its content hash still checks out.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ignore from 'ignore';
import { GENERATORS, minified } from './langGen';
import { camel, pascal, sentence, snake, words } from './names';
import { Rng } from './prng';
import { DECOYS, SECRET_KINDS, type Lang, type Planted } from './secretKinds';

/** Bump whenever the bytes a seed produces change. */
export const GENERATOR_VERSION = 4;
export const DEFAULT_SEED = 'palisade-bench';

export const SIZES: Record<string, number> = {
  '10mb': 10 * 1024 * 1024,
  '100mb': 100 * 1024 * 1024,
  '1gb': 1024 * 1024 * 1024,
};

export interface PlantedSecret {
  kind: string;
  path: string;
  /** 1-based line of the start of the secret. */
  line: number;
  /** Last line the secret spans. */
  endLine: number;
}

export interface PlantedDecoy {
  id: string;
  path: string;
  line: number;
}

export interface CorpusManifest {
  generator: number;
  seed: string;
  label: string;
  targetBytes: number;
  /** sha256 over every file's path, size and bytes, in `list` order. */
  hash: string;
  files: number;
  bytes: number;
  /** Files and bytes a scanner should look at: everything not git-ignored (binary included). */
  scanFiles: number;
  scanBytes: number;
  textFiles: number;
  binaryFiles: number;
  minifiedFiles: number;
  ignoredFiles: number;
  ignoredBytes: number;
  byType: Record<string, { files: number; bytes: number }>;
  planted: PlantedSecret[];
  /** Planted under git-ignored paths: a scanner honouring .gitignore must not report them. */
  ignoredPlanted: PlantedSecret[];
  decoys: PlantedDecoy[];
  /** [path, size] of every file, in generation order. */
  list: [string, number][];
}

type FileType = Lang | 'minjs' | 'bin' | 'ignored' | 'meta';
type TextLang = 'ts' | 'js' | 'py' | 'cs' | 'java' | 'go' | 'yaml' | 'json' | 'md';

interface PlannedFile {
  path: string;
  type: FileType;
  /** Language of the text, for text files. */
  lang?: Lang;
  size: number;
  ignored: boolean;
  inserts: Insert[];
}

interface Insert {
  /** Insert before this line index of the generated text (minified: inside line 2). */
  pos: number;
  planted: Planted;
  secret?: string;
  decoy?: string;
}

const TYPES: readonly FileType[] = ['ts', 'js', 'py', 'cs', 'java', 'go', 'yaml', 'json', 'md', 'minjs', 'bin', 'ignored'];
const TYPE_WEIGHTS = [200, 100, 130, 110, 100, 80, 60, 70, 70, 3, 20, 50];
/** [min, max, weight] of text file sizes in bytes: many small files, a few large ones. */
const SIZE_BUCKETS: readonly [number, number, number][] = [
  [200, 1024, 44],
  [1024, 4096, 76],
  [4096, 16384, 56],
  [16384, 65536, 18],
  [65536, 200000, 3],
];
const FILES_PER_DIR = 24;

export const GITIGNORE = ['# build output and dependencies', 'node_modules/', 'build/', 'coverage/', '*.log', '.env.local', ''].join('\n');

function textSize(rng: Rng): number {
  const [lo, hi] = SIZE_BUCKETS[rng.weighted(SIZE_BUCKETS.map((b) => b[2]))];
  return rng.range(lo, hi);
}

function kebab(ws: string[]): string {
  return snake(ws).replace(/_/g, '-');
}

/** Directory names: a stable name per (type, group of FILES_PER_DIR files). */
function dirFor(seed: string, type: FileType, index: number): string {
  const g = Math.floor(index / FILES_PER_DIR);
  const r = new Rng(`${seed}/dir/${type}/${g}`);
  // Directory names never hit .gitignore by chance ("build" is a word of the vocabulary).
  const dirWords = (rr: Rng, n: number): string[] => words(rr, n, 0).map((x) => (x === 'build' ? 'builder' : x));
  const w = (n: number): string[] => dirWords(r, n);
  const top = Math.floor(g / 8);
  const tr = new Rng(`${seed}/top/${type}/${top}`);
  const tw = (n: number): string[] => dirWords(tr, n);
  switch (type) {
    case 'ts': return `packages/${kebab(tw(2))}/src/${kebab(w(1))}`;
    case 'js': return g % 3 === 0 ? `scripts/${kebab(w(1))}` : `packages/${kebab(tw(2))}/lib/${kebab(w(1))}`;
    case 'py': return `services/${snake(tw(1))}_svc/${snake(tw(1))}/${snake(w(1))}`;
    case 'cs': return `src/Contoso.${pascal(tw(2))}/${pascal(w(1))}`;
    case 'java': return `services/${kebab(tw(1))}/src/main/java/com/contoso/${w(1)[0]}/${w(1)[0]}`;
    case 'go': return `internal/${w(1)[0]}/${w(1)[0]}`;
    case 'yaml': return g % 4 === 0 ? '.azure-pipelines' : `deploy/${r.pick(['dev', 'test', 'prod'])}/${kebab(w(1))}`;
    case 'json': return `config/${kebab(tw(1))}/${kebab(w(1))}`;
    case 'md': return `docs/${kebab(tw(1))}/${kebab(w(1))}`;
    case 'minjs': return `web/dist/${kebab(w(1))}`;
    case 'bin': return `assets/${kebab(tw(1))}/${kebab(w(1))}`;
    case 'ignored': return `${r.pick(['node_modules', 'node_modules', 'build', 'coverage'])}/${kebab(tw(1))}/${kebab(w(1))}`;
    default: return 'misc';
  }
}

const EXT: Record<TextLang, string> = { ts: 'ts', js: 'js', py: 'py', cs: 'cs', java: 'java', go: 'go', yaml: 'yaml', json: 'json', md: 'md' };
const BIN_EXT = ['png', 'jpg', 'woff2', 'zip', 'dll', 'pdf'];

function fileName(r: Rng, type: FileType): string {
  switch (type) {
    case 'cs':
    case 'java':
      return `${pascal(words(r, r.range(1, 3), 20))}.${type}`;
    case 'py':
    case 'go':
      return `${snake(words(r, r.range(1, 2), 20))}${r.chance(150) ? '_test' : ''}.${type}`;
    case 'ts':
      return `${camel(words(r, r.range(1, 3), 20))}${r.chance(150) ? '.test' : ''}.ts`;
    case 'js':
    case 'json':
    case 'md':
    case 'yaml':
      return `${kebab(words(r, r.range(1, 3), 20))}.${type === 'yaml' && r.chance(400) ? 'yml' : EXT[type]}`;
    case 'minjs':
      return `${kebab(words(r, 1, 0))}.${r.chars('0123456789abcdef', 8)}.min.js`;
    case 'bin':
      return `${kebab(words(r, r.range(1, 2), 0))}.${r.pick(BIN_EXT)}`;
    default:
      return `${kebab(words(r, 2, 0))}.${r.pick(['js', 'js', 'json', 'map'])}`;
  }
}

function plan(seed: string, targetBytes: number, targetFiles = 0): PlannedFile[] {
  const rng = new Rng(`${seed}/plan`);
  const files: PlannedFile[] = [
    { path: '.gitignore', type: 'meta', size: GITIGNORE.length, ignored: false, inserts: [] },
    { path: '.env.local', type: 'env', lang: 'env', size: 400, ignored: true, inserts: [] },
    { path: 'logs/app.log', type: 'ignored', lang: 'md', size: 4000, ignored: true, inserts: [] },
  ];
  const taken = new Set(files.map((f) => f.path));
  const counters = new Map<FileType, number>();
  let total = files.reduce((n, f) => n + f.size, 0);
  // One file of every type first, so that even a tiny corpus has the whole mix.
  for (let n = 0; total < targetBytes || files.length < targetFiles || n < TYPES.length; n++) {
    const type = n < TYPES.length ? TYPES[n] : TYPES[rng.weighted(TYPE_WEIGHTS)];
    const idx = counters.get(type) ?? 0;
    counters.set(type, idx + 1);
    const dir = dirFor(seed, type, idx);
    let name = fileName(rng, type);
    let path = `${dir}/${name}`;
    for (let k = 2; taken.has(path); k++) {
      name = name.replace(/(\.[^.]+)$/, `${k}$1`);
      path = `${dir}/${name}`;
    }
    taken.add(path);
    let size: number;
    let lang: Lang | undefined;
    if (type === 'minjs') {
      size = Math.min(rng.range(60_000, 900_000), Math.max(8_000, Math.floor(targetBytes / 8)));
      lang = 'js';
    } else if (type === 'bin') {
      size = Math.min(rng.range(1_000, 120_000), Math.max(2_000, Math.floor(targetBytes / 8)));
    } else if (type === 'ignored') {
      size = textSize(rng);
      lang = name.endsWith('.js') ? 'js' : 'json';
    } else {
      size = textSize(rng);
      lang = type as Lang;
    }
    files.push({ path, type, lang, size, ignored: type === 'ignored', inserts: [] });
    total += size;
  }
  // What is ignored is what .gitignore says (a "build" folder may turn up anywhere).
  const ig = ignore().add(GITIGNORE);
  for (const f of files) f.ignored = ig.ignores(f.path);
  return files;
}

function placeSecrets(seed: string, files: PlannedFile[]): void {
  const rng = new Rng(`${seed}/place`);
  const text = files.filter((f) => !f.ignored && f.lang !== undefined && f.path !== '.gitignore');
  const plain = text.filter((f) => f.type !== 'minjs');
  const K = SECRET_KINDS.length;
  const secrets = Math.max(2 * K, Math.round(text.length / 30));
  for (let i = 0; i < secrets; i++) {
    const kind = SECRET_KINDS[i % K];
    let f = rng.pick(text);
    if (f.type === 'minjs' && !kind.inline) f = rng.pick(plain);
    const r = new Rng(`${seed}/secret/${i}`);
    f.inserts.push({ pos: r.u32(), planted: kind.plant(r, f.type === 'minjs' ? 'js' : f.lang!), secret: kind.id });
  }
  const decoys = Math.max(DECOYS.length, Math.round(text.length / 40));
  for (let i = 0; i < decoys; i++) {
    const d = DECOYS[i % DECOYS.length];
    const f = rng.pick(plain);
    const r = new Rng(`${seed}/decoy/${i}`);
    f.inserts.push({ pos: r.u32(), planted: { lines: [d.line(r, f.lang!)], at: 0, span: 1 }, decoy: d.id });
  }
  // The git-ignored side gets real-looking secrets too: honouring .gitignore must hide them.
  const ignored = files.filter((f) => f.ignored && f.lang !== undefined);
  for (let i = 0; i < Math.min(K, ignored.length * 2); i++) {
    const kind = SECRET_KINDS[i % K];
    const f = i === 0 ? ignored[0] : rng.pick(ignored);
    const r = new Rng(`${seed}/ignored-secret/${i}`);
    f.inserts.push({ pos: r.u32(), planted: kind.plant(r, f.lang!), secret: kind.id });
  }
}

function binaryBytes(rng: Rng, name: string, size: number): Buffer {
  const ext = name.slice(name.lastIndexOf('.') + 1);
  const header: Record<string, number[]> = {
    png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52],
    jpg: [0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0],
    woff2: [0x77, 0x4f, 0x46, 0x32, 0, 1, 0, 0],
    zip: [0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0],
    dll: [0x4d, 0x5a, 0x90, 0, 0x03, 0, 0, 0],
    pdf: [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x25, 0xe2, 0xe3, 0, 0x0a],
  };
  const h = Buffer.from(header[ext] ?? [0, 0, 0, 0]);
  return Buffer.concat([h, rng.bytes(Math.max(0, size - h.length))]);
}

function envFile(rng: Rng, target: number): string[] {
  const out = ['# local overrides, never committed'];
  let n = out[0].length;
  while (n < target) {
    const l = `${snake(words(rng, 2, 0)).toUpperCase()}=${snake(words(rng, 1, 0))}`;
    out.push(l);
    n += l.length + 1;
  }
  return out;
}

function logFile(rng: Rng, target: number): string[] {
  const out: string[] = [];
  let n = 0;
  let t = 1_700_000_000;
  while (n < target) {
    t += rng.range(1, 90);
    const l = `${t} ${rng.pick(['INFO', 'DEBUG', 'WARN'])} ${sentence(rng)}`;
    out.push(l);
    n += l.length + 1;
  }
  return out;
}

interface Rendered {
  bytes: Buffer;
  planted: PlantedSecret[];
  decoys: PlantedDecoy[];
}

function render(seed: string, f: PlannedFile, index: number): Rendered {
  const rng = new Rng(`${seed}/file/${index}`);
  if (f.path === '.gitignore') return { bytes: Buffer.from(GITIGNORE), planted: [], decoys: [] };
  if (f.type === 'bin') return { bytes: binaryBytes(rng, f.path, f.size), planted: [], decoys: [] };

  let lines: string[];
  if (f.type === 'minjs') lines = minified(rng, f.size);
  else if (f.type === 'env') lines = envFile(rng, f.size);
  else if (f.path.endsWith('.log')) lines = logFile(rng, f.size);
  else lines = GENERATORS[f.lang as TextLang](rng, f.size);

  const planted: PlantedSecret[] = [];
  const decoys: PlantedDecoy[] = [];
  if (f.type === 'minjs') {
    // Inline into the long line, at statement boundaries.
    let code = lines[1];
    const ins = [...f.inserts].sort((a, b) => a.pos - b.pos);
    const cuts = ins.map((i) => {
      const at = code.indexOf(';', Math.floor((i.pos / 4294967296) * code.length));
      return at < 0 ? code.length : at;
    });
    for (let k = ins.length - 1; k >= 0; k--) {
      code = code.slice(0, cuts[k]) + ';' + ins[k].planted.lines[0].trim() + code.slice(cuts[k]);
      if (ins[k].secret) planted.push({ kind: ins[k].secret!, path: f.path, line: 2, endLine: 2 });
      if (ins[k].decoy) decoys.push({ id: ins[k].decoy!, path: f.path, line: 2 });
    }
    lines[1] = code;
  } else if (f.inserts.length) {
    const ins = f.inserts.map((i) => ({ ...i, pos: Math.floor((i.pos / 4294967296) * (lines.length + 1)) })).sort((a, b) => a.pos - b.pos);
    const out: string[] = [];
    let next = 0;
    for (const i of ins) {
      while (next < i.pos) out.push(lines[next++]);
      const line = out.length + i.planted.at + 1;
      if (i.secret) planted.push({ kind: i.secret, path: f.path, line, endLine: line + i.planted.span - 1 });
      if (i.decoy) decoys.push({ id: i.decoy, path: f.path, line });
      out.push(...i.planted.lines);
    }
    while (next < lines.length) out.push(lines[next++]);
    lines = out;
  }

  let eol = '\n';
  let bom = '';
  if (f.type === 'cs') {
    if (rng.chance(500)) eol = '\r\n';
    if (rng.chance(200)) bom = '\uFEFF';
  }
  return { bytes: Buffer.from(bom + lines.join(eol) + eol, 'utf8'), planted, decoys };
}

export interface GenerateOptions {
  dir: string;
  targetBytes: number;
  /** Keep adding files until there are at least this many (e.g. 50,000 for the PR-scan repository). */
  targetFiles?: number;
  seed?: string;
  label?: string;
  /** Called every ~1000 files. */
  onProgress?: (files: number, bytes: number) => void;
}

/** Writes a fresh corpus into `dir` (emptied first) and returns its manifest (not written). */
export function generateCorpus(opts: GenerateOptions): CorpusManifest {
  const seed = opts.seed ?? DEFAULT_SEED;
  rmSync(opts.dir, { recursive: true, force: true });
  mkdirSync(opts.dir, { recursive: true });
  // A work tree (git's folder, empty: nothing tracked), wherever the corpus is written: its
  // .gitignore applies only there, and the ignored files stand for untracked build output.
  mkdirSync(join(opts.dir, '.git'));
  const files = plan(seed, opts.targetBytes, opts.targetFiles);
  placeSecrets(seed, files);

  const hash = createHash('sha256');
  const made = new Set<string>();
  const m: CorpusManifest = {
    generator: GENERATOR_VERSION,
    seed,
    label: opts.label ?? `${opts.targetBytes}b`,
    targetBytes: opts.targetBytes,
    hash: '',
    files: 0,
    bytes: 0,
    scanFiles: 0,
    scanBytes: 0,
    textFiles: 0,
    binaryFiles: 0,
    minifiedFiles: 0,
    ignoredFiles: 0,
    ignoredBytes: 0,
    byType: {},
    planted: [],
    ignoredPlanted: [],
    decoys: [],
    list: [],
  };
  files.forEach((f, i) => {
    const r = render(seed, f, i);
    const abs = join(opts.dir, f.path);
    const d = dirname(abs);
    if (!made.has(d)) {
      mkdirSync(d, { recursive: true });
      made.add(d);
    }
    writeFileSync(abs, r.bytes);
    hashFile(hash, f.path, r.bytes);
    const n = r.bytes.length;
    m.files++;
    m.bytes += n;
    m.list.push([f.path, n]);
    const bt = (m.byType[f.type] ??= { files: 0, bytes: 0 });
    bt.files++;
    bt.bytes += n;
    if (f.ignored) {
      m.ignoredFiles++;
      m.ignoredBytes += n;
      m.ignoredPlanted.push(...r.planted);
    } else {
      m.scanFiles++;
      m.scanBytes += n;
      if (f.type === 'bin') m.binaryFiles++;
      else m.textFiles++;
      if (f.type === 'minjs') m.minifiedFiles++;
      m.planted.push(...r.planted);
      m.decoys.push(...r.decoys);
    }
    if (opts.onProgress && m.files % 1000 === 0) opts.onProgress(m.files, m.bytes);
  });
  m.hash = hash.digest('hex');
  return m;
}

function hashFile(hash: ReturnType<typeof createHash>, path: string, bytes: Buffer): void {
  hash.update(`${path}\0${bytes.length}\0`);
  hash.update(bytes);
}

/**
 * Re-reads every file of a manifest (which also warms the page cache for the measurements)
 * and checks the content hash and that no file was added.
 */
export function verifyCorpus(dir: string, m: CorpusManifest): boolean {
  try {
    const onDisk = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    if (onDisk !== m.files) return false;
    const hash = createHash('sha256');
    for (const [path, size] of m.list) {
      const b = readFileSync(join(dir, path));
      if (b.length !== size) return false;
      hashFile(hash, path, b);
    }
    return hash.digest('hex') === m.hash;
  } catch {
    return false;
  }
}

export function manifestPath(dir: string): string {
  return `${dir}.manifest.json`;
}

export interface EnsuredCorpus {
  dir: string;
  manifest: CorpusManifest;
  reused: boolean;
  generateMs: number;
}

/** The corpus `corpus-<label>` under `outRoot`: reused when present and intact, else generated. */
export function ensureCorpus(outRoot: string, label: string, targetBytes: number, seed = DEFAULT_SEED, log: (s: string) => void = () => {}): EnsuredCorpus {
  const dir = join(outRoot, `corpus-${label}`);
  const mp = manifestPath(dir);
  if (existsSync(mp)) {
    try {
      const m = JSON.parse(readFileSync(mp, 'utf8')) as CorpusManifest;
      if (m.generator === GENERATOR_VERSION && m.seed === seed && m.targetBytes === targetBytes) {
        const t = Date.now();
        if (verifyCorpus(dir, m)) {
          log(`corpus ${label}: reusing ${dir} (hash ${m.hash.slice(0, 12)}, checked in ${Date.now() - t} ms)`);
          return { dir, manifest: m, reused: true, generateMs: 0 };
        }
        log(`corpus ${label}: ${dir} differs from its manifest; regenerating`);
      }
    } catch {
      // Unreadable manifest: regenerate.
    }
  }
  log(`corpus ${label}: generating ${(targetBytes / 1048576).toFixed(0)} MB into ${dir} (seed "${seed}")`);
  const t = Date.now();
  rmSync(mp, { force: true });
  const m = generateCorpus({
    dir,
    targetBytes,
    seed,
    label,
    onProgress: (files, bytes) => {
      if (files % 10000 === 0) log(`  ${files} files, ${(bytes / 1048576).toFixed(0)} MB`);
    },
  });
  writeFileSync(mp, JSON.stringify(m));
  const generateMs = Date.now() - t;
  // Read it back once: proves the hash and warms the page cache like the reuse path does.
  if (!verifyCorpus(dir, m)) throw new Error(`corpus ${label}: the tree just written does not match its manifest`);
  log(`corpus ${label}: ${m.files} files, ${(m.bytes / 1048576).toFixed(1)} MB in ${(generateMs / 1000).toFixed(1)} s (hash ${m.hash.slice(0, 12)})`);
  return { dir, manifest: m, reused: false, generateMs };
}
