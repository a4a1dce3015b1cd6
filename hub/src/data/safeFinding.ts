/**
 * Stored findings as the hub may trust them. Documents in extension data can be written by any
 * member of the organization, and older tasks stored other tools' SARIF fields unchecked, so a
 * finding may have an object where a string belongs: one such value must not blank the Findings
 * tab for everyone. Each finding is coerced to the contract's types (or dropped when it is not
 * an object), and the text shown carries bidi controls as visible code points.
 */
import { displayLine } from '../../../tasks/contract/displayText';
import { FINDING_KINDS, isSeverity, type FindingKind, type Region } from '../../../tasks/contract/findings';
import type { StoredFinding } from '../../../tasks/contract/storage';

/** The texts the table and the detail panel show. */
export interface FindingDisplay {
  message: string;
  path: string;
  ruleId: string;
  preview: string;
  justification?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : fallback);
const line = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.floor(v) : 1);

function region(v: unknown): Region {
  const r = isObj(v) ? v : {};
  const startLine = line(r.startLine);
  const startColumn = line(r.startColumn);
  return { startLine, startColumn, endLine: Math.max(startLine, line(r.endLine)), endColumn: line(r.endColumn) };
}

/** The finding with every field of the contract's type; undefined when it is not an object at all. */
export function normaliseFinding(v: unknown, index: number): StoredFinding | undefined {
  if (!isObj(v)) return undefined;
  const ruleId = text(v.ruleId, 'unknown-rule');
  const path = text(v.path, '(no location)');
  const f: StoredFinding = {
    ...(v as unknown as StoredFinding),
    ruleId,
    kind: (FINDING_KINDS as readonly unknown[]).includes(v.kind) ? (v.kind as FindingKind) : 'external',
    severity: isSeverity(v.severity) ? v.severity : 'medium',
    message: text(v.message, '(this finding\'s message could not be read)'),
    path,
    region: region(v.region),
    preview: text(v.preview, ''),
    fingerprint: text(v.fingerprint, `unreadable-${index}:${ruleId}:${path}`),
    firstSeenAt: text(v.firstSeenAt, ''),
    firstSeenScanId: text(v.firstSeenScanId, ''),
    lastSeenAt: text(v.lastSeenAt, ''),
    state: v.state === 'fixed' ? 'fixed' : 'open',
    properties: isObj(v.properties) ? v.properties : undefined,
  };
  if (f.fixedAt !== undefined && typeof f.fixedAt !== 'string') f.fixedAt = undefined;
  if (v.suppression !== undefined) {
    const s = isObj(v.suppression) ? v.suppression : {};
    const kind = ['inSource', 'baseline', 'config', 'triage'].includes(s.kind as string) ? (s.kind as NonNullable<StoredFinding['suppression']>['kind']) : 'config';
    f.suppression = { kind, justification: typeof s.justification === 'string' ? s.justification : undefined };
  }
  return f;
}

export function displayOf(f: StoredFinding): FindingDisplay {
  return {
    message: displayLine(f.message),
    path: displayLine(f.path),
    ruleId: displayLine(f.ruleId),
    preview: displayLine(f.preview),
    justification: f.suppression?.justification === undefined ? undefined : displayLine(f.suppression.justification),
  };
}
