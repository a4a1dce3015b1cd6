/**
 * Other tools' SARIF, merged into a scan. Whoever can change the pipeline's inputs or the tools
 * it runs can shape these files, so they are untrusted: every field we read is checked against
 * the SARIF 2.1.0 schema's type for it (a compact structural check of what we use, not the whole
 * schema), capped in length and count, and masked by our secret rules before it can reach the
 * log, the artifact, a PR comment or the hub. A malformed result or run is reported with its
 * JSON pointer and skipped; nothing here throws on input.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic, Finding, RuleSummary, Severity } from '../../contract/findings';
import { severityFromScore } from '../../contract/findings';
import { fingerprint } from '../findings/fingerprint';
import type { SecretDetector } from '../secrets/detector';
import { maskSecret } from '../findings/mask';

export interface ImportedSarif {
  findings: Finding[];
  rules: RuleSummary[];
  diagnostics: Diagnostic[];
}

/** Limits on what one file may bring in. */
export const SARIF_LIMITS = {
  resultsPerRun: 10_000,
  resultsPerFile: 50_000,
  rulesPerRun: 5_000,
  /** Problems reported one by one per file; the rest are counted. */
  problemsReported: 20,
  message: 1_000,
  ruleId: 200,
  uri: 1_000,
  toolName: 100,
  title: 300,
  description: 2_000,
  help: 10_000,
  justification: 200,
  tags: 20,
} as const;

type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPosInt = (v: Json): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const LEVELS = new Set(['none', 'note', 'warning', 'error']);
const SUPPRESSION_KINDS = new Set(['inSource', 'external']);

/** A field that fails its schema type: the result (or run) holding it is skipped. */
class Malformed extends Error {
  constructor(readonly pointer: string, readonly problem: string) {
    super(`${pointer}: ${problem}`);
  }
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'tool';

function severityOf(level: string | undefined, score: unknown): Severity {
  const n = typeof score === 'string' || typeof score === 'number' ? Number(score) : NaN;
  if (Number.isFinite(n) && n >= 0 && n <= 10) return severityFromScore(n);
  if (level === 'error') return 'high';
  if (level === 'warning') return 'medium';
  if (level === 'note' || level === 'none') return 'low';
  return 'medium';
}

/**
 * Text from another tool as we keep it: secrets masked, control characters (other than line
 * breaks in multi-line text) shown as `\u{..}` so they cannot act on a terminal or a log
 * parser, line breaks folded into spaces for one-line fields, `##vso[` / `##[` broken up
 * (defence in depth: the task log neutralises every printed line too), and capped.
 */
export function cleanText(text: string, detector: SecretDetector, max: number, multiline = false): string {
  let out = text;
  const hits = detector.detect(out).sort((a, b) => b.start - a.start);
  for (const h of hits) out = out.slice(0, h.start) + maskSecret(h.secret) + out.slice(h.end);
  out = out.replace(multiline ? /\r\n?/g : /\s*[\r\n]+\s*/g, multiline ? '\n' : ' ');
  // C0 (bar tab and, in multi-line text, newline), DEL and C1 controls.
  out = out.replace(multiline ? /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g : /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
  // Agents run the first `##vso[` of any printed line and format `##[`: never let one through whole.
  while (/##(?:vso)?\[/i.test(out)) out = out.replace(/#(?=#(?:vso)?\[)/gi, '# ');
  if (out.length > max) out = out.slice(0, max - 1) + '…';
  return out;
}

/** Reads an optional string field; a present non-string is malformed. */
function optString(o: Obj, key: string, at: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new Malformed(`${at}/${key}`, `must be a string, not ${kindOf(v)}`);
  return v;
}

function optObj(o: Obj, key: string, at: string): Obj | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!isObj(v)) throw new Malformed(`${at}/${key}`, `must be an object, not ${kindOf(v)}`);
  return v;
}

function optArray(o: Obj, key: string, at: string): Json[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw new Malformed(`${at}/${key}`, `must be an array, not ${kindOf(v)}`);
  return v;
}

function optPosInt(o: Obj, key: string, at: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!isPosInt(v)) throw new Malformed(`${at}/${key}`, `must be an integer of 1 or more, not ${kindOf(v)}`);
  return v;
}

function kindOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return 'a string';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v).slice(0, 20)}`;
}

/** A multiformatMessageString / message: `text` must be a string when present. */
function messageText(o: Obj, key: string, at: string): string | undefined {
  const m = optObj(o, key, at);
  return m ? optString(m, 'text', `${at}/${key}`) : undefined;
}

interface RunRule {
  rawId: string;
  summary: RuleSummary;
  level?: string;
  score?: unknown;
}

/** Collects problems for one file: the first few one by one, then a count. */
class Problems {
  private count = 0;
  constructor(private readonly source: string, private readonly out: Diagnostic[]) {}

  add(pointer: string, problem: string, what: string): void {
    this.count++;
    if (this.count <= SARIF_LIMITS.problemsReported) {
      this.out.push({ level: 'error', path: this.source, message: `${pointer || '/'}: ${problem}; ${what}` });
    }
  }

  finish(): void {
    const more = this.count - SARIF_LIMITS.problemsReported;
    if (more > 0) this.out.push({ level: 'error', path: this.source, message: `${more} more malformed entries were skipped` });
  }
}

/**
 * Findings from another tool's SARIF log, with rule ids prefixed by the tool name so they never
 * clash with ours. `root` is the scanned folder; locations outside it keep their path as given.
 * `source` names the file in diagnostics.
 */
export function importSarif(text: string, source: string, root: string, detector: SecretDetector): ImportedSarif {
  const out: ImportedSarif = { findings: [], rules: [], diagnostics: [] };
  let log: Json;
  try {
    log = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    out.diagnostics.push({ level: 'error', path: source, message: `not valid JSON (${(e as Error).message.slice(0, 200)}); it was not merged` });
    return out;
  }
  if (!isObj(log) || log.version !== '2.1.0' || !Array.isArray(log.runs)) {
    const version = isObj(log) ? log.version : undefined;
    const why = !isObj(log) ? 'the top level is not an object' : log.version !== '2.1.0' ? `version is ${JSON.stringify(version ?? null)?.slice(0, 40)}, not "2.1.0"` : '/runs must be an array';
    out.diagnostics.push({ level: 'error', path: source, message: `not a SARIF 2.1.0 log (${why}); it was not merged` });
    return out;
  }
  const problems = new Problems(source, out.diagnostics);
  let fileResults = 0;
  const seenRuleIds = new Set<string>();
  log.runs.forEach((run, r) => {
    const at = `/runs/${r}`;
    let ctx: { tool: string; toolName: string; rules: (RunRule | undefined)[]; byId: Map<string, RunRule>; bases?: Obj; results: Json[] };
    try {
      ctx = readRun(run, at, detector, problems);
    } catch (e) {
      if (!(e instanceof Malformed)) throw e;
      problems.add(e.pointer, e.problem, 'the run was skipped');
      return;
    }
    for (const rule of ctx.rules) {
      if (rule && !seenRuleIds.has(rule.summary.id)) {
        seenRuleIds.add(rule.summary.id);
        out.rules.push(rule.summary);
      }
    }
    const room = Math.min(SARIF_LIMITS.resultsPerRun, SARIF_LIMITS.resultsPerFile - fileResults);
    if (ctx.results.length > room) {
      out.diagnostics.push({
        level: 'warning',
        path: source,
        message: `${at}/results has ${ctx.results.length} results; only the first ${Math.max(0, room)} were merged (at most ${SARIF_LIMITS.resultsPerRun} per run and ${SARIF_LIMITS.resultsPerFile} per file)`,
      });
    }
    const n = Math.max(0, Math.min(room, ctx.results.length));
    fileResults += n;
    for (let i = 0; i < n; i++) {
      const pointer = `${at}/results/${i}`;
      try {
        out.findings.push(readResult(ctx.results[i], pointer, ctx, root, source, detector));
      } catch (e) {
        if (!(e instanceof Malformed)) throw e;
        problems.add(e.pointer, e.problem, 'the result was skipped');
      }
    }
  });
  problems.finish();
  return out;
}

function readRun(run: Json, at: string, detector: SecretDetector, problems: Problems) {
  if (!isObj(run)) throw new Malformed(at, `must be an object, not ${kindOf(run)}`);
  const tool = run.tool;
  if (!isObj(tool)) throw new Malformed(`${at}/tool`, `must be an object, not ${kindOf(tool)}`);
  const driver = tool.driver;
  if (!isObj(driver)) throw new Malformed(`${at}/tool/driver`, `must be an object, not ${kindOf(driver)}`);
  const rawName = optString(driver, 'name', `${at}/tool/driver`);
  if (rawName === undefined) throw new Malformed(`${at}/tool/driver/name`, 'is required');
  const toolName = cleanText(rawName, detector, SARIF_LIMITS.toolName);
  const toolSlug = slug(toolName);
  const results = optArray(run, 'results', at) ?? [];
  const bases = optObj(run, 'originalUriBaseIds', at);
  const rawRules = optArray(driver, 'rules', `${at}/tool/driver`) ?? [];
  const rules: (RunRule | undefined)[] = [];
  const byId = new Map<string, RunRule>();
  rawRules.slice(0, SARIF_LIMITS.rulesPerRun).forEach((raw, i) => {
    const p = `${at}/tool/driver/rules/${i}`;
    try {
      const rule = readRule(raw, p, toolSlug, detector);
      rules.push(rule);
      if (!byId.has(rule.rawId)) byId.set(rule.rawId, rule);
    } catch (e) {
      if (!(e instanceof Malformed)) throw e;
      problems.add(e.pointer, e.problem, 'the rule was skipped');
      rules.push(undefined);
    }
  });
  return { tool: toolSlug, toolName, rules, byId, bases, results };
}

function readRule(raw: Json, at: string, tool: string, detector: SecretDetector): RunRule {
  if (!isObj(raw)) throw new Malformed(at, `must be an object, not ${kindOf(raw)}`);
  const id = optString(raw, 'id', at);
  if (id === undefined || id === '') throw new Malformed(`${at}/id`, 'is required');
  const rawId = cleanText(id, detector, SARIF_LIMITS.ruleId);
  const name = optString(raw, 'name', at);
  const short = messageText(raw, 'shortDescription', at);
  const full = messageText(raw, 'fullDescription', at);
  const help = optObj(raw, 'help', at);
  const helpText = help ? optString(help, 'text', `${at}/help`) : undefined;
  const helpMd = help ? optString(help, 'markdown', `${at}/help`) : undefined;
  const config = optObj(raw, 'defaultConfiguration', at);
  const level = config ? optString(config, 'level', `${at}/defaultConfiguration`) : undefined;
  if (level !== undefined && !LEVELS.has(level)) throw new Malformed(`${at}/defaultConfiguration/level`, 'must be none, note, warning or error');
  const props = optObj(raw, 'properties', at);
  const tags = props && Array.isArray(props.tags) ? props.tags.filter((t): t is string => typeof t === 'string').slice(0, SARIF_LIMITS.tags) : [];
  const score = props?.['security-severity'];
  return {
    rawId,
    level,
    score,
    summary: {
      id: `${tool}/${rawId}`,
      kind: 'external',
      title: cleanText(short ?? name ?? id, detector, SARIF_LIMITS.title),
      description: cleanText(full ?? short ?? id, detector, SARIF_LIMITS.description, true),
      severity: severityOf(level, score),
      cwe: [...new Set(tags.map((t) => /^(?:external\/)?cwe[-/](\d{1,6})$/i.exec(t)?.[1]).filter((x): x is string => !!x).map((n) => `CWE-${Number(n)}`))],
      helpText: cleanText(helpText ?? '', detector, SARIF_LIMITS.help, true),
      // Another tool's Markdown is kept as text: whoever renders it must not interpret it.
      helpMarkdown: cleanText(helpMd ?? helpText ?? '', detector, SARIF_LIMITS.help, true),
      tags: [tool],
    },
  };
}

function readResult(
  raw: Json,
  at: string,
  run: { tool: string; toolName: string; rules: (RunRule | undefined)[]; byId: Map<string, RunRule>; bases?: Obj },
  root: string,
  source: string,
  detector: SecretDetector,
): Finding {
  if (!isObj(raw)) throw new Malformed(at, `must be an object, not ${kindOf(raw)}`);
  let ruleId = optString(raw, 'ruleId', at);
  const ruleRef = optObj(raw, 'rule', at);
  ruleId ??= ruleRef ? optString(ruleRef, 'id', `${at}/rule`) : undefined;
  const index = raw.ruleIndex;
  let rule: RunRule | undefined;
  if (index !== undefined) {
    if (typeof index !== 'number' || !Number.isInteger(index) || index < -1) throw new Malformed(`${at}/ruleIndex`, `must be an integer, not ${kindOf(index)}`);
    if (index >= run.rules.length) throw new Malformed(`${at}/ruleIndex`, `is ${index}, but the run has ${run.rules.length} rules`);
    if (index >= 0) rule = run.rules[index];
  }
  const cleanRuleId = ruleId !== undefined ? cleanText(ruleId, detector, SARIF_LIMITS.ruleId) : rule?.rawId ?? 'unknown';
  rule ??= run.byId.get(cleanRuleId);

  const level = optString(raw, 'level', at);
  if (level !== undefined && !LEVELS.has(level)) throw new Malformed(`${at}/level`, 'must be none, note, warning or error');
  const message = optObj(raw, 'message', at);
  if (!message) throw new Malformed(`${at}/message`, 'is required');
  const text = optString(message, 'text', `${at}/message`);
  if (text === undefined && typeof message.id !== 'string') throw new Malformed(`${at}/message`, 'needs a "text" string (or an "id")');

  let uri: string | undefined;
  let uriBaseId: string | undefined;
  let region: { startLine?: number; startColumn?: number; endLine?: number; endColumn?: number } = {};
  const locations = optArray(raw, 'locations', at);
  if (locations && locations.length) {
    const loc = locations[0];
    const lp = `${at}/locations/0`;
    if (!isObj(loc)) throw new Malformed(lp, `must be an object, not ${kindOf(loc)}`);
    const phys = optObj(loc, 'physicalLocation', lp);
    if (phys) {
      const pp = `${lp}/physicalLocation`;
      const art = optObj(phys, 'artifactLocation', pp);
      if (art) {
        uri = optString(art, 'uri', `${pp}/artifactLocation`);
        uriBaseId = optString(art, 'uriBaseId', `${pp}/artifactLocation`);
      }
      const reg = optObj(phys, 'region', pp);
      if (reg) {
        const rp = `${pp}/region`;
        region = { startLine: optPosInt(reg, 'startLine', rp), startColumn: optPosInt(reg, 'startColumn', rp), endLine: optPosInt(reg, 'endLine', rp), endColumn: optPosInt(reg, 'endColumn', rp) };
      }
    }
  }
  const fingerprints = optObj(raw, 'partialFingerprints', at);
  const given = fingerprints ? Object.values(fingerprints).find((v): v is string => typeof v === 'string') : undefined;
  const suppressions = optArray(raw, 'suppressions', at);
  const sup = suppressions?.[0];
  let suppression: Finding['suppression'];
  if (sup !== undefined) {
    const sp = `${at}/suppressions/0`;
    if (!isObj(sup)) throw new Malformed(sp, `must be an object, not ${kindOf(sup)}`);
    const kind = optString(sup, 'kind', sp);
    if (kind === undefined || !SUPPRESSION_KINDS.has(kind)) throw new Malformed(`${sp}/kind`, 'must be inSource or external');
    const justification = optString(sup, 'justification', sp);
    const status = optString(sup, 'status', sp);
    // A rejected or pending suppression (SARIF §3.35.3) does not suppress.
    if (status === undefined || status === 'accepted') {
      suppression = { kind: kind === 'inSource' ? 'inSource' : 'config', justification: justification === undefined ? undefined : cleanText(justification, detector, SARIF_LIMITS.justification) };
    }
  }

  // Masked after decoding, so a percent-encoded secret is masked too.
  const path = cleanText(localPath(uri, uriBaseId, run.bases, root), detector, SARIF_LIMITS.uri);
  const startLine = region.startLine ?? 1;
  const startColumn = region.startColumn ?? 1;
  const endLine = Math.max(region.endLine ?? startLine, startLine);
  const msg = text !== undefined ? cleanText(text, detector, SARIF_LIMITS.message) : rule?.summary.title ?? cleanRuleId;
  const findingRuleId = `${run.tool}/${cleanRuleId}`;
  const f: Finding = {
    ruleId: findingRuleId,
    kind: 'external',
    severity: severityOf(level ?? rule?.level, rule?.score),
    message: msg,
    path,
    region: { startLine, startColumn, endLine, endColumn: region.endColumn ?? startColumn + 1 },
    preview: msg.length > 120 ? msg.slice(0, 119) + '…' : msg,
    // The given fingerprint is the tool's; hashed with ours so no raw text from it is stored.
    fingerprint: fingerprint(findingRuleId, path, given ?? `${startLine}:${msg}`),
    properties: { tool: run.toolName, source },
  };
  if (suppression) f.suppression = suppression;
  return f;
}

function localPath(uri: string | undefined, baseId: string | undefined, bases: Obj | undefined, root: string): string {
  if (!uri) return '(no location)';
  let u = uri;
  const baseEntry = baseId !== undefined ? bases?.[baseId] : undefined;
  const base = isObj(baseEntry) && typeof baseEntry.uri === 'string' ? baseEntry.uri : undefined;
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
