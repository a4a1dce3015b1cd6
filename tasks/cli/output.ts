import type { FailOn, Finding, GateOutcome, RuleSummary, ScanResult, Severity } from '../contract/findings';
import { countBySeverity, pathContextOf, SEVERITIES } from '../contract/findings';

import { renderTextTable, type Column, type FitStep } from './textTable';

export { gateFindings } from '../contract/findings';
export { terminalWidth } from './textTable';

const COLORS: Record<Severity, string> = { critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', note: '\x1b[2m' };
const RESET = '\x1b[0m';

/** Strips control characters so nothing from a scanned tree can drive the terminal. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

const FINDING_COLUMNS: readonly Column[] = [
  { header: 'SEVERITY' },
  { header: 'RULE' },
  { header: 'LOCATION', cut: 'start' },
  { header: 'TITLE', wrap: true },
  { header: 'PREVIEW' },
];
const [, RULE, LOCATION, TITLE, PREVIEW] = [0, 1, 2, 3, 4];

/**
 * How the findings table fits a narrow terminal: the preview (the least needed, and only a
 * masked excerpt; `--format json` has it whole) is cut and then left out, the title wraps, a
 * long path loses its start, and the rule id (which `palisade-ignore` needs) is cut last.
 */
const FINDING_FIT: readonly FitStep[] = [
  { column: PREVIEW, to: 16 },
  { column: PREVIEW, drop: true },
  { column: TITLE, to: 32 },
  { column: LOCATION, to: 28 },
  { column: TITLE, to: 24 },
  { column: LOCATION, to: 20 },
  { column: RULE, to: 20 },
];

/**
 * One row per finding: severity, rule, location, what was found (the rule's title, or the
 * finding's own message for a rule the scan does not describe) and the masked preview, fitted
 * to `width` characters (a terminal's; unlimited when unset).
 */
export function renderTable(result: ScanResult & { ruleTitle?: (id: string) => string | undefined }, opts: { color: boolean; width?: number }): string {
  if (result.findings.length === 0) return 'No findings.\n';
  // The engine's own lookup when there is one: the list of every rule reads every rule's help.
  let titles: Map<string, string> | undefined;
  const titleOf = result.ruleTitle ?? ((id: string) => (titles ??= new Map(result.rules.map((r) => [r.id, r.title]))).get(id));
  const rows = result.findings.map((f) => [
    severityCell(f),
    printable(f.ruleId),
    printable(`${f.path}:${f.region.startLine}:${f.region.startColumn}`),
    printable(titleOf(f.ruleId) || f.message),
    printable(f.kind === 'dependency' ? dependencyPreview(f) : f.preview),
  ]);
  const colorOf = opts.color ? (i: number) => (result.findings[i].suppression ? COLORS.note : COLORS[result.findings[i].severity]) : undefined;
  return renderTextTable(FINDING_COLUMNS, rows, opts.width ?? Number.POSITIVE_INFINITY, FINDING_FIT, colorOf, RESET);
}

/**
 * The severity, and why it is not the rule's: `high (example)` for a finding in a test or
 * example path (one step lower by default: see secrets.testPaths), `low (filler)` for a value
 * that looks like a filler (two steps lower), `high (bad checksum)` for a key whose checksum
 * fails (one step lower), `(suppressed)`.
 */
function severityCell(f: Finding): string {
  const context = pathContextOf(f);
  const p = f.properties ?? {};
  const doubt = p.checksum === 'invalid' ? ' (bad checksum)' : p.confidence === 'low' ? ' (filler)' : '';
  return f.severity + doubt + (context ? ` (${context})` : '') + (f.suppression ? ' (suppressed)' : '');
}

/** `qs@6.7.0 -> 6.7.3 (major) via express@4.17.1 > body-parser@1.19.0 > qs@6.7.0 [dev]`: what to upgrade and where it comes from. */
export function dependencyPreview(f: Finding): string {
  const p = f.properties ?? {};
  const fix = typeof p.fixVersion === 'string' ? ` -> ${p.fixVersion}${p.majorUpgrade === true ? ' (major)' : ''}` : Array.isArray(p.fixedVersions) && p.fixedVersions.length === 0 ? ' (no fix)' : '';
  const count = Array.isArray(p.advisories) ? ` [${p.advisories.length} advisories]` : '';
  const via = typeof p.introducedVia === 'string' ? ` via ${p.introducedVia}` : '';
  return `${f.preview}${fix}${count}${via}${p.dev === true ? ' [dev]' : ''}`;
}

const RULE_COLUMNS: readonly Column[] = [{ header: 'RULE' }, { header: 'KIND' }, { header: 'SEVERITY' }, { header: 'CWE' }, { header: 'TITLE', wrap: true }];
const RULE_FIT: readonly FitStep[] = [{ column: 4, to: 24 }, { column: 3, to: 9 }, { column: 0, to: 24 }, { column: 4, to: 16 }];

/** Dependency rules are made per advisory when a scan meets one; the rules table describes them in one row. */
export const ADVISORY_RULES_ROW = ['osv.<advisory id>', 'dependency', 'by CVSS', "advisory's", 'One rule per OSV advisory affecting a package in a lockfile or manifest (e.g. osv.ghsa-29mw-wpgm-hmr9)'];

export function renderRulesTable(rules: readonly RuleSummary[], opts: { width?: number; advisoryRules?: boolean } = {}): string {
  const rows = rules.map((r) => [r.id, r.kind, r.severity, r.cwe.join(','), printable(r.title)]);
  if (opts.advisoryRules) rows.push(ADVISORY_RULES_ROW);
  return renderTextTable(RULE_COLUMNS, rows, opts.width ?? Number.POSITIVE_INFINITY, RULE_FIT);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(result: ScanResult, failOn: FailOn, gate: GateOutcome): string {
  const counts = countBySeverity(result.findings);
  const bySev = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  const open = result.findings.length - gate.suppressed.length;
  const mb = (result.stats.bytesScanned / (1024 * 1024)).toFixed(1);
  const skippedBy: Record<string, number> = {};
  for (const s of result.skipped) skippedBy[s.reason] = (skippedBy[s.reason] ?? 0) + 1;
  const skipped = Object.entries(skippedBy).map(([r, n]) => `${n} ${r}`);
  // The same paths the progress line counted (scanCount): every file read plus every path skipped.
  const paths = `${plural(scanCount(result), 'path')}: ${plural(result.stats.filesScanned, 'file')} scanned (${mb} MB)${skipped.length ? `, ${result.skipped.length} skipped (${skipped.join(', ')})` : ''}`;
  const parts = [
    `${plural(open, 'finding')}${bySev.length ? ` (${bySev.join(', ')})` : ''}`,
    gate.suppressed.length ? `${gate.suppressed.length} suppressed` : '',
    `${paths} in ${(result.stats.durationMs / 1000).toFixed(2)} s`,
  ].filter(Boolean);
  const incomplete = incompleteReason(result);
  // An incomplete scan never reads as a pass: what it did not check may hold findings.
  const verdict = gate.failing.length
    ? `FAILED: ${plural(gate.failing.length, 'finding')} at or above "${failOn}"${incomplete ? `; the scan is also incomplete: ${incomplete}` : ''}`
    : incomplete
      ? `INCOMPLETE (not a pass): ${incomplete}`
      : `passed (fail-on: ${failOn})`;
  return `palisade: ${parts.join('; ')}. ${verdict}`;
}

/** What the progress line's total ends at: files scanned plus paths skipped (a skipped folder counts once). */
export function scanCount(result: Pick<ScanResult, 'stats' | 'skipped'>): number {
  return result.stats.filesScanned + result.skipped.length;
}

/** A single self-rewriting stderr line, shown only when a scan takes longer than `delayMs`. */
export function progressPrinter(stream: NodeJS.WritableStream, delayMs = 1000, now: () => number = Date.now): { update: (done: number, total: number) => void; done: () => void } {
  const started = now();
  let last = -Infinity;
  let shown = false;
  return {
    update(done, total) {
      const t = now();
      // The last update always shows, so the line ends on the same count as the summary.
      if (t - started < delayMs || (t - last < 100 && done < total)) return;
      last = t;
      shown = true;
      stream.write(`\rscanning: ${done}/${total} paths`);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

/** Why the scan could not finish (its scanner failures), or undefined when it did. */
export function incompleteReason(result: Pick<ScanResult, 'diagnostics'>): string | undefined {
  const failures = result.diagnostics.filter((d) => d.scannerFailure);
  if (!failures.length) return undefined;
  const first = failures[0];
  const where = first.path ? ` (${printable(first.path)}${first.line ? `:${first.line}` : ''})` : '';
  const more = failures.length > 1 ? ` and ${plural(failures.length - 1, 'more scanner failure')}` : '';
  return `${printable(first.message)}${where}${more}`;
}
