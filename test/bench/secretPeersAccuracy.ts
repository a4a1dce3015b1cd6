/**
 * Secret detection side by side: Palisade, secretlint (recommended preset) and gitleaks (WASM
 * build, default config), each run as a child process on the same files.
 *
 *  - Labelled material: every row of a labelled corpus becomes one file (named after the row's
 *    `path` when it has one); a tool "reports" a row when it reports anything in its file. Per
 *    family and tool: recall (positives reported), look-alike rate (expected:false rows reported,
 *    rows whose identical text is also labelled positive excluded) and precision
 *    (reported positives / all reported rows).
 *  - Noise: the text files of the repository's own node_modules (third-party code, no planted
 *    secrets), copied under a neutral root so no tool skips them by folder name; findings per MB,
 *    split into test/fixture paths and the rest.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathContext } from '../../tasks/engine/secrets/findingContext';
import type { BenchRow } from './accuracy';
import { familyOf } from './accuracy';
import { gitleaksScanner } from './gitleaksPeer';
import type { DriverOutput } from './engineDriver';
import { measure } from './measure';
import { driverPath, REPO_ROOT, type Scanner, type ScannerRun } from './peers';
import type { Located } from './score';

export const TOOLS = ['palisade', 'secretlint', 'gitleaks'] as const;
export type ToolId = (typeof TOOLS)[number];

export interface ToolFamilyStats {
  positives: number;
  found: number;
  negatives: number;
  reportedNegatives: number;
  recall: number;
  lookAlikeRate: number;
  /** found / (found + reportedNegatives); NaN when the tool reported nothing in the family. */
  precision: number;
}

export interface PeerFamilyRow {
  family: string;
  tools: Partial<Record<ToolId, ToolFamilyStats>>;
}

export interface ToolRunInfo {
  id: ToolId;
  label: string;
  command: string;
  wallMs: number;
  error?: string;
}

export interface PeerCorpusResult {
  rows: number;
  families: PeerFamilyRow[];
  overall: PeerFamilyRow;
  runs: ToolRunInfo[];
  /** Indexes of the rows each tool reported (for listing misses and false reports). */
  reportedRows: Partial<Record<ToolId, number[]>>;
  /**
   * Palisade counting only findings at normal confidence: fillers and failed checksums are
   * shown at low confidence by design (placeholders policy), so they are scored apart.
   */
  palisadeConfident?: ToolFamilyStats;
}

export interface NoiseToolResult {
  id: ToolId;
  findings: number;
  testFindings: number;
  /** In examples and samples (findingContext's example paths): counted apart from tests and from the rest. */
  exampleFindings: number;
  /** Outside test and example paths. */
  otherFindings: number;
  perMbTest: number;
  perMbExample: number;
  perMbOther: number;
  /** Rules behind the findings outside test and example paths, most frequent first. */
  topRules?: [string, number][];
  wallMs: number;
  error?: string;
}

export interface NoiseResult {
  root: string;
  files: number;
  mbTest: number;
  mbExample: number;
  mbOther: number;
  tools: NoiseToolResult[];
}

/** One file per row: `r<index>/<basename of row.path>` (or `snippet.txt`); returns file -> row index. */
export function writeRowTree(rows: readonly BenchRow[], dir: string): Map<string, number> {
  const byFile = new Map<string, number>();
  rows.forEach((row, i) => {
    const name = row.path ? basename(row.path) : 'snippet.txt';
    const rel = `r${String(i).padStart(5, '0')}/${name}`;
    mkdirSync(join(dir, dirname(rel)), { recursive: true });
    writeFileSync(join(dir, rel), row.text);
    byFile.set(rel, i);
  });
  return byFile;
}

function scannerFor(id: ToolId, root: string, work: string, timeoutMs: number): Scanner | { unavailable: string } {
  if (id === 'palisade') return palisadeWithRules(root, timeoutMs);
  if (id === 'secretlint') return secretlintInProcess(root, timeoutMs);
  return gitleaksScanner(root, join(work, 'gitleaks'), timeoutMs);
}

/** Lists the files under `root` (relative, `/`-separated). */
function listFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(root, r));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

// secretlint is published as ES modules; TypeScript's CommonJS output would turn import() into require().
const importEsm = new Function('s', 'return import(s)') as (s: string) => Promise<Record<string, unknown>>;

/**
 * secretlint with its recommended preset through its own API (`@secretlint/core` lintSource), one
 * file at a time in this process: its CLI spends minutes on start-up work per run of thousands of
 * small files, which would measure the CLI rather than the rules.
 */
function secretlintInProcess(root: string, timeoutMs: number): Scanner {
  return {
    id: 'secretlint',
    label: 'secretlint (recommend preset, @secretlint/core lintSource)',
    command: 'lintSource() of @secretlint/core with @secretlint/secretlint-rule-preset-recommend, per file',
    notes: [],
    async run() {
      const t0 = performance.now();
      try {
        const core = await importEsm(join(REPO_ROOT, 'node_modules', '@secretlint', 'core', 'module', 'index.js'));
        const preset = await importEsm(join(REPO_ROOT, 'node_modules', '@secretlint', 'secretlint-rule-preset-recommend', 'module', 'index.js'));
        const lintSource = core.lintSource as (o: unknown) => Promise<{ messages: { ruleId: string; loc: { start: { line: number } } }[] }>;
        const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator ?? preset.default }] };
        const findings: (Located & { rule: string })[] = [];
        const files = listFiles(root);
        let done = 0;
        for (const rel of files) {
          if (performance.now() - t0 > timeoutMs) {
            return { wallMs: performance.now() - t0, exitCode: 1, timedOut: true, stdout: '', stderr: '', findings: [], error: `timed out after ${(timeoutMs / 1000).toFixed(0)} s (${done}/${files.length} files)` } as unknown as ScannerRun;
          }
          done++;
          const content = readFileSync(join(root, rel), 'utf8');
          const res = await lintSource({ source: { content, filePath: join(root, rel), contentType: 'text' }, options: { config, maskSecrets: true } });
          for (const m of res.messages) findings.push({ path: rel, line: m.loc.start.line, rule: m.ruleId });
        }
        return { wallMs: performance.now() - t0, exitCode: 0, timedOut: false, stdout: '', stderr: '', findings } as unknown as ScannerRun;
      } catch (e) {
        return { wallMs: performance.now() - t0, exitCode: 1, timedOut: false, stdout: '', stderr: '', findings: [], error: (e as Error).message } as unknown as ScannerRun;
      }
    },
  };
}

/** Palisade through the bench's engine driver (secret rules only), keeping each finding's rule id. */
function palisadeWithRules(root: string, timeoutMs: number): Scanner {
  return {
    id: 'palisade',
    label: 'palisade (built-in secret rules)',
    command: 'node out/test/bench/engineDriver.js --root <root>',
    notes: [],
    async run() {
      const m = await measure(process.execPath, [driverPath(), '--root', root], { cwd: REPO_ROOT, timeoutMs });
      if (m.exitCode !== 0) return { ...m, stdout: '', findings: [], error: m.timedOut ? 'timed out' : `exit ${m.exitCode}: ${m.stderr.trim().split('\n').slice(-3).join(' | ')}` };
      const d = JSON.parse(m.stdout.trim().split('\n').pop() ?? '{}') as DriverOutput;
      return { ...m, stdout: '', findings: d.findings.map((f) => ({ path: f.path, line: f.line, rule: f.ruleId, low: !!f.low })) as Located[] };
    },
  };
}

async function runTool(id: ToolId, root: string, work: string, timeoutMs: number): Promise<{ info: ToolRunInfo; run?: ScannerRun }> {
  const s = scannerFor(id, root, work, timeoutMs);
  if ('unavailable' in s) return { info: { id, label: id, command: '', wallMs: 0, error: s.unavailable } };
  const run = await s.run();
  return { info: { id, label: s.label, command: s.command, wallMs: run.wallMs, error: run.error }, run };
}

function stats(positives: number, found: number, negatives: number, reportedNegatives: number): ToolFamilyStats {
  return {
    positives,
    found,
    negatives,
    reportedNegatives,
    recall: positives ? found / positives : NaN,
    lookAlikeRate: negatives ? reportedNegatives / negatives : NaN,
    precision: found + reportedNegatives ? found / (found + reportedNegatives) : NaN,
  };
}

/** Runs the three tools on the labelled rows and scores them per family. */
export async function runPeerCorpus(rows: readonly BenchRow[], tools: readonly ToolId[] = TOOLS, timeoutMs = 20 * 60_000): Promise<PeerCorpusResult> {
  const work = mkdtempSync(join(tmpdir(), 'palisade-secret-peers-'));
  try {
    const root = join(work, 'rows');
    const byFile = writeRowTree(rows, root);
    const positiveTexts = new Set(rows.filter((r) => r.expected).map((r) => r.text));
    const reportedBy = new Map<ToolId, Set<number>>();
    let confident: Set<number> | undefined;
    const runs: ToolRunInfo[] = [];
    for (const id of tools) {
      const { info, run } = await runTool(id, root, work, timeoutMs);
      runs.push(info);
      if (!run || run.error) continue;
      const hit = new Set<number>();
      for (const f of run.findings as Located[]) {
        const i = byFile.get(f.path);
        if (i !== undefined) hit.add(i);
      }
      reportedBy.set(id, hit);
      if (id === 'palisade') {
        confident = new Set<number>();
        for (const f of run.findings as (Located & { low?: boolean })[]) {
          const i = byFile.get(f.path);
          if (i !== undefined && !f.low) confident.add(i);
        }
      }
    }
    const families = new Map<string, number[]>();
    rows.forEach((r, i) => {
      const fam = familyOf(r.rule);
      (families.get(fam) ?? families.set(fam, []).get(fam)!).push(i);
    });
    const score = (family: string, idx: readonly number[]): PeerFamilyRow => {
      const out: PeerFamilyRow = { family, tools: {} };
      for (const [id, hit] of reportedBy) {
        let p = 0, f = 0, n = 0, rn = 0;
        for (const i of idx) {
          const r = rows[i];
          if (r.expected) {
            p++;
            if (hit.has(i)) f++;
          } else if (!positiveTexts.has(r.text)) {
            n++;
            if (hit.has(i)) rn++;
          }
        }
        out.tools[id] = stats(p, f, n, rn);
      }
      return out;
    };
    const famRows = [...families.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([fam, idx]) => score(fam, idx));
    const reportedRows: Partial<Record<ToolId, number[]>> = {};
    for (const [id, hit] of reportedBy) reportedRows[id] = [...hit].sort((a, b) => a - b);
    let palisadeConfident: ToolFamilyStats | undefined;
    if (confident) {
      let p = 0, f = 0, n = 0, rn = 0;
      rows.forEach((r, i) => {
        if (r.expected) {
          p++;
          if (confident!.has(i)) f++;
        } else if (!positiveTexts.has(r.text)) {
          n++;
          if (confident!.has(i)) rn++;
        }
      });
      palisadeConfident = stats(p, f, n, rn);
    }
    return { rows: rows.length, families: famRows, overall: score('overall', rows.map((_, i) => i)), runs, reportedRows, palisadeConfident };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// Source and config of the common languages, so that a tree of Python, C or Java (--noise-dir)
// is measured on its code, not only on its JSON and Markdown.
const TEXT_EXT = /\.(?:js|mjs|cjs|ts|mts|cts|jsx|tsx|json|md|markdown|txt|rst|yml|yaml|html|css|map|d\.ts|sh|py|pyi|xml|ini|toml|cfg|conf|env|properties|c|h|cc|cpp|hpp|java|kt|scala|go|rs|rb|php|cs|pl|pm|ps1|tf|sql|gradle|swift)$/i;
const MAX_FILE = 1024 * 1024;

/** Copies the text files (< 1 MB) of `from` into `to`, keeping relative paths; returns their relative paths and sizes. */
export function copyTextTree(from: string, to: string): { path: string; bytes: number }[] {
  const out: { path: string; bytes: number }[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(from, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && TEXT_EXT.test(e.name)) {
        const size = statSync(join(from, r)).size;
        if (size === 0 || size > MAX_FILE) continue;
        mkdirSync(join(to, rel), { recursive: true });
        copyFileSync(join(from, r), join(to, r));
        out.push({ path: r, bytes: size });
      }
    }
  };
  walk('');
  return out;
}

/** Findings per MB of each tool on the text files of node_modules, test paths apart. */
export async function runNoise(tools: readonly ToolId[] = TOOLS, source = join(REPO_ROOT, 'node_modules'), timeoutMs = 10 * 60_000): Promise<NoiseResult> {
  const work = mkdtempSync(join(tmpdir(), 'palisade-secret-noise-'));
  try {
    // A neutral root name: gitleaks' default allowlist skips any path under node_modules/.
    const root = join(work, 'third-party');
    // Made first: a tree without text files is measured as empty (0 findings), not as a tool's failure.
    mkdirSync(root, { recursive: true });
    const files = copyTextTree(source, root);
    const bytes = { test: 0, example: 0, other: 0 };
    for (const f of files) bytes[pathContext(f.path) ?? 'other'] += f.bytes;
    const mbTest = bytes.test / 1e6, mbExample = bytes.example / 1e6, mbOther = bytes.other / 1e6;
    const res: NoiseResult = { root: `${source === join(REPO_ROOT, 'node_modules') ? 'node_modules' : source} (text files < 1 MB)`, files: files.length, mbTest, mbExample, mbOther, tools: [] };
    for (const id of tools) {
      const { info, run } = await runTool(id, root, work, timeoutMs);
      if (!run || run.error) {
        res.tools.push({ id, findings: 0, testFindings: 0, exampleFindings: 0, otherFindings: 0, perMbTest: NaN, perMbExample: NaN, perMbOther: NaN, wallMs: info.wallMs, error: info.error });
        continue;
      }
      const fs = run.findings as (Located & { rule?: string })[];
      const count = { test: 0, example: 0, other: 0 };
      const rules = new Map<string, number>();
      for (const f of fs) {
        const where = pathContext(f.path) ?? 'other';
        count[where]++;
        if (where === 'other' && f.rule) rules.set(f.rule, (rules.get(f.rule) ?? 0) + 1);
      }
      res.tools.push({
        id,
        findings: fs.length,
        testFindings: count.test,
        exampleFindings: count.example,
        otherFindings: count.other,
        perMbTest: mbTest ? count.test / mbTest : NaN,
        perMbExample: mbExample ? count.example / mbExample : NaN,
        perMbOther: mbOther ? count.other / mbOther : NaN,
        topRules: rules.size ? [...rules.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8) : undefined,
        wallMs: run.wallMs,
      });
    }
    return res;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const pct = (x: number): string => (Number.isNaN(x) ? '-' : `${(100 * x).toFixed(1)}%`);
const num = (x: number, d = 2): string => (Number.isNaN(x) ? '-' : x.toFixed(d));

function table(head: string[], rows: string[][], sepBefore = -1): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const lines = [fmt(head), rule];
  rows.forEach((r, i) => {
    if (i === sepBefore) lines.push(rule);
    lines.push(fmt(r));
  });
  return lines.join('\n');
}

export function formatPeerCorpus(r: PeerCorpusResult): string {
  const ids = TOOLS.filter((t) => r.overall.tools[t]);
  const head = ['family', 'pos', 'neg', ...ids.flatMap((t) => [`${t} recall`, 'look-alike', 'precision'])];
  const all = [...r.families, r.overall];
  const rows = all.map((f) => {
    const any = ids.map((t) => f.tools[t]).find((s) => s);
    return [f.family, String(any?.positives ?? 0), String(any?.negatives ?? 0), ...ids.flatMap((t) => {
      const s = f.tools[t]!;
      return [pct(s.recall), pct(s.lookAlikeRate), pct(s.precision)];
    })];
  });
  const runs = r.runs.map((x) => `  ${x.id}: ${x.error ? `NOT RUN (${x.error})` : `${x.label}, ${(x.wallMs / 1000).toFixed(1)} s`}`).join('\n');
  const behind = r.families.filter((f) => f.tools.palisade && f.tools.gitleaks && f.tools.palisade.positives && f.tools.palisade.recall < f.tools.gitleaks.recall).map((f) => `${f.family} ${pct(f.tools.palisade!.recall)}<${pct(f.tools.gitleaks!.recall)}`);
  const pc = r.palisadeConfident;
  const confidentLine = pc ? `\npalisade without its low-confidence findings (fillers, failed checksums): recall ${pct(pc.recall)}, look-alike ${pct(pc.lookAlikeRate)}, precision ${pct(pc.precision)}` : '';
  return `${table(head, rows, rows.length - 1)}${confidentLine}\n\n${r.rows} rows; precision = reported positives / all reported rows; look-alike = expected:false rows reported (label conflicts excluded)\n${runs}\nfamilies where Palisade's recall trails gitleaks: ${behind.length ? behind.join(', ') : 'none'}`;
}

export function formatNoise(r: NoiseResult): string {
  const head = ['tool', 'findings', 'in test paths', 'per MB', 'in examples', 'per MB', 'elsewhere', 'per MB', 'outside tests, per MB', 'time'];
  const mbOutsideTests = r.mbExample + r.mbOther;
  const rows = r.tools.map((t) =>
    t.error
      ? [t.id, 'NOT RUN', t.error.slice(0, 60), '', '', '', '', '', '', '']
      : [
          t.id, String(t.findings), String(t.testFindings), num(t.perMbTest, 3), String(t.exampleFindings), num(t.perMbExample, 3),
          String(t.otherFindings), num(t.perMbOther, 3), num(mbOutsideTests ? (t.exampleFindings + t.otherFindings) / mbOutsideTests : NaN, 3),
          `${(t.wallMs / 1000).toFixed(1)} s`,
        ],
  );
  const top = r.tools.filter((t) => t.topRules).map((t) => `  ${t.id} (elsewhere): ${t.topRules!.map(([k, v]) => `${k}=${v}`).join(', ')}`).join('\n');
  return `${r.root}: ${r.files} files, ${num(r.mbTest, 1)} MB in test/fixture paths, ${num(r.mbExample, 1)} MB in example/sample paths, ${num(r.mbOther, 1)} MB elsewhere\n${table(head, rows)}${top ? `\n${top}` : ''}`;
}
