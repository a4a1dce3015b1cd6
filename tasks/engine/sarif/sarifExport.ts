import { pathToFileURL } from 'node:url';
import type { Finding, RuleSummary, ScanResult } from '../../contract/findings';
import { sarifLevel, securitySeverityScore } from '../../contract/findings';
import { FINGERPRINT_KEY } from '../findings/fingerprint';
import { TOOL_NAME, TOOL_URI } from '../version';

export const SRCROOT = 'SRCROOT';

/* Minimal SARIF 2.1.0 shapes for what we write. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}
export interface SarifRun {
  tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: SarifRule[] } };
  originalUriBaseIds?: Record<string, { uri: string }>;
  columnKind: 'utf16CodeUnits';
  results: SarifResult[];
  invocations: unknown[];
  properties?: Record<string, unknown>;
}
export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties: { tags: string[]; 'security-severity': string; precision: string; 'problem.severity': string };
}
export interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: unknown[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: 'inSource' | 'external'; status: 'accepted'; justification?: string }[];
  baselineState?: 'new' | 'unchanged';
  codeFlows?: unknown[];
  properties: Record<string, unknown>;
}

/** `CWE-798` -> `external/cwe/cwe-798`, the tag form code-scanning UIs group by. */
export function cweTag(cwe: string): string {
  return `external/cwe/${cwe.toLowerCase()}`;
}

/** PascalCase rule name from an id, as SARIF `name` suggests (github-pat -> GithubPat). */
function ruleName(id: string): string {
  return id
    .split(/[-.]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

export function sarifRule(r: RuleSummary): SarifRule {
  return {
    id: r.id,
    name: ruleName(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: { text: r.helpText, markdown: r.helpMarkdown },
    defaultConfiguration: { level: sarifLevel(r.severity) },
    properties: {
      tags: ['security', r.kind, ...r.cwe.map(cweTag), ...r.tags],
      'security-severity': securitySeverityScore(r.severity),
      precision: r.kind === 'secret' ? 'high' : 'medium',
      'problem.severity': sarifLevel(r.severity) === 'note' ? 'recommendation' : sarifLevel(r.severity),
    },
  };
}

function sarifResult(f: Finding, ruleIndex: number | undefined, withBaseline: boolean): SarifResult {
  const r: SarifResult = {
    ruleId: f.ruleId,
    level: sarifLevel(f.severity),
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.path), uriBaseId: SRCROOT },
          region: { ...f.region },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties: { kind: f.kind, severity: f.severity, preview: f.preview, ...(f.properties ?? {}) },
  };
  if (ruleIndex !== undefined) r.ruleIndex = ruleIndex;
  if (f.suppression) {
    r.suppressions = [
      {
        kind: f.suppression.kind === 'inSource' ? 'inSource' : 'external',
        status: 'accepted',
        ...(f.suppression.justification ? { justification: f.suppression.justification } : {}),
      },
    ];
  }
  if (withBaseline) r.baselineState = f.suppression?.kind === 'baseline' ? 'unchanged' : 'new';
  if (f.flow?.length) r.codeFlows = [codeFlow(f)];
  return r;
}

/** The path of request input to a finding as one SARIF code flow: source, steps, sink. */
function codeFlow(f: Finding): unknown {
  const steps = f.flow ?? [];
  const role = (i: number): string => (i === 0 ? 'source' : i === steps.length - 1 ? 'sink' : 'step');
  return {
    message: { text: `Input from ${steps[0]?.preview ?? '?'} reaches ${steps[steps.length - 1]?.preview ?? '?'}` },
    threadFlows: [
      {
        locations: steps.map((s, i) => ({
          location: {
            physicalLocation: { artifactLocation: { uri: encodeURI(s.path ?? f.path), uriBaseId: SRCROOT }, region: { ...s.region } },
            message: { text: `${role(i)}: ${s.preview}` },
          },
          kinds: [role(i)],
        })),
      },
    ],
  };
}

export interface SarifOptions {
  /** Set baselineState on every result (when a baseline was applied). */
  baselineApplied?: boolean;
  /** Absolute root for `originalUriBaseIds` (omit to keep local paths out of the file). */
  rootUri?: string | null;
}

/** A SARIF 2.1.0 log for one scan. Suppressed findings stay in, with `suppressions`. */
export function toSarif(result: ScanResult, opts: SarifOptions = {}): SarifLog {
  const rules = [...result.rules];
  const known = new Set(rules.map((r) => r.id));
  // Findings from rules not in the summary list (merged external SARIF) still need a rule entry.
  for (const f of result.findings) {
    if (!known.has(f.ruleId)) {
      known.add(f.ruleId);
      rules.push({ id: f.ruleId, kind: f.kind, title: f.ruleId, description: f.ruleId, severity: f.severity, cwe: [], helpText: f.ruleId, helpMarkdown: f.ruleId, tags: [] });
    }
  }
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const rootUri = opts.rootUri === undefined ? pathToFileURL(result.root).href.replace(/\/?$/, '/') : opts.rootUri;
  const skippedByReason: Record<string, number> = {};
  for (const s of result.skipped) skippedByReason[s.reason] = (skippedByReason[s.reason] ?? 0) + 1;

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: result.toolVersion,
            semanticVersion: result.toolVersion,
            informationUri: TOOL_URI,
            rules: rules.map(sarifRule),
          },
        },
        ...(rootUri ? { originalUriBaseIds: { [SRCROOT]: { uri: rootUri } } } : {}),
        columnKind: 'utf16CodeUnits',
        results: result.findings.map((f) => sarifResult(f, index.get(f.ruleId), !!opts.baselineApplied)),
        invocations: [
          {
            executionSuccessful: !result.diagnostics.some((d) => d.level === 'error'),
            toolExecutionNotifications: result.diagnostics.map((d) => ({
              level: d.level,
              message: { text: d.message },
              ...(d.path
                ? {
                    locations: [
                      {
                        physicalLocation: {
                          artifactLocation: { uri: encodeURI(d.path), uriBaseId: SRCROOT },
                          ...(d.line ? { region: { startLine: d.line } } : {}),
                        },
                      },
                    ],
                  }
                : {}),
            })),
          },
        ],
        properties: {
          filesScanned: result.stats.filesScanned,
          bytesScanned: result.stats.bytesScanned,
          durationMs: result.stats.durationMs,
          skippedByReason,
          skipped: result.skipped,
        },
      },
    ],
  };
}
