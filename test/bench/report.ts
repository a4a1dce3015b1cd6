/** The benchmark's result model, its targets, and its renderings (text table and Markdown). */
import type { PrLatencyResult } from './prLatency';
import type { HubLatencyResult } from './hubLatency';
import type { Coverage, Score } from './score';
import type { ProfileSummary } from './profile';

export interface RunFigures {
  wallMs: number;
  peakRssMiB: number | null;
  cpuS: number | null;
  error?: string;
}

export interface ScannerResult {
  id: string;
  label: string;
  version?: string;
  command: string;
  notes: string[];
  runs: RunFigures[];
  /** Median over successful runs. */
  wallMs: number | null;
  mbPerS: number | null;
  filesPerS: number | null;
  /** Largest over runs. */
  peakRssMiB: number | null;
  cpuS: number | null;
  /** MB per CPU-second of the whole process (start-up included). */
  mbPerCpuS?: number | null;
  error?: string;
  /** True when a run hit the time limit: the throughput is then an upper bound. */
  timedOut?: boolean;
  score?: Score;
  /** Palisade only: what the scan reported about itself (median run). */
  engine?: { scanMs: number; processMs: number; loadRulesMs: number; workers: number; rulesActive: number; filesScanned: number; bytesScanned: number; scanCpuS?: number };
}

export interface ScalingPoint {
  multiplier: number;
  rules: number;
  wallMs: number | null;
  mbPerS: number | null;
  /** MB/s relative to the 1x point. */
  relative: number | null;
  error?: string;
}

export interface ScalingSeries {
  scanner: string;
  /** `vendors`: new rules with keywords of their own; `copies`: every rule again (worst case). */
  growth: 'vendors' | 'copies';
  points: ScalingPoint[];
}

export type TargetStatus = 'PASS' | 'FAIL' | 'not measured yet' | 'not measured' | 'inconclusive';

export interface TargetResult {
  id: string;
  target: string;
  status: TargetStatus;
  measured?: string;
  note?: string;
}

export interface CorpusResult {
  name: string;
  dir: string;
  generated?: { seed: string; generator: number; hash: string; reused: boolean; generateMs: number };
  /** Files and bytes every scanner is given to look at (not git-ignored, within the size cap). */
  files: number;
  bytes: number;
  detail: string;
  runs: number;
  scanners: ScannerResult[];
  unavailable: { id: string; reason: string }[];
  scaling: ScalingSeries[];
  diffScan?: { files: string[]; wallMs: number; scanMs: number; note: string };
  coverage?: Record<string, Coverage>;
  profile?: ProfileSummary;
  /** Real code (a node_modules copy): the code scanner's throughput per language, one thread. */
  codeByLanguage?: CodeLanguageFigure[];
  /** Corpus built from real code rather than generated. */
  real?: boolean;
  targets: TargetResult[];
}

export interface CodeLanguageFigure {
  language: string;
  source: string;
  files: number;
  bytes: number;
  wallMs: number | null;
  /** CPU seconds inside scan() (rules compiled, files read, parsed and matched). */
  scanCpuS: number | null;
  mbPerCpuS: number | null;
  findings: number;
  error?: string;
}

export interface StartupFigure {
  id: string;
  command: string;
  /** Wall time of each run, ms (process start to exit). */
  wallMs: number[];
  medianMs: number;
  /** Median user + system CPU ms (less sensitive than wall time to load from elsewhere). */
  cpuMs: number | null;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  loadAvgStart: number[];
  loadAvgEnd?: number[];
}

export interface BenchResult {
  schema: 1;
  startedAt: string;
  finishedAt?: string;
  machine: Machine;
  options: Record<string, unknown>;
  corpora: CorpusResult[];
  /** Figures of issue 9 that need parts that do not exist yet. */
  notMeasured: TargetResult[];
  /** CLI start-up: `palisade rules` and a scan of one small file. */
  startup?: { figures: StartupFigure[]; targets: TargetResult[] };
}

// ---- targets -------------------------------------------------------------------------------------

export const TARGETS = {
  secretlintRatio: 10,
  rgRatio: 3,
  /** Each doubling of the rules keeps at least this share of the throughput. */
  scalingKeep: 0.85,
  rssMiB1GB: 400,
  /** Secret scan, MB per CPU-second inside scan() (after start-up), real code. */
  secretsMbPerCpuS: 150,
  startupMs: 150,
  /** Code scanner on real code, MB per CPU-second, by language: 3x the figures before issue 20. */
  codeMbPerCpuS: { javascript: 21, typescript: 21, java: 5.4 } as Record<string, number>,
  prLatencyS: 5,
  hubInteractiveS: 1.5,
  hubFilterMs: 150,
};

const ONE_GB = 1024 * 1024 * 1024;

export function evaluateTargets(c: CorpusResult): TargetResult[] {
  const ours = c.scanners.find((s) => s.id === 'palisade');
  const sl = c.scanners.find((s) => s.id === 'secretlint');
  const rg = c.scanners.find((s) => s.id === 'rg-pcre2');
  const out: TargetResult[] = [];

  const t1 = `secret scan >= ${TARGETS.secretlintRatio}x secretlint's throughput`;
  if (!ours?.mbPerS || !sl) out.push({ id: 'vs-secretlint', target: t1, status: 'not measured', note: sl ? 'palisade failed' : (c.unavailable.find((u) => u.id === 'secretlint')?.reason ?? 'peers skipped') });
  else if (sl.mbPerS === null) out.push({ id: 'vs-secretlint', target: t1, status: 'not measured', note: sl.error });
  else {
    const r = ours.mbPerS / sl.mbPerS;
    // A timed-out secretlint run makes its throughput an upper bound, our ratio a lower bound.
    const status: TargetStatus = r >= TARGETS.secretlintRatio ? 'PASS' : sl.timedOut ? 'inconclusive' : 'FAIL';
    out.push({ id: 'vs-secretlint', target: t1, status, measured: `${sl.timedOut ? '>= ' : ''}${fmtRatio(r)}` });
  }

  const t2 = `within ${TARGETS.rgRatio}x of ripgrep (rg -P, same patterns)`;
  if (!ours?.mbPerS || !rg?.mbPerS) out.push({ id: 'vs-rg', target: t2, status: 'not measured', note: rg?.error ?? c.unavailable.find((u) => u.id === 'rg-pcre2')?.reason ?? 'peers skipped' });
  else {
    const r = rg.mbPerS / ours.mbPerS;
    out.push({ id: 'vs-rg', target: t2, status: r <= TARGETS.rgRatio ? 'PASS' : 'FAIL', measured: r >= 1 ? `rg ${fmtRatio(r)} faster` : `palisade ${fmtRatio(1 / r)} faster` });
  }

  const t3 = `throughput nearly flat as rules double (each doubling keeps >= ${Math.round(TARGETS.scalingKeep * 100)}%)`;
  // Judged as rule sets grow: by rules for more vendors. The copies series beside it is the
  // worst case, where every new rule runs wherever an existing one does.
  const series = c.scaling.find((s) => s.scanner === 'palisade' && s.growth === 'vendors');
  if (!series || series.points.length < 2 || series.points.some((p) => p.mbPerS === null)) out.push({ id: 'rule-scaling', target: t3, status: 'not measured' });
  else {
    const steps: number[] = [];
    for (let i = 1; i < series.points.length; i++) steps.push(series.points[i].mbPerS! / series.points[i - 1].mbPerS!);
    const worst = Math.min(...steps);
    out.push({
      id: 'rule-scaling',
      target: t3,
      status: worst >= TARGETS.scalingKeep ? 'PASS' : 'FAIL',
      measured: series.points.map((p) => `${p.multiplier}x: ${p.relative === null ? '-' : (100 * p.relative).toFixed(0) + '%'}`).join(', '),
      note: scalingNote(c),
    });
  }

  // With every scanner on when the corpus measured it (real code), else the secret scan.
  const all = c.scanners.find((s) => s.id === 'palisade-all');
  const rssOf = all ?? ours;
  const t4 = `peak RSS < ${TARGETS.rssMiB1GB} MB on the 1 GB corpus${all ? ', secrets and code on' : ''}`;
  if (!rssOf?.peakRssMiB) out.push({ id: 'rss-1gb', target: t4, status: 'not measured' });
  else if (c.bytes < 0.9 * ONE_GB) out.push({ id: 'rss-1gb', target: t4, status: 'not measured', measured: `${rssOf.peakRssMiB.toFixed(0)} MB on ${fmtMB(c.bytes)}`, note: `run --${c.real ? 'real' : 'size'} 1gb` });
  else out.push({ id: 'rss-1gb', target: t4, status: rssOf.peakRssMiB < TARGETS.rssMiB1GB ? 'PASS' : 'FAIL', measured: `${rssOf.peakRssMiB.toFixed(0)} MB` });

  if (c.real) {
    const t5 = `secret scan >= ${TARGETS.secretlintRatio}x secretlint in CPU seconds too`;
    if (!ours?.cpuS || !sl?.cpuS || sl.wallMs === null) out.push({ id: 'vs-secretlint-cpu', target: t5, status: 'not measured', note: sl?.error ?? 'peers skipped' });
    else {
      const r = sl.cpuS / ours.cpuS;
      out.push({ id: 'vs-secretlint-cpu', target: t5, status: r >= TARGETS.secretlintRatio ? 'PASS' : sl.timedOut ? 'inconclusive' : 'FAIL', measured: `${fmtRatio(r)} (${ours.cpuS.toFixed(2)} vs ${sl.cpuS.toFixed(2)} CPU s)` });
    }
    const t6 = `secret scan >= ${TARGETS.secretsMbPerCpuS} MB per CPU-second after start-up`;
    const e = ours?.engine;
    if (!e?.scanCpuS) out.push({ id: 'secrets-mb-per-cpu-s', target: t6, status: 'not measured' });
    else {
      const v = e.bytesScanned / 1048576 / e.scanCpuS;
      out.push({ id: 'secrets-mb-per-cpu-s', target: t6, status: v >= TARGETS.secretsMbPerCpuS ? 'PASS' : 'FAIL', measured: `${v.toFixed(0)} MB/CPU-s (${e.scanCpuS.toFixed(2)} CPU s in scan())`, note: `whole process: ${ours!.mbPerCpuS?.toFixed(0) ?? '-'} MB/CPU-s` });
    }
    for (const l of c.codeByLanguage ?? []) {
      const want = TARGETS.codeMbPerCpuS[l.language];
      if (want === undefined) continue;
      const t7 = `code scan, ${l.language}: >= ${want} MB per CPU-second (3x before issue 20)`;
      if (l.mbPerCpuS === null) out.push({ id: `code-${l.language}`, target: t7, status: 'not measured', note: l.error });
      else out.push({ id: `code-${l.language}`, target: t7, status: l.mbPerCpuS >= want ? 'PASS' : 'FAIL', measured: `${l.mbPerCpuS.toFixed(1)} MB/CPU-s on ${fmtMB(l.bytes)}` });
    }
  }
  return out;
}

export function notMeasuredYet(diffScan?: CorpusResult['diffScan'], pr?: PrLatencyResult, hub?: HubLatencyResult | string): TargetResult[] {
  const prTarget = `PR diff-aware scan, 3 changed files in a 50,000-file repository, end to end through the task against the emulator < ${TARGETS.prLatencyS} s`;
  return [
    pr
      ? {
          id: 'pr-latency',
          target: prTarget,
          status: pr.medianMs / 1000 < TARGETS.prLatencyS ? 'PASS' : 'FAIL',
          measured: `${(pr.medianMs / 1000).toFixed(2)} s (median of ${pr.wallMs.length}, ${pr.files} files)`,
          note: `task process start to exit, git diff + merge-base scan + PR status/threads + hub publishing; result ${pr.result}, ${pr.newFindings} new`,
        }
      : {
          id: 'pr-latency',
          target: prTarget,
          status: 'not measured yet',
          note: 'run without --no-pr' + (diffScan ? `; the engine part alone (3 files, node start-up included): ${(diffScan.wallMs / 1000).toFixed(2)} s` : ''),
        },
    pr
      ? { id: 'rest-calls', target: 'REST calls per PR run', status: 'PASS', measured: `${pr.restCalls}`, note: 'as served by the emulator, discovery included' }
      : { id: 'rest-calls', target: 'REST calls per PR run', status: 'not measured yet', note: 'run without --no-pr' },
    hub && typeof hub !== 'string'
      ? {
          id: 'hub-interactive',
          target: `hub time-to-interactive with 10,000 findings in Chromium < ${TARGETS.hubInteractiveS} s`,
          status: hub.medianInteractiveMs / 1000 < TARGETS.hubInteractiveS ? 'PASS' : 'FAIL',
          measured: `${(hub.medianInteractiveMs / 1000).toFixed(2)} s (median of ${hub.interactiveMs.length})`,
          note: 'navigation start until the findings table shows rows and its count (production bundle, emulator host page)',
        }
      : { id: 'hub-interactive', target: `hub time-to-interactive with 10,000 findings in Chromium < ${TARGETS.hubInteractiveS} s`, status: 'not measured yet', note: typeof hub === 'string' ? hub : 'run without --no-hub' },
    hub && typeof hub !== 'string'
      ? {
          id: 'hub-filter',
          target: `hub filter latency with 10,000 findings < ${TARGETS.hubFilterMs} ms`,
          status: hub.medianFilterMs < TARGETS.hubFilterMs ? 'PASS' : 'FAIL',
          measured: `${hub.medianFilterMs} ms (median of ${hub.filterMs.length})`,
          note: 'typing a query until the table shows the one match',
        }
      : { id: 'hub-filter', target: `hub filter latency with 10,000 findings < ${TARGETS.hubFilterMs} ms`, status: 'not measured yet', note: typeof hub === 'string' ? hub : 'run without --no-hub' },
    ...(['cold', 'warm'] as const).map((which): TargetResult => {
      const o = hub && typeof hub !== 'string' ? hub.overview : undefined;
      const target = `hub overview of ${o?.repos ?? 500} repositories, ${which}: table usable < ${TARGETS.hubInteractiveS} s`;
      if (!o) return { id: `hub-overview-${which}`, target, status: 'not measured yet', note: typeof hub === 'string' ? hub : 'run without --no-hub' };
      const l = o[which];
      return {
        id: `hub-overview-${which}`,
        target,
        status: l.interactiveMs / 1000 < TARGETS.hubInteractiveS ? 'PASS' : 'FAIL',
        measured: `${(l.interactiveMs / 1000).toFixed(2)} s; every row ${(l.completeMs / 1000).toFixed(2)} s; ${l.totalCalls} REST calls`,
        note: Object.entries(l.calls).map(([k, v]) => `${v} ${k}`).join(', '),
      };
    }),
  ];
}

// ---- formatting ----------------------------------------------------------------------------------

export function fmtMB(bytes: number): string {
  return `${(bytes / 1048576).toFixed(bytes < 100 * 1048576 ? 1 : 0)} MB`;
}

export function fmtRatio(r: number): string {
  return `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2)}x`;
}

function num(x: number | null | undefined, digits: number): string {
  return x === null || x === undefined ? '-' : x.toFixed(digits);
}

function scannerName(s: ScannerResult): string {
  if (s.id === 'palisade-all' && s.engine) return `palisade, secrets + code (${s.engine.workers} thread${s.engine.workers === 1 ? '' : 's'}, ${s.engine.rulesActive} rules)`;
  if (s.id === 'palisade' && s.engine) return `palisade (${s.engine.workers} thread${s.engine.workers === 1 ? '' : 's'}, ${s.engine.rulesActive} rules)`;
  return s.label;
}

function ratioCell(ours: ScannerResult | undefined, s: ScannerResult): string {
  if (s.id.startsWith('palisade') || !ours?.mbPerS || !s.mbPerS) return '';
  const r = ours.mbPerS / s.mbPerS;
  const bound = s.timedOut ? '>=' : '';
  return r >= 1 ? `${bound}${fmtRatio(r)} faster` : `${fmtRatio(1 / r)} slower`;
}

export function scannerTable(c: CorpusResult): string[][] {
  const ours = c.scanners.find((s) => s.id === 'palisade');
  const rows: string[][] = [['scanner', 'wall s', 'MB/s', 'files/s', 'peak RSS MB', 'CPU s', 'MB/CPU-s', 'planted found', 'look-alikes hit', 'palisade vs it']];
  for (const s of c.scanners) {
    rows.push([
      scannerName(s),
      s.error && s.wallMs === null ? `failed: ${s.error}` : `${s.timedOut ? '>' : ''}${num(s.wallMs === null ? null : s.wallMs / 1000, 2)}`,
      num(s.mbPerS, 1),
      num(s.filesPerS, 0),
      num(s.peakRssMiB, 0),
      num(s.cpuS, 2),
      num(s.mbPerCpuS, 1),
      s.score ? `${s.score.found}/${s.score.planted}` : '-',
      s.score ? String(s.score.decoysReported) : '-',
      ratioCell(ours, s),
    ]);
  }
  return rows;
}

/** The worst case, beside the judged figure, so a pass never hides it. */
function scalingNote(c: CorpusResult): string | undefined {
  const copies = c.scaling.find((s) => s.scanner === 'palisade' && s.growth === 'copies');
  if (!copies) return undefined;
  return `copies (worst case): ${copies.points.map((p) => `${p.multiplier}x: ${p.relative === null ? '-' : (100 * p.relative).toFixed(0) + '%'}`).join(', ')}`;
}

export function scalingTable(c: CorpusResult): string[][] {
  if (!c.scaling.length) return [];
  const mults = [...new Set(c.scaling.flatMap((s) => s.points.map((p) => p.multiplier)))].sort((a, b) => a - b);
  const rows: string[][] = [['rules x', ...c.scaling.map((s) => `${s.scanner}, ${s.growth === 'vendors' ? "new vendors' rules" : 'copies'}: MB/s (vs 1x)`)]];
  for (const m of mults) {
    const cells = c.scaling.map((s) => {
      const p = s.points.find((q) => q.multiplier === m);
      if (!p) return '';
      if (p.mbPerS === null) return `failed${p.error ? `: ${p.error}` : ''}`;
      return `${p.mbPerS.toFixed(1)} (${p.relative === null ? '-' : (100 * p.relative).toFixed(0) + '%'}, ${p.rules} rules)`;
    });
    rows.push([`${m}x`, ...cells]);
  }
  return rows;
}

export function kindTable(c: CorpusResult): string[][] {
  const scored = c.scanners.filter((s) => s.score && (s.id === 'palisade' || s.id === 'secretlint' || s.id === 'rg-pcre2'));
  if (!scored.length) return [];
  const kinds = Object.keys(scored[0].score!.byKind);
  const rows: string[][] = [['planted kind', ...scored.map((s) => s.id), ...(c.coverage ? ['palisade rules claim it'] : [])]];
  for (const k of kinds) {
    rows.push([k, ...scored.map((s) => `${s.score!.byKind[k]?.found ?? 0}/${s.score!.byKind[k]?.planted ?? 0}`), ...(c.coverage ? [c.coverage[k] ?? '-'] : [])]);
  }
  return rows;
}

export function codeTable(c: CorpusResult): string[][] {
  if (!c.codeByLanguage?.length) return [];
  return [
    ['language', 'source', 'files', 'MB', 'wall s', 'CPU s in scan()', 'MB/CPU-s', 'findings'],
    ...c.codeByLanguage.map((l) => [l.language, l.source, String(l.files), (l.bytes / 1048576).toFixed(1), l.error ? `failed: ${l.error}` : num(l.wallMs === null ? null : l.wallMs / 1000, 2), num(l.scanCpuS, 2), num(l.mbPerCpuS, 1), String(l.findings)]),
  ];
}

export function startupTable(st: NonNullable<BenchResult['startup']>): string[][] {
  return [['command', 'median wall ms', 'median CPU ms', 'runs ms'], ...st.figures.map((f) => [f.command, f.medianMs.toFixed(0), num(f.cpuMs, 0), f.wallMs.map((x) => x.toFixed(0)).join(' ')])];
}

export function targetTable(ts: readonly TargetResult[]): string[][] {
  return [['target', 'status', 'measured', 'note'], ...ts.map((t) => [t.target, t.status, t.measured ?? '', t.note ?? ''])];
}

export function textTable(rows: readonly string[][], indent = '  '): string {
  if (!rows.length) return '';
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const numeric = (c: string): boolean => /^>?[0-9.]+(\/[0-9]+)?$/.test(c);
  const line = (r: readonly string[]): string => indent + r.map((c, i) => (i > 0 && numeric(c) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(rows[0]), indent + widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function mdTable(rows: readonly string[][]): string {
  if (!rows.length) return '';
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [`| ${rows[0].map(esc).join(' | ')} |`, `|${rows[0].map(() => '---').join('|')}|`, ...rows.slice(1).map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

export function machineLine(m: Machine): string {
  const load = (l?: number[]): string => (l ? l.map((x) => x.toFixed(2)).join(' ') : '?');
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB RAM, ${m.os}, Node ${m.node}; load average ${load(m.loadAvgStart)} at start, ${load(m.loadAvgEnd)} at end`;
}

export function renderText(r: BenchResult): string {
  const out: string[] = [];
  out.push(`Palisade benchmark: ${machineLine(r.machine)}`);
  for (const c of r.corpora) {
    out.push('', `== ${c.name}: ${c.files} files, ${fmtMB(c.bytes)} (${c.detail}); median of ${c.runs} run${c.runs === 1 ? '' : 's'}`);
    out.push(textTable(scannerTable(c)));
    if (c.unavailable.length) out.push(...c.unavailable.map((u) => `  (${u.id} not run: ${u.reason})`));
    const e = c.scanners.find((s) => s.id === 'palisade')?.engine;
    if (e) out.push(`  palisade time split: node start-up and module loading ${(e.processMs - e.loadRulesMs - e.scanMs).toFixed(0)} ms, loading ${e.rulesActive} rules ${e.loadRulesMs.toFixed(0)} ms, scan() ${e.scanMs.toFixed(0)} ms (walk, read, match on ${e.workers} thread${e.workers === 1 ? '' : 's'})${e.scanCpuS ? `, ${e.scanCpuS.toFixed(2)} CPU s in scan(): ${(e.bytesScanned / 1048576 / e.scanCpuS).toFixed(0)} MB/CPU-s after start-up` : ''}`);
    out.push('  How each was run:', ...c.scanners.map((s) => `    ${s.label}: ${s.notes.join('; ')}`));
    const slow = c.scanners.filter((s) => s.timedOut);
    if (slow.length) out.push(...slow.map((s) => `  ${s.label} hit the time limit: its figures are bounds, not measurements`));
    const scaling = scalingTable(c);
    if (scaling.length) {
      out.push('', "  Time as the rules double (new vendors' rules: each with its own keyword; copies: every rule again, the worst case):", textTable(scaling, '    '));
    }
    const code = codeTable(c);
    if (code.length) out.push('', '  Code scanner on real code, one thread, by language:', textTable(code, '    '));
    if (c.diffScan) out.push('', `  Diff-aware scan, engine only: ${c.diffScan.files.length} files in ${(c.diffScan.wallMs / 1000).toFixed(2)} s (scan ${c.diffScan.scanMs.toFixed(0)} ms); ${c.diffScan.note}`);
    const kinds = kindTable(c);
    if (kinds.length) out.push('', '  Planted secrets found, per kind:', textTable(kinds, '    '));
    if (c.profile) {
      out.push('', `  CPU profile (${c.profile.file}, ${c.profile.totalMs.toFixed(0)} ms, one thread): top self time`);
      out.push(textTable([['function', 'where', 'self ms', '%'], ...c.profile.functions.map((f) => [f.function.length > 72 ? f.function.slice(0, 69) + '...' : f.function, f.where, f.selfMs.toFixed(0), f.selfPct.toFixed(1)])], '    '));
    }
    out.push('', '  Targets:', textTable(targetTable(c.targets), '    '));
  }
  if (r.startup) out.push('', 'CLI start-up (wall, process start to exit):', textTable(startupTable(r.startup), '  '), textTable(targetTable(r.startup.targets), '  '));
  out.push('', 'Task and hub (end to end):', textTable(targetTable(r.notMeasured), '  '));
  return out.join('\n');
}

export function renderMarkdown(r: BenchResult): string {
  const out: string[] = [`Measured ${r.finishedAt ?? r.startedAt} on ${machineLine(r.machine)}.`];
  for (const c of r.corpora) {
    out.push('', `**${c.name}**: ${c.files} files, ${fmtMB(c.bytes)} (${c.detail}); median of ${c.runs} run${c.runs === 1 ? '' : 's'}.`, '', mdTable(scannerTable(c)));
    out.push('', ...c.scanners.map((s) => `- ${s.label}: ${s.notes.join('; ')}${s.timedOut ? ' (hit the time limit: figures are bounds)' : ''}`));
    const scaling = scalingTable(c);
    if (scaling.length) out.push('', "Rules doubling (new vendors' rules: each with its own keyword; copies: every rule again, the worst case):", '', mdTable(scaling));
    const code = codeTable(c);
    if (code.length) out.push('', 'Code scanner on real code, one thread, by language:', '', mdTable(code));
    out.push('', mdTable(targetTable(c.targets)));
  }
  if (r.startup) out.push('', 'CLI start-up:', '', mdTable(startupTable(r.startup)), '', mdTable(targetTable(r.startup.targets)));
  out.push('', 'Task and hub (end to end):', '', mdTable(targetTable(r.notMeasured)));
  return out.join('\n') + '\n';
}
