/**
 * Findings from a SARIF log (the `CodeAnalysisLogs` artifact of a build), for builds that carry
 * no Palisade scan record (an older task, or another tool's SARIF). The log is untrusted input:
 * every field is checked, nothing is rendered as markup, and code snippets are never taken (they
 * may hold secrets).
 */
import { isSeverity, severityFromScore, type FindingKind, type Region, type Severity } from '../../../tasks/contract/findings';
import type { RecordedFinding as StoredFinding } from '../../../tasks/contract/scanRecord';
import type { RuleHelp } from './ruleHelp';

/** Where Palisade puts its fingerprint in `partialFingerprints` (tasks/engine/fingerprint.ts). */
const PALISADE_FINGERPRINT = 'palisade/v1';
const KINDS: readonly FindingKind[] = ['secret', 'code', 'dependency', 'external'];
export const MAX_SARIF_RESULTS = 50_000;

export interface SarifFindings {
  findings: StoredFinding[];
  rules: Map<string, RuleHelp>;
  toolNames: string[];
  truncated: boolean;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function severityOf(result: Obj, rule: Obj | undefined): Severity {
  const props = obj(result.properties);
  const own = str(props?.severity);
  if (isSeverity(own)) return own;
  const score = Number(str(obj(rule?.properties)?.['security-severity']) ?? NaN);
  if (Number.isFinite(score)) return severityFromScore(score);
  const level = str(result.level) ?? str(obj(rule?.defaultConfiguration)?.level) ?? 'warning';
  return level === 'error' ? 'high' : level === 'warning' ? 'medium' : level === 'note' ? 'low' : 'note';
}

function regionOf(r: Obj | undefined): Region {
  const startLine = Math.max(1, Math.floor(num(r?.startLine) ?? 1));
  const startColumn = Math.max(1, Math.floor(num(r?.startColumn) ?? 1));
  return {
    startLine,
    startColumn,
    endLine: Math.max(startLine, Math.floor(num(r?.endLine) ?? startLine)),
    endColumn: Math.max(1, Math.floor(num(r?.endColumn) ?? startColumn)),
  };
}

function pathOf(uri: string | undefined): string {
  if (!uri) return '(no location)';
  let p = uri.replace(/^file:\/\/\/?/, '');
  try {
    p = decodeURI(p);
  } catch {
    // Keep the raw text: it is displayed, never interpreted.
  }
  return p.replace(/\\/g, '/').replace(/^\.?\//, '');
}

/** A stable id when the producer gave no fingerprint. */
function fallbackFingerprint(...parts: string[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const ch of parts.join('\0')) {
    const c = ch.codePointAt(0) ?? 0;
    h1 = Math.imul(h1 ^ c, 16777619) >>> 0;
    h2 = Math.imul(h2 + c, 2246822519) >>> 0;
  }
  return `sarif-${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}

/**
 * A result's kind. Palisade's own results say theirs (`properties.kind`; older logs only in
 * their rule's tags, or an `osv.` rule id for an advisory); another tool's result is
 * `external` whatever it claims, so its text keeps being treated as another tool's.
 */
export function kindOfResult(tool: string, ruleId: string, props: Obj | undefined, rule: Obj | undefined): FindingKind {
  if (tool !== 'Palisade') return 'external';
  const own = str(props?.kind) as FindingKind | undefined;
  // Another tool's result that Palisade merged keeps `external`.
  if (own && KINDS.includes(own)) return own;
  const tags = arr(obj(rule?.properties)?.tags).map(str);
  const tagged = KINDS.find((k) => tags.includes(k));
  if (tagged) return tagged;
  if (ruleId.startsWith('osv.')) return 'dependency';
  return 'code';
}

export function parseSarif(text: string, seenAt: string): SarifFindings {
  let log: unknown;
  try {
    log = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`The SARIF file is not valid JSON: ${(e as Error).message}`);
  }
  const runs = arr(obj(log)?.runs);
  if (!runs.length) throw new Error('The SARIF file has no runs.');
  const findings: StoredFinding[] = [];
  const rules = new Map<string, RuleHelp>();
  const toolNames: string[] = [];
  let truncated = false;
  for (const runValue of runs) {
    const run = obj(runValue);
    const driver = obj(obj(run?.tool)?.driver);
    const tool = str(driver?.name) ?? 'unknown tool';
    toolNames.push(tool);
    const ruleList = arr(driver?.rules).map(obj);
    for (const r of ruleList) {
      const id = str(r?.id);
      if (!r || !id || rules.has(id)) continue;
      const help = obj(r.help);
      rules.set(id, {
        id,
        title: str(obj(r.shortDescription)?.text) ?? id,
        description: str(obj(r.fullDescription)?.text) ?? '',
        helpMarkdown: str(help?.markdown) ?? str(help?.text) ?? '',
        cwe: arr(obj(r.properties)?.tags)
          .map(str)
          .filter((t): t is string => !!t && /^external\/cwe\/cwe-\d+$/i.test(t))
          .map((t) => t.replace(/^external\/cwe\/cwe-/i, 'CWE-')),
        helpUri: str(r.helpUri),
      });
    }
    for (const resValue of arr(run?.results)) {
      if (findings.length >= MAX_SARIF_RESULTS) {
        truncated = true;
        break;
      }
      const res = obj(resValue);
      if (!res) continue;
      const ruleIndex = num(res.ruleIndex);
      const byIndex = ruleIndex !== undefined ? ruleList[ruleIndex] : undefined;
      const ruleId = str(res.ruleId) ?? str(byIndex?.id) ?? 'unknown-rule';
      const rule = byIndex ?? ruleList.find((r) => str(r?.id) === ruleId);
      const loc = obj(obj(arr(res.locations)[0])?.physicalLocation);
      const path = pathOf(str(obj(loc?.artifactLocation)?.uri));
      const region = regionOf(obj(loc?.region));
      const props = obj(res.properties);
      const kind = kindOfResult(tool, ruleId, props, rule);
      const prints = obj(res.partialFingerprints) ?? {};
      const fingerprint = str(prints[PALISADE_FINGERPRINT]) ?? Object.values(prints).map(str).find(Boolean) ?? fallbackFingerprint(ruleId, path, String(region.startLine));
      const suppression = arr(res.suppressions).map(obj).find((s) => s && str(s.status) !== 'rejected');
      findings.push({
        ruleId,
        kind,
        severity: severityOf(res, rule),
        message: str(obj(res.message)?.text) ?? ruleId,
        path,
        region,
        // Only Palisade's own masked preview is safe to show; other tools' snippets are not.
        preview: tool === 'Palisade' ? str(props?.preview) ?? '' : '',
        fingerprint,
        ...(suppression ? { suppression: { kind: str(suppression.kind) === 'inSource' ? 'inSource' : 'config', justification: str(suppression.justification) } } : {}),
        lastSeenAt: seenAt,
        state: 'open',
      });
    }
  }
  return { findings, rules, toolNames, truncated };
}
