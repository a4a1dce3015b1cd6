/**
 * The scanners the benchmark compares, each run as a child process on the same tree:
 * Palisade (engineDriver), secretlint with its recommended preset, ripgrep with Palisade's own
 * rule patterns (PCRE2, and the default engine with lookarounds stripped).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { DriverOutput, RulesMode } from './engineDriver';
import { measure, type Measured } from './measure';
import { translatePattern, type RgEngine, type RgPattern } from './rgPatterns';
import type { Located } from './score';
import type { SecretRuleSpec } from '../../tasks/engine/rules/ruleSpec';

export const REPO_ROOT = join(__dirname, '..', '..', '..');

export interface ScannerRun extends Measured {
  findings: Located[];
  /** Extra figures a scanner reports about itself. */
  driver?: Omit<DriverOutput, 'findings'>;
  error?: string;
}

export interface Scanner {
  id: string;
  label: string;
  version?: string;
  /** How it was run, for the report (command line with paths shortened). */
  command: string;
  notes: string[];
  run(): Promise<ScannerRun>;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function relTo(root: string, p: string): string {
  return toPosix(isAbsolute(p) ? relative(root, p) : p.replace(/^\.\//, ''));
}

// ---- Palisade ---------------------------------------------------------------------------------

export interface EngineOptions {
  rulesX?: number;
  /** How the rules grow with rulesX (see multiplyRules). */
  rulesMode?: RulesMode;
  /** Anchors of the added rules, worked out beforehand (see engineDriver --write-anchors). */
  anchorsFile?: string;
  workers?: number;
  paths?: readonly string[];
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** Which rules run (default secrets, the compared figure). */
  kinds?: 'secrets' | 'code' | 'all';
  /** Scan only the files listed (one relative path a line) in this file. */
  pathsFile?: string;
  timeoutMs?: number;
}

export function driverPath(): string {
  return join(__dirname, 'engineDriver.js');
}

export async function runEngine(root: string, o: EngineOptions = {}): Promise<ScannerRun> {
  const args = [...(o.nodeFlags ?? []), driverPath(), '--root', root, '--rules-x', String(o.rulesX ?? 1), '--rules-mode', o.rulesMode ?? 'copies'];
  if (o.workers) args.push('--workers', String(o.workers));
  if (o.anchorsFile) args.push('--anchors-file', o.anchorsFile);
  if (o.paths) args.push('--paths', o.paths.join(','));
  if (o.pathsFile) args.push('--paths-file', o.pathsFile);
  if (o.kinds) args.push('--kinds', o.kinds);
  const m = await measure(process.execPath, args, { cwd: REPO_ROOT, timeoutMs: o.timeoutMs });
  if (m.exitCode !== 0) return { ...m, findings: [], error: m.timedOut ? 'timed out' : `exit ${m.exitCode}: ${m.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  const line = m.stdout.trim().split('\n').pop() ?? '';
  const d = JSON.parse(line) as DriverOutput;
  const { findings, ...driver } = d;
  // Peak RSS: GNU time when present, else the scanner's own maxRSS.
  const peak = m.peakRssMiB ?? d.maxRssKiB / 1024;
  return { ...m, stdout: '', peakRssMiB: peak, findings: findings.map((f) => ({ path: f.path, line: f.line })), driver };
}

export function palisadeScanner(root: string, o: EngineOptions & { label?: string; id?: string } = {}): Scanner {
  return {
    id: o.id ?? (o.rulesX && o.rulesX > 1 ? `palisade-x${o.rulesX}` : 'palisade'),
    label: o.label ?? 'palisade',
    command: `node out/test/bench/engineDriver.js --root <root> --rules-x ${o.rulesX ?? 1}${o.workers ? ` --workers ${o.workers}` : ''}${o.kinds ? ` --kinds ${o.kinds}` : ''}`,
    notes: ['child process; wall time includes node start-up, module loading and rule compilation'],
    run: () => runEngine(root, o),
  };
}

// ---- secretlint -------------------------------------------------------------------------------

export function secretlintBin(): string | undefined {
  const p = join(REPO_ROOT, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
  return existsSync(p) ? p : undefined;
}

function packageVersion(name: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

export function secretlintScanner(root: string, workDir: string, timeoutMs?: number): Scanner | { unavailable: string } {
  const bin = secretlintBin();
  if (!bin) return { unavailable: 'node_modules/secretlint is not installed (npm ci)' };
  if (!existsSync(join(REPO_ROOT, 'node_modules', '@secretlint', 'secretlint-rule-preset-recommend'))) {
    return { unavailable: '@secretlint/secretlint-rule-preset-recommend is not installed (npm ci)' };
  }
  mkdirSync(workDir, { recursive: true });
  const rc = join(workDir, 'secretlintrc.json');
  writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }, null, 2) + '\n');
  const args = [bin, `${toPosix(root)}/**/*`, '--secretlintrc', rc, '--format', 'unix', '--no-color', '--no-terminalLink'];
  const notes = ['preset @secretlint/secretlint-rule-preset-recommend; unix formatter (masked); its own file walk (globby, dot files included)'];
  const gi = join(root, '.gitignore');
  if (existsSync(gi)) {
    args.push('--secretlintignore', gi);
    notes.push('the root .gitignore passed as --secretlintignore, so it skips the same files (nested .gitignore files are not read)');
  }
  return {
    id: 'secretlint',
    label: `secretlint ${packageVersion('secretlint') ?? ''} (recommend preset)`.replace('  ', ' '),
    version: packageVersion('secretlint'),
    command: `node node_modules/secretlint/bin/secretlint.js "<root>/**/*" --secretlintrc ${relative(REPO_ROOT, rc)} --format unix${existsSync(gi) ? ' --secretlintignore <root>/.gitignore' : ''}`,
    notes,
    async run() {
      const m = await measure(process.execPath, args, { cwd: REPO_ROOT, timeoutMs });
      // 0 = clean, 1 = findings; anything else is a failure.
      if (m.timedOut) return { ...m, stdout: '', findings: [], error: `timed out after ${((timeoutMs ?? 0) / 1000).toFixed(0)} s` };
      if (m.exitCode !== 0 && m.exitCode !== 1) return { ...m, stdout: '', findings: [], error: `exit ${m.exitCode}: ${m.stderr.trim().split('\n').slice(-3).join(' | ')}` };
      const findings: Located[] = [];
      for (const l of m.stdout.split('\n')) {
        const hit = /^(.*?):(\d+):(\d+): /.exec(l);
        if (hit) findings.push({ path: relTo(root, hit[1]), line: Number(hit[2]) });
      }
      return { ...m, stdout: '', findings };
    },
  };
}

// ---- ripgrep ------------------------------------------------------------------------------------

export function rgVersion(): string | undefined {
  try {
    return execFileSync('rg', ['--version'], { encoding: 'utf8' }).split('\n')[0].replace(/^ripgrep\s+/, '').trim();
  } catch {
    return undefined;
  }
}

const acceptCache = new Map<string, boolean>();

/** Compiles patterns with rg and says whether it takes them (all at once, as one search). */
function rgAccepts(engine: RgEngine, multiline: boolean, patterns: readonly string[]): boolean {
  const key = `${engine}${multiline}\n${patterns.join('\n')}`;
  const known = acceptCache.get(key);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    execFileSync('rg', [...(engine === 'pcre2' ? ['-P'] : ['--regex-size-limit', '1G', '--dfa-size-limit', '1G']), ...(multiline ? ['-U'] : []), '--no-config', '-f', '-', '/dev/null'], { stdio: 'pipe', input: patterns.join('\n') + '\n' });
    ok = true;
  } catch (e) {
    ok = (e as { status?: number }).status === 1; // 1 = compiled, no match
  }
  acceptCache.set(key, ok);
  return ok;
}

export interface RgPatternSet {
  engine: RgEngine;
  patterns: RgPattern[];
  /** Rules whose pattern rg could not take, even adapted. */
  dropped: { ruleId: string; reason: string }[];
}

/** The rule patterns for rg, each checked by rg itself; adapted further or dropped if refused. */
export function buildRgPatterns(specs: readonly SecretRuleSpec[], engine: RgEngine, copies: number, multiline = false): RgPatternSet {
  const dropped: { ruleId: string; reason: string }[] = [];
  type Adapt = { stripLookbehind?: 'variable' | 'all'; ascii?: boolean };
  const ok: { spec: SecretRuleSpec; adapt: Adapt }[] = [];
  for (const [i, s] of specs.entries()) {
    try {
      const tries: Adapt[] = engine === 'pcre2' ? [{}, { stripLookbehind: 'variable' }, { stripLookbehind: 'all' }] : [{ ascii: true }, {}];
      const at = tries.findIndex((t) => rgAccepts(engine, multiline, [translatePattern(s, engine, `r${i}c1_`, t).pattern]));
      if (at >= 0) ok.push({ spec: s, adapt: tries[at] });
      else dropped.push({ ruleId: s.id, reason: `rg ${engine === 'pcre2' ? '-P ' : ''}refuses the pattern${multiline ? '' : ' (a pattern that can match a line break needs -U)'}` });
    } catch (e) {
      dropped.push({ ruleId: s.id, reason: (e as Error).message });
    }
  }
  const patterns: RgPattern[] = [];
  for (let k = 1; k <= copies; k++) {
    ok.forEach(({ spec, adapt }, i) => {
      const p = translatePattern(spec, engine, `r${i}c${k}_`, adapt);
      patterns.push({ ...p, ruleId: k === 1 ? spec.id : `${spec.id}.x${k}` });
    });
  }
  return { engine, patterns, dropped };
}

/**
 * Splits the patterns into as few groups as rg compiles (PCRE2 refuses one very large
 * alternation); each group is one rg run over the tree.
 */
export function rgBatches(engine: RgEngine, multiline: boolean, patterns: readonly string[]): string[][] {
  if (patterns.length <= 1 || rgAccepts(engine, multiline, patterns)) return [patterns.slice()];
  const half = patterns.length >> 1;
  return [...rgBatches(engine, multiline, patterns.slice(0, half)), ...rgBatches(engine, multiline, patterns.slice(half))];
}

export interface RgOptions {
  engine: RgEngine;
  copies?: number;
  multiline?: boolean;
  maxFileSize: number;
  timeoutMs?: number;
}

export function rgScanner(root: string, specs: readonly SecretRuleSpec[], workDir: string, o: RgOptions): Scanner | { unavailable: string } {
  const version = rgVersion();
  if (!version) return { unavailable: 'rg (ripgrep) is not installed; apt-get install -y ripgrep' };
  const set = buildRgPatterns(specs, o.engine, o.copies ?? 1, !!o.multiline);
  if (set.patterns.length === 0) return { unavailable: `rg ${o.engine}: no rule pattern could be used` };
  mkdirSync(workDir, { recursive: true });
  const batches = rgBatches(o.engine, !!o.multiline, set.patterns.map((p) => p.pattern));
  const files = batches.map((b, i) => {
    const file = join(workDir, `rg-${o.engine}-x${o.copies ?? 1}${batches.length > 1 ? `-part${i + 1}` : ''}.patterns`);
    writeFileSync(file, b.join('\n') + '\n');
    return file;
  });
  const common = [
    ...(o.engine === 'pcre2' ? ['-P'] : ['--regex-size-limit', '1G', '--dfa-size-limit', '1G']),
    ...(o.multiline ? ['-U'] : []),
    '--no-config', '--hidden', '--no-ignore-parent', '--no-ignore-global', '--no-require-git',
    '--max-filesize', String(o.maxFileSize),
    '-n', '-o', '-r', '', '--no-heading', '--with-filename', '--color', 'never',
  ];
  const notes: string[] = [];
  notes.push(o.engine === 'pcre2'
    ? `rg -P (PCRE2 ${pcre2Version() ?? ''}): rule patterns as written (lookarounds, back-references), group names made unique per rule`.replace(' )', ')')
    : "rg's default engine: lookarounds stripped and back-references replaced by their group (matches a superset); ASCII mode where the rule is ASCII, as JavaScript without the u flag");
  const changed = [...new Set(set.patterns.flatMap((p) => (p.note ? p.note.split('; ') : [])))];
  const changedRules = new Set(set.patterns.filter((p) => p.note).map((p) => p.ruleId.replace(/\.x\d+$/, '')));
  if (changed.length) notes.push(`${changedRules.size} of ${specs.length} rules adapted: ${changed.join('; ')}`);
  if (set.dropped.length) notes.push(`${set.dropped.length} rules left out (rg refused them): ${set.dropped.map((d) => d.ruleId).join(', ')}`);
  if (batches.length > 1) notes.push(`rg cannot compile all ${set.patterns.length} patterns as one search; run as ${batches.length} searches over the tree, times added`);
  notes.push(o.multiline ? 'multi-line search (-U)' : 'line by line (no -U): patterns that can match a line break are left out');
  notes.push('no keyword prefilter, entropy, placeholder or allowlist checks: raw regex matches');
  const id = `rg-${o.engine}${(o.copies ?? 1) > 1 ? `-x${o.copies}` : ''}`;
  return {
    id,
    label: o.engine === 'pcre2' ? `rg ${version} -P (PCRE2)` : `rg ${version} (default engine, lookarounds stripped)`,
    version,
    command: `rg ${common.map((a) => (a === '' ? "''" : a)).join(' ')} -f ${files.map((f) => relative(REPO_ROOT, f)).join(' (then) -f ')} <root>`,
    notes,
    async run() {
      const findings: Located[] = [];
      let total: Measured | undefined;
      for (const file of files) {
        const m = await measure('rg', [...common, '-f', file, root], { timeoutMs: o.timeoutMs });
        total = total
          ? { ...m, wallMs: total.wallMs + m.wallMs, cpuS: total.cpuS === null || m.cpuS === null ? null : total.cpuS + m.cpuS, peakRssMiB: Math.max(total.peakRssMiB ?? 0, m.peakRssMiB ?? 0) || null }
          : m;
        if (m.timedOut) return { ...total, stdout: '', findings: [], error: 'timed out' };
        if (m.exitCode !== 0 && m.exitCode !== 1) return { ...total, stdout: '', findings: [], error: `exit ${m.exitCode}: ${m.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}` };
        for (const l of m.stdout.split('\n')) {
          const hit = /^(.*?):(\d+):$/.exec(l);
          if (hit) findings.push({ path: relTo(root, hit[1]), line: Number(hit[2]) });
        }
      }
      return { ...total!, stdout: '', findings };
    },
  };
}

export function pcre2Version(): string | undefined {
  try {
    return /PCRE2 ([\d.]+)/.exec(execFileSync('rg', ['--pcre2-version'], { encoding: 'utf8' }))?.[1];
  } catch {
    return undefined;
  }
}

export function isUnavailable(s: Scanner | { unavailable: string }): s is { unavailable: string } {
  return 'unavailable' in s;
}
