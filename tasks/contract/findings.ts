/**
 * The finding model shared by the engine, the task, the CLI and the hub.
 * Changing a field here is a contract change: bump CONTRACT_VERSION in ./version.
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'note'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FAIL_ON_LEVELS = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

export const FINDING_KINDS = ['secret', 'code', 'dependency', 'external'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Lower is more severe; used for sorting and for threshold checks. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** True when `s` is at or above the `failOn` threshold. `none` never fails. */
export function meetsThreshold(s: Severity, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  return severityRank(s) <= SEVERITIES.indexOf(failOn);
}

export function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

export function isFailOn(v: unknown): v is FailOn {
  return typeof v === 'string' && (FAIL_ON_LEVELS as readonly string[]).includes(v);
}

/** SARIF `level` for a severity. */
export function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  if (s === 'critical' || s === 'high') return 'error';
  if (s === 'medium') return 'warning';
  return 'note';
}

/**
 * `properties.security-severity` as GitHub/ADO code scanning read it:
 * >= 9.0 critical, >= 7.0 high, >= 4.0 medium, > 0 low.
 */
export function securitySeverityScore(s: Severity): string {
  switch (s) {
    case 'critical': return '9.5';
    case 'high': return '8.0';
    case 'medium': return '5.5';
    case 'low': return '3.0';
    case 'note': return '0.0';
  }
}

export function severityFromScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'note';
}

export type SuppressionKind = 'inSource' | 'baseline' | 'config' | 'triage';

export interface Suppression {
  kind: SuppressionKind;
  /** Free text the user gave (e.g. `-- used in tests`), never scanned content. */
  justification?: string;
}

export interface Region {
  /** 1-based line of the first character. */
  startLine: number;
  /** 1-based column (UTF-16 code units) of the first character. */
  startColumn: number;
  endLine: number;
  /** 1-based column one past the last character (SARIF convention). */
  endColumn: number;
}

/** One place on the path request input takes to a finding. */
export interface FlowStep {
  /** The file of this place, relative to the scanned root, when not the finding's own (a flow across files). */
  path?: string;
  region: Region;
  /** Masked code at that place: safe to print, store and render. */
  preview: string;
}

/**
 * `properties.context` of a finding the scan placed by its path: `test` (tests, fixtures, mocks),
 * `example` (examples, samples, `.env.example` templates: illustration others copy). Such
 * findings are kept, marked, and by default one severity lower.
 */
export const PATH_CONTEXTS = ['test', 'example'] as const;
export type PathContext = (typeof PATH_CONTEXTS)[number];

export function pathContextOf(f: Pick<Finding, 'properties'>): PathContext | undefined {
  const c = f.properties?.context;
  return c === 'test' || c === 'example' ? c : undefined;
}

export interface Finding {
  ruleId: string;
  kind: FindingKind;
  severity: Severity;
  /** One line for humans; built from rule metadata, never from raw matched text. */
  message: string;
  /** Path relative to the scanned root, with `/` separators. */
  path: string;
  region: Region;
  /** Masked form of the matched value: safe to print, store and render. */
  preview: string;
  /** Stable identity: survives line moves; keys triage, baselines and PR threads. */
  fingerprint: string;
  suppression?: Suppression;
  /** Free-form, JSON-safe extra facts (package, version, advisory ids...). */
  properties?: Record<string, unknown>;
  /**
   * Code findings whose rule asked for request input: where the input comes from (first), the
   * places it passes through, and the sink (last, the finding's own region). SARIF `codeFlows`.
   */
  flow?: FlowStep[];
}

/** A flow as stored: at least a source and a sink, each with a line and a masked preview. */
export function readableFlow(v: unknown): FlowStep[] | undefined {
  if (!Array.isArray(v) || v.length < 2) return undefined;
  const steps: FlowStep[] = [];
  for (const s of v) {
    if (typeof s !== 'object' || s === null) return undefined;
    const r = (s as { region?: Partial<Region> }).region;
    const line = Number(r?.startLine);
    if (typeof (s as { preview?: unknown }).preview !== 'string' || !Number.isInteger(line) || line < 1) return undefined;
    const whole = (n: unknown, min: number): number => (Number.isInteger(Number(n)) && Number(n) >= min ? Number(n) : min);
    const startColumn = whole(r?.startColumn, 1);
    const path = (s as { path?: unknown }).path;
    steps.push({ ...(typeof path === 'string' && path ? { path } : {}), region: { startLine: line, startColumn, endLine: whole(r?.endLine, line), endColumn: whole(r?.endColumn, 1) }, preview: (s as FlowStep).preview });
  }
  return steps;
}

/** Where a flow starts and ends, the words PR comments and the hub use: "input from X (line a) reaches Y (line b)". */
export function flowEnds(flow: readonly FlowStep[] | undefined): { from: FlowStep; to: FlowStep; through: number } | undefined {
  if (!flow || flow.length < 2) return undefined;
  return { from: flow[0], to: flow[flow.length - 1], through: flow.length - 2 };
}

export type SkipReason =
  | 'gitignored'
  | 'excluded'
  | 'vcs-directory'
  | 'binary'
  | 'too-large'
  | 'symlink-outside-root'
  | 'symlink-loop'
  | 'symlink-duplicate'
  | 'unreadable'
  | 'special-file';

export interface SkippedPath {
  path: string;
  reason: SkipReason;
  /** Extra facts for the reason (e.g. size in bytes), never file content. */
  detail?: string;
}

/** A problem the scan met but survived (bad suppression comment, parser error...). */
export interface Diagnostic {
  level: 'warning' | 'error';
  message: string;
  path?: string;
  line?: number;
  /**
   * The scanner itself could not finish (advisory source unreachable, crash): the scan is
   * incomplete, which the task treats like a scanner failure. Problems in a scanned file
   * (a malformed lockfile) are not.
   */
  scannerFailure?: boolean;
}

export interface ScanStats {
  filesScanned: number;
  bytesScanned: number;
  filesSkipped: number;
  durationMs: number;
  workers: number;
}

export interface RuleSummary {
  id: string;
  kind: FindingKind;
  title: string;
  description: string;
  severity: Severity;
  cwe: string[];
  helpText: string;
  helpMarkdown: string;
  tags: string[];
}

export interface ScanResult {
  root: string;
  findings: Finding[];
  skipped: SkippedPath[];
  diagnostics: Diagnostic[];
  stats: ScanStats;
  /** Metadata of every rule that could have produced a finding in this scan. */
  rules: RuleSummary[];
  toolVersion: string;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, note: 0 };
  for (const f of findings) if (!f.suppression) counts[f.severity]++;
  return counts;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    a.region.startLine - b.region.startLine ||
    a.region.startColumn - b.region.startColumn ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

export interface GateOutcome {
  /** Unsuppressed findings at or above the threshold: these fail the build. */
  failing: Finding[];
  /** Unsuppressed findings below the threshold. */
  below: Finding[];
  suppressed: Finding[];
}

/** Splits findings the way the build gate sees them; suppressed findings never fail it. */
export function gateFindings(findings: readonly Finding[], failOn: FailOn): GateOutcome {
  const out: GateOutcome = { failing: [], below: [], suppressed: [] };
  for (const f of findings) {
    if (f.suppression) out.suppressed.push(f);
    else if (meetsThreshold(f.severity, failOn)) out.failing.push(f);
    else out.below.push(f);
  }
  return out;
}
