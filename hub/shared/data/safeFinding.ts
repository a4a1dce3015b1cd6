/**
 * Recorded findings as the hub may trust them. A scan record carries text from other tools'
 * SARIF, and the contract's parser checks only the fields it needs (fingerprint, rule, path,
 * severity, region, state), so a finding may have an object where a string belongs: one such
 * value must not blank the Findings tab. Each finding is coerced to the contract's types (or dropped when it is not
 * an object), and the text shown carries bidi controls as visible code points.
 */
import { displayLine } from '../../../tasks/contract/displayText';
import { FINDING_KINDS, isSeverity, readableFlow, type FindingKind, type Region } from '../../../tasks/contract/findings';
import type { RecordedFinding as StoredFinding } from '../../../tasks/contract/scanRecord';

/** The texts the table and the detail panel show. */
export interface FindingDisplay {
  message: string;
  path: string;
  ruleId: string;
  preview: string;
  justification?: string;
  /** The path of request input to a code finding: source first, sink last (line and masked code). */
  /** `path`: the place's file, when not the finding's (a flow across files). */
  flow?: { line: number; preview: string; path?: string }[];
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
    // Unknown (history unavailable) stays unknown, never "now".
    firstSeenAt: typeof v.firstSeenAt === 'string' && v.firstSeenAt ? v.firstSeenAt : undefined,
    firstSeenBuildId: typeof v.firstSeenBuildId === 'number' ? v.firstSeenBuildId : undefined,
    lastSeenAt: text(v.lastSeenAt, ''),
    isNew: typeof v.isNew === 'boolean' ? v.isNew : undefined,
    state: v.state === 'fixed' ? 'fixed' : 'open',
    properties: isObj(v.properties) ? v.properties : undefined,
  };
  // A flow that is not a list of places with lines and text is left out, never half shown.
  const flow = readableFlow(v.flow);
  if (flow) f.flow = flow;
  else delete f.flow;
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
    ...(f.flow ? { flow: f.flow.map((s) => ({ line: s.region.startLine, preview: displayLine(s.preview), ...(s.path && s.path !== f.path ? { path: displayLine(s.path) } : {}) })) } : {}),
  };
}
