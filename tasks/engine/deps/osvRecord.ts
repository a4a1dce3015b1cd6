/**
 * The subset of the OSV schema (https://ossf.github.io/osv-schema/) the scanner reads, and a
 * checker that turns an untrusted JSON value into it or says which field is wrong.
 */

export type OsvEventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: 'SEMVER' | 'ECOSYSTEM' | 'GIT' | string;
  repo?: string;
  events: OsvEvent[];
}

export interface OsvSeverity {
  type: 'CVSS_V2' | 'CVSS_V3' | 'CVSS_V4' | 'Ubuntu' | string;
  score: string;
}

export interface OsvAffected {
  package?: { ecosystem: string; name: string; purl?: string };
  ranges?: OsvRange[];
  versions?: string[];
  severity?: OsvSeverity[];
  database_specific?: Record<string, unknown>;
  ecosystem_specific?: Record<string, unknown>;
}

export interface OsvReference {
  type: string;
  url: string;
}

export interface OsvRecord {
  id: string;
  modified?: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[];
  related?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverity[];
  affected?: OsvAffected[];
  references?: OsvReference[];
  database_specific?: Record<string, unknown>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/**
 * Returns the record when `value` has the fields the scanner relies on, else a message naming
 * the first bad field. Unknown fields are allowed: the schema grows.
 */
export function checkOsvRecord(value: unknown): { record: OsvRecord } | { problem: string } {
  if (!isObject(value)) return { problem: 'not a JSON object' };
  if (typeof value.id !== 'string' || !value.id) return { problem: '"id" is missing or not a string' };
  for (const k of ['summary', 'details', 'withdrawn', 'modified', 'published'] as const) {
    if (value[k] !== undefined && typeof value[k] !== 'string') return { problem: `"${k}" is not a string` };
  }
  for (const k of ['aliases', 'related'] as const) {
    if (value[k] !== undefined && value[k] !== null && !isStringArray(value[k])) return { problem: `"${k}" is not a list of strings` };
  }
  if (value.severity !== undefined && !isSeverityList(value.severity)) return { problem: '"severity" is not a list of {type, score}' };
  if (value.references !== undefined && value.references !== null) {
    if (!Array.isArray(value.references) || !value.references.every((r) => isObject(r) && typeof r.url === 'string')) {
      return { problem: '"references" is not a list of {type, url}' };
    }
  }
  if (value.affected !== undefined && value.affected !== null) {
    if (!Array.isArray(value.affected)) return { problem: '"affected" is not a list' };
    for (let i = 0; i < value.affected.length; i++) {
      const problem = checkAffected(value.affected[i]);
      if (problem) return { problem: `affected[${i}]: ${problem}` };
    }
  }
  return { record: value as unknown as OsvRecord };
}

function isSeverityList(v: unknown): boolean {
  return Array.isArray(v) && v.every((s) => isObject(s) && typeof s.type === 'string' && typeof s.score === 'string');
}

function checkAffected(a: unknown): string | undefined {
  if (!isObject(a)) return 'not an object';
  if (a.package !== undefined) {
    if (!isObject(a.package) || typeof a.package.ecosystem !== 'string' || typeof a.package.name !== 'string') {
      return '"package" needs string "ecosystem" and "name"';
    }
  }
  if (a.versions !== undefined && a.versions !== null && !isStringArray(a.versions)) return '"versions" is not a list of strings';
  if (a.severity !== undefined && !isSeverityList(a.severity)) return '"severity" is not a list of {type, score}';
  if (a.ranges !== undefined && a.ranges !== null) {
    if (!Array.isArray(a.ranges)) return '"ranges" is not a list';
    for (let j = 0; j < a.ranges.length; j++) {
      const r = a.ranges[j];
      if (!isObject(r) || typeof r.type !== 'string' || !Array.isArray(r.events)) return `ranges[${j}] needs "type" and "events"`;
      for (const e of r.events) {
        if (!isObject(e)) return `ranges[${j}] has an event that is not an object`;
        const keys = (['introduced', 'fixed', 'last_affected', 'limit'] as const).filter((k) => e[k] !== undefined);
        if (keys.length !== 1 || typeof e[keys[0]] !== 'string') {
          return `ranges[${j}] has an event without exactly one of introduced/fixed/last_affected/limit`;
        }
      }
    }
  }
  return undefined;
}

/** GitHub advisory id first, then CVE, then the rest: the order people recognise ids in. */
export function compareAdvisoryIds(a: string, b: string): number {
  const rank = (id: string) => (id.startsWith('GHSA-') ? 0 : id.startsWith('CVE-') ? 1 : 2);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
