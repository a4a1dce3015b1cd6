import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic, Finding, RuleSummary, Severity } from '../contract/findings';
import { severityFromScore } from '../contract/findings';
import { fingerprint } from './fingerprint';
import type { SecretDetector } from './secretDetector';
import { maskSecret } from './mask';

/** Loose shapes of what other tools write; every field is optional in practice. */
interface InRule { id?: string; name?: string; shortDescription?: { text?: string }; fullDescription?: { text?: string }; help?: { text?: string; markdown?: string }; defaultConfiguration?: { level?: string }; properties?: { tags?: unknown; 'security-severity'?: unknown } }
interface InResult { ruleId?: string; rule?: { id?: string }; ruleIndex?: number; level?: string; message?: { text?: string }; locations?: { physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string }; region?: { startLine?: number; startColumn?: number; endLine?: number; endColumn?: number } } }[]; partialFingerprints?: Record<string, string>; suppressions?: { kind?: string; justification?: string }[] }
interface InRun { tool?: { driver?: { name?: string; rules?: InRule[] } }; results?: InResult[]; originalUriBaseIds?: Record<string, { uri?: string }> }

export interface ImportedSarif {
  findings: Finding[];
  rules: RuleSummary[];
  diagnostics: Diagnostic[];
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'tool';

function severityOf(level: string | undefined, score: unknown): Severity {
  const n = typeof score === 'string' || typeof score === 'number' ? Number(score) : NaN;
  if (Number.isFinite(n)) return severityFromScore(n);
  if (level === 'error') return 'high';
  if (level === 'warning') return 'medium';
  if (level === 'note') return 'low';
  return 'medium';
}

/** Masks anything our secret rules recognise, so another tool's message cannot leak a secret. */
function scrub(text: string, detector: SecretDetector): string {
  const hits = detector.detect(text).sort((a, b) => b.start - a.start);
  let out = text;
  for (const h of hits) out = out.slice(0, h.start) + maskSecret(h.secret) + out.slice(h.end);
  return out;
}

/**
 * Findings from another tool's SARIF log, with rule ids prefixed by the tool name so they never
 * clash with ours. `root` is the scanned folder; locations outside it keep their path as given.
 */
export function importSarif(text: string, source: string, root: string, detector: SecretDetector): ImportedSarif {
  const out: ImportedSarif = { findings: [], rules: [], diagnostics: [] };
  let log: { version?: string; runs?: InRun[] };
  try {
    log = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    out.diagnostics.push({ level: 'error', path: source, message: `${source} is not valid JSON (${(e as Error).message}); it was not merged` });
    return out;
  }
  if (log?.version !== '2.1.0' || !Array.isArray(log.runs)) {
    out.diagnostics.push({ level: 'error', path: source, message: `${source} is not a SARIF 2.1.0 log (version "${String(log?.version)}"); it was not merged` });
    return out;
  }
  for (const run of log.runs) {
    const tool = slug(run.tool?.driver?.name ?? 'external');
    const rules = run.tool?.driver?.rules ?? [];
    const ruleMeta = new Map<string, RuleSummary>();
    for (const r of rules) {
      if (!r.id) continue;
      const id = `${tool}/${r.id}`;
      const tags = Array.isArray(r.properties?.tags) ? (r.properties!.tags as unknown[]).filter((t): t is string => typeof t === 'string') : [];
      const summary: RuleSummary = {
        id,
        kind: 'external',
        title: scrub(r.shortDescription?.text ?? r.name ?? r.id, detector),
        description: scrub(r.fullDescription?.text ?? r.shortDescription?.text ?? r.id, detector),
        severity: severityOf(r.defaultConfiguration?.level, r.properties?.['security-severity']),
        cwe: tags.map((t) => /cwe[-/](\d+)/i.exec(t)?.[1]).filter((x): x is string => !!x).map((n) => `CWE-${Number(n)}`),
        helpText: scrub(r.help?.text ?? '', detector),
        helpMarkdown: scrub(r.help?.markdown ?? r.help?.text ?? '', detector),
        tags: [tool],
      };
      ruleMeta.set(r.id, summary);
      out.rules.push(summary);
    }
    for (const res of run.results ?? []) {
      const rawRule = res.ruleId ?? res.rule?.id ?? (res.ruleIndex !== undefined ? rules[res.ruleIndex]?.id : undefined) ?? 'unknown';
      const meta = ruleMeta.get(rawRule);
      const loc = res.locations?.[0]?.physicalLocation;
      const path = localPath(loc?.artifactLocation?.uri, loc?.artifactLocation?.uriBaseId, run.originalUriBaseIds, root);
      const region = loc?.region ?? {};
      const startLine = region.startLine ?? 1;
      const message = scrub(res.message?.text ?? meta?.title ?? rawRule, detector);
      const ruleId = `${tool}/${rawRule}`;
      const given = res.partialFingerprints && Object.values(res.partialFingerprints)[0];
      const f: Finding = {
        ruleId,
        kind: 'external',
        severity: resultSeverity(res.level, rules.find((r) => r.id === rawRule)),
        message: message.length > 500 ? message.slice(0, 497) + '...' : message,
        path,
        region: { startLine, startColumn: region.startColumn ?? 1, endLine: region.endLine ?? startLine, endColumn: region.endColumn ?? (region.startColumn ?? 1) + 1 },
        preview: message.length > 120 ? message.slice(0, 117) + '...' : message,
        fingerprint: fingerprint(ruleId, path, given ?? `${startLine}:${message}`),
        properties: { tool: run.tool?.driver?.name ?? 'external', source },
      };
      const sup = res.suppressions?.[0];
      if (sup) f.suppression = { kind: sup.kind === 'inSource' ? 'inSource' : 'config', justification: sup.justification?.slice(0, 200) };
      out.findings.push(f);
    }
  }
  return out;
}

/** A rule's security-severity is more precise than a result's level, which beats the rule's default level. */
function resultSeverity(level: string | undefined, rule: InRule | undefined): Severity {
  return severityOf(level ?? rule?.defaultConfiguration?.level, rule?.properties?.['security-severity']);
}

function localPath(uri: string | undefined, baseId: string | undefined, bases: InRun['originalUriBaseIds'], root: string): string {
  if (!uri) return '(no location)';
  let u = uri;
  const base = baseId ? bases?.[baseId]?.uri : undefined;
  if (base && !/^[a-z]+:/i.test(u)) u = base.replace(/\/?$/, '/') + u;
  let p: string;
  try {
    p = u.startsWith('file:') ? fileURLToPath(u) : decodeURIComponent(u);
  } catch {
    p = u;
  }
  if (isAbsolute(p)) {
    const rel = relative(root, p);
    if (!rel.startsWith('..') && !isAbsolute(rel)) p = rel;
  }
  return p.split(sep).join('/').replace(/^\.\//, '');
}
