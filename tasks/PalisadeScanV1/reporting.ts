import type { FailOn, Finding, RuleSummary, SkippedPath } from '../contract/findings';
import type { SeverityCounts } from '../contract/scanRecord';
import { meetsThreshold, SEVERITIES } from '../contract/findings';
import { escapeData, escapeProperty } from './taskLog';

/** At most this many findings become `##vso[task.logissue]` annotations. */
export const MAX_LOG_ISSUES = 50;

export function logIssueCommands(findings: readonly Finding[], failOn: FailOn, rootPrefix: string): string[] {
  const out: string[] = [];
  const eligible = findings.filter((f) => !f.suppression && (failOn === 'none' ? false : meetsThreshold(f.severity, failOn)));
  for (const f of eligible.slice(0, MAX_LOG_ISSUES)) {
    const path = rootPrefix ? `${rootPrefix}/${f.path}` : f.path;
    out.push(
      `##vso[task.logissue type=error;sourcepath=${escapeProperty(path)};linenumber=${f.region.startLine};columnnumber=${f.region.startColumn};code=${escapeProperty(f.ruleId)}]${escapeData(`${f.severity}: ${f.message}`)}`,
    );
  }
  if (eligible.length > MAX_LOG_ISSUES) {
    out.push(`##vso[task.logissue type=warning]${escapeData(`${eligible.length - MAX_LOG_ISSUES} more findings at or above "${failOn}" are in the SARIF artifact and the Security hub.`)}`);
  }
  return out;
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')).replace(/\r?\n/g, ' ');

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

/** The Markdown build summary (`##vso[task.uploadsummary]`). */
export function summaryMarkdown(s: SummaryInput): string {
  const open = s.findings.filter((f) => !f.suppression);
  const lines = [
    `### ${mdCell(s.verdict)}`,
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
      lines.push(`| ${f.severity}${mark} | ${mdCell(titles.get(f.ruleId) ?? f.ruleId)} | \`${mdCell(f.path)}:${f.region.startLine}\` |`);
    }
    if (open.length > 25) lines.push('', `…and ${open.length - 25} more.`);
  }
  if (s.settingsLine) lines.push('', mdCell(s.settingsLine));
  for (const n of s.notes) lines.push('', `> ${mdCell(n)}`);
  const links = [s.hubLink ? `[Security hub](${s.hubLink})` : '', s.artifactName ? `SARIF: artifact \`${mdCell(s.artifactName)}\`` : ''].filter(Boolean);
  if (links.length) lines.push('', links.join(' · '));
  return lines.join('\n') + '\n';
}
