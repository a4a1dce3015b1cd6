import type { FailOn, Finding, RuleSummary, SkippedPath } from '../../contract/findings';
import type { SeverityCounts } from '../../contract/scanRecord';
import { meetsThreshold, SEVERITIES } from '../../contract/findings';
import type { IssueLocation } from '../log/agentOutput';
import { neutralise } from '../log/logText';

/** At most this many findings become `task.logissue` annotations. */
export const MAX_LOG_ISSUES = 50;

export interface Annotation {
  type: 'error' | 'warning';
  message: string;
  /** The file and line the annotation points at; none for the "more findings" note. */
  at?: IssueLocation;
}

/** The findings the log annotates (TaskLog masks, neutralises and sends them through task-lib). */
export function logIssueAnnotations(findings: readonly Finding[], failOn: FailOn, rootPrefix: string): Annotation[] {
  const out: Annotation[] = [];
  const eligible = findings.filter((f) => !f.suppression && (failOn === 'none' ? false : meetsThreshold(f.severity, failOn)));
  for (const f of eligible.slice(0, MAX_LOG_ISSUES)) {
    const path = rootPrefix ? `${rootPrefix}/${f.path}` : f.path;
    out.push({ type: 'error', message: `${f.severity}: ${f.message}`, at: { path, line: f.region.startLine, column: f.region.startColumn, code: f.ruleId } });
  }
  if (eligible.length > MAX_LOG_ISSUES) {
    out.push({ type: 'warning', message: `${eligible.length - MAX_LOG_ISSUES} more findings at or above "${failOn}" are in the SARIF artifact and the Security hub.` });
  }
  return out;
}

/**
 * Text from the repository or another tool as plain text in a Markdown table cell or quote: one
 * line (logText.ts), no HTML, no emphasis, link, image or code span of its own.
 */
export function mdText(s: string): string {
  return neutralise(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

/** A code span holding `s` verbatim (one line), fenced by more backticks than it contains in a row. */
export function mdCode(s: string): string {
  // In a table cell GFM splits at a `|` even inside a code span unless it is escaped.
  const text = neutralise(s).replace(/\|/g, '\\|');
  const fence = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

export interface SummaryInput {
  verdict: string;
  counts: SeverityCounts;
  findings: readonly Finding[];
  rules: readonly RuleSummary[];
  newFingerprints?: ReadonlySet<string>;
  filesScanned: number;
  skipped: readonly SkippedPath[];
  durationMs: number;
  hubLink?: string;
  artifactName?: string;
  notes: readonly string[];
  /** Where the gate settings came from (`Settings: project defaults changed by ...`). */
  settingsLine?: string;
}

/** The Markdown build summary (uploaded with `task.uploadsummary`). */
export function summaryMarkdown(s: SummaryInput): string {
  const open = s.findings.filter((f) => !f.suppression);
  const lines = [
    `### ${mdText(s.verdict)}`,
    '',
    '| critical | high | medium | low | note |',
    '|---:|---:|---:|---:|---:|',
    `| ${SEVERITIES.map((x) => s.counts[x]).join(' | ')} |`,
    '',
    `Scanned ${s.filesScanned} files in ${(s.durationMs / 1000).toFixed(1)} s; skipped ${s.skipped.length}.` +
      (s.newFingerprints ? ` ${open.filter((f) => s.newFingerprints!.has(f.fingerprint)).length} new in this pull request.` : ''),
  ];
  if (open.length) {
    const titles = new Map(s.rules.map((r) => [r.id, r.title]));
    lines.push('', '| severity | finding | location |', '|---|---|---|');
    for (const f of open.slice(0, 25)) {
      const mark = s.newFingerprints?.has(f.fingerprint) ? ' **new**' : '';
      lines.push(`| ${f.severity}${mark} | ${mdText(titles.get(f.ruleId) ?? f.ruleId)} | ${mdCode(`${f.path}:${f.region.startLine}`)} |`);
    }
    if (open.length > 25) lines.push('', `…and ${open.length - 25} more.`);
  }
  if (s.settingsLine) lines.push('', mdText(s.settingsLine));
  for (const n of s.notes) lines.push('', `> ${mdText(n)}`);
  const links = [s.hubLink ? `[Security hub](${s.hubLink})` : '', s.artifactName ? `SARIF: artifact ${mdCode(s.artifactName)}` : ''].filter(Boolean);
  if (links.length) lines.push('', links.join(' · '));
  return lines.join('\n') + '\n';
}
