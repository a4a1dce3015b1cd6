import type { FailOn, Finding, GateOutcome, RuleSummary, ScanResult, Severity } from '../contract/findings';
import { countBySeverity, SEVERITIES } from '../contract/findings';

export { gateFindings } from '../contract/findings';

const COLORS: Record<Severity, string> = { critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', note: '\x1b[2m' };
const RESET = '\x1b[0m';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** Strips control characters so nothing from a scanned tree can drive the terminal. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function table(header: string[], rows: string[][], colorOf?: (row: number) => string | undefined): string {
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]))).join('  ');
  const out = [line(header), line(widths.map((w) => '-'.repeat(w)))];
  rows.forEach((r, i) => {
    const color = colorOf?.(i);
    out.push(color ? color + line(r) + RESET : line(r));
  });
  return out.join('\n') + '\n';
}

export function renderTable(result: ScanResult, opts: { color: boolean }): string {
  if (result.findings.length === 0) return 'No findings.\n';
  const rows = result.findings.map((f) => [
    f.severity + (f.suppression ? ' (suppressed)' : ''),
    f.ruleId,
    printable(`${f.path}:${f.region.startLine}:${f.region.startColumn}`),
    printable(f.kind === 'dependency' ? dependencyPreview(f) : f.preview),
  ]);
  return table(['SEVERITY', 'RULE', 'LOCATION', 'PREVIEW'], rows, opts.color ? (i) => (result.findings[i].suppression ? COLORS.note : COLORS[result.findings[i].severity]) : undefined);
}

/** `qs@6.7.0 -> 6.7.3 (major) via express@4.17.1 > body-parser@1.19.0 > qs@6.7.0 [dev]`: what to upgrade and where it comes from. */
export function dependencyPreview(f: Finding): string {
  const p = f.properties ?? {};
  const fix = typeof p.fixVersion === 'string' ? ` -> ${p.fixVersion}${p.majorUpgrade === true ? ' (major)' : ''}` : Array.isArray(p.fixedVersions) && p.fixedVersions.length === 0 ? ' (no fix)' : '';
  const count = Array.isArray(p.advisories) ? ` [${p.advisories.length} advisories]` : '';
  const via = typeof p.introducedVia === 'string' ? ` via ${p.introducedVia}` : '';
  return `${f.preview}${fix}${count}${via}${p.dev === true ? ' [dev]' : ''}`;
}

export function renderRulesTable(rules: readonly RuleSummary[]): string {
  return table(['RULE', 'SEVERITY', 'CWE', 'TITLE'], rules.map((r) => [r.id, r.severity, r.cwe.join(','), r.title]));
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
  const parts = [
    `${plural(open, 'finding')}${bySev.length ? ` (${bySev.join(', ')})` : ''}`,
    gate.suppressed.length ? `${gate.suppressed.length} suppressed` : '',
    `${plural(result.stats.filesScanned, 'file')} (${mb} MB) in ${(result.stats.durationMs / 1000).toFixed(2)} s`,
    skipped.length ? `skipped ${skipped.join(', ')}` : '',
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

/** Why the scan could not finish (its scanner failures), or undefined when it did. */
export function incompleteReason(result: Pick<ScanResult, 'diagnostics'>): string | undefined {
  const failures = result.diagnostics.filter((d) => d.scannerFailure);
  if (!failures.length) return undefined;
  const first = failures[0];
  const where = first.path ? ` (${printable(first.path)}${first.line ? `:${first.line}` : ''})` : '';
  const more = failures.length > 1 ? ` and ${plural(failures.length - 1, 'more scanner failure')}` : '';
  return `${printable(first.message)}${where}${more}`;
}
