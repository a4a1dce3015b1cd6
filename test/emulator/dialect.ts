/**
 * The two JSON dialects Azure DevOps speaks, chosen per request by parameters of the Accept
 * header:
 *
 * - standard (azure-devops-node-api, curl): enums as camelCase names, ISO-8601 dates, lists
 *   wrapped as `{count, value}`, `url` and `_links` included;
 * - browser (azure-devops-extension-api): `excludeUrls=true;enumsAsNumbers=true;
 *   msDateFormat=true;noArrayWrap=true`, i.e. numeric enums, `"\/Date(ms)\/"` dates, bare arrays
 *   and no generated URLs.
 *
 * Resources are stored in the standard form. Which fields are enums or dates comes from the
 * contract metadata the node client ships (`interfaces/*Interfaces.TypeInfo`), which is
 * generated from the same server contracts, so the emulator needs no hand-kept table.
 */
import * as BuildInterfaces from 'azure-devops-node-api/interfaces/BuildInterfaces';
import * as CoreInterfaces from 'azure-devops-node-api/interfaces/CoreInterfaces';
import * as FileContainerInterfaces from 'azure-devops-node-api/interfaces/FileContainerInterfaces';
import * as GitInterfaces from 'azure-devops-node-api/interfaces/GitInterfaces';

/** Shape of the node client's contract metadata (it declares it as `any`). */
export interface ContractType {
  fields?: Record<string, FieldInfo>;
  enumValues?: Record<string, number>;
}
export interface FieldInfo {
  isDate?: boolean;
  isArray?: boolean;
  isDictionary?: boolean;
  enumType?: ContractType;
  typeInfo?: ContractType;
  dictionaryValueTypeInfo?: ContractType;
  dictionaryValueEnumType?: ContractType;
  dictionaryValueFieldInfo?: FieldInfo;
}

const git = GitInterfaces.TypeInfo as Record<string, ContractType>;
const build = BuildInterfaces.TypeInfo as Record<string, ContractType>;
const core = CoreInterfaces.TypeInfo as Record<string, ContractType>;
const container = FileContainerInterfaces.TypeInfo as Record<string, ContractType>;

/** The contract types routes answer with. */
export const types = {
  teamProject: core.TeamProject,
  teamProjectReference: core.TeamProjectReference,
  gitRepository: git.GitRepository,
  gitPullRequest: git.GitPullRequest,
  gitPullRequestIteration: git.GitPullRequestIteration,
  gitPullRequestIterationChanges: git.GitPullRequestIterationChanges,
  gitPullRequestStatus: git.GitPullRequestStatus,
  gitStatus: git.GitStatus,
  gitPullRequestCommentThread: git.GitPullRequestCommentThread,
  comment: git.Comment,
  gitItem: git.GitItem,
  gitCommitRef: git.GitCommitRef,
  gitCommitDiffs: git.GitCommitDiffs,
  build: build.Build,
  fileContainerItem: container.FileContainerItem,
} satisfies Record<string, ContractType | undefined>;

export interface Dialect {
  /** Media types in the order the client listed them, lower-cased, without parameters. */
  mediaTypes: string[];
  /** `api-version` from the Accept header, if given there. */
  apiVersion?: string;
  excludeUrls: boolean;
  enumsAsNumbers: boolean;
  msDateFormat: boolean;
  noArrayWrap: boolean;
}

export function parseAccept(header: string | undefined): Dialect {
  const dialect: Dialect = { mediaTypes: [], excludeUrls: false, enumsAsNumbers: false, msDateFormat: false, noArrayWrap: false };
  for (const range of (header ?? '').split(',')) {
    const [type, ...params] = range.split(';').map((p) => p.trim());
    if (type) dialect.mediaTypes.push(type.toLowerCase());
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq < 0) continue;
      const key = param.slice(0, eq).trim().toLowerCase();
      const value = param.slice(eq + 1).trim();
      const on = value.toLowerCase() === 'true';
      if (key === 'api-version') dialect.apiVersion ??= value;
      else if (key === 'excludeurls') dialect.excludeUrls = on;
      else if (key === 'enumsasnumbers') dialect.enumsAsNumbers = on;
      else if (key === 'msdateformat') dialect.msDateFormat = on;
      else if (key === 'noarraywrap') dialect.noArrayWrap = on;
    }
  }
  return dialect;
}

/** True when the browser client (or anyone asking for the browser dialect) made the request. */
export function isBrowserDialect(d: Dialect): boolean {
  return d.enumsAsNumbers || d.msDateFormat || d.noArrayWrap || d.excludeUrls;
}

// Dates become this marker during serialisation and `"\/Date(ms)\/"` in the final text: the
// escaped slashes are what the browser client's reviver looks for, and JSON.stringify cannot
// produce them.
const MS_DATE_MARK = '\u0000msdate:';
const MS_DATE_MARK_JSON = /"\\u0000msdate:(-?\d+)"/g;

/**
 * Serialises a stored resource (or list of them) for the dialect of the request.
 * `type` undefined means an untyped payload (extension data documents): only list wrapping
 * applies, the content is returned as stored.
 */
export function toWire(value: unknown, type: ContractType | undefined, dialect: Dialect, isCollection: boolean): string {
  let out: unknown;
  if (isCollection) {
    const items = (value as unknown[]).map((v) => shape(v, type, dialect));
    out = dialect.noArrayWrap ? items : { count: items.length, value: items };
  } else {
    out = shape(value, type, dialect);
  }
  const text = JSON.stringify(out);
  return dialect.msDateFormat ? text.replace(MS_DATE_MARK_JSON, '"\\/Date($1)\\/"') : text;
}

function shape(value: unknown, type: ContractType | undefined, dialect: Dialect): unknown {
  if (type === undefined) return value;
  const clean = withoutNullsAndUrls(value, dialect.excludeUrls);
  return translate(clean, type, dialect, 'toWire');
}

/** The service never serialises null members; with excludeUrls it also omits generated links. */
function withoutNullsAndUrls(value: unknown, excludeUrls: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutNullsAndUrls(v, excludeUrls));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (excludeUrls && (k === 'url' || k === '_links')) continue;
    // Properties collections hold user data whose members keep their own shape.
    out[k] = k === 'properties' ? v : withoutNullsAndUrls(v, excludeUrls);
  }
  return out;
}

/**
 * Normalises a request body to the stored form: enum members sent as numbers (both official
 * clients send the numeric value of their TypeScript enums) become names.
 */
export function fromWire<T>(body: T, type: ContractType): T {
  return translate(structuredClone(body), type, undefined, 'fromWire') as T;
}

type Direction = 'toWire' | 'fromWire';

function translate(value: unknown, type: ContractType, dialect: Dialect | undefined, dir: Direction): unknown {
  if (Array.isArray(value)) return value.map((v) => translate(v, type, dialect, dir));
  if (value === null || typeof value !== 'object' || !type.fields) return value;
  const obj = value as Record<string, unknown>;
  for (const [name, field] of Object.entries(type.fields)) {
    if (obj[name] !== undefined && obj[name] !== null) obj[name] = translateField(obj[name], field, dialect, dir);
  }
  return obj;
}

function translateField(value: unknown, field: FieldInfo, dialect: Dialect | undefined, dir: Direction): unknown {
  if (field.isArray && Array.isArray(value)) {
    return value.map((v) => translateField(v, { ...field, isArray: false }, dialect, dir));
  }
  if (field.isDictionary && typeof value === 'object' && value !== null) {
    const inner: FieldInfo | undefined = field.dictionaryValueFieldInfo
      ?? (field.dictionaryValueTypeInfo ? { typeInfo: field.dictionaryValueTypeInfo } : undefined)
      ?? (field.dictionaryValueEnumType ? { enumType: field.dictionaryValueEnumType } : undefined);
    if (!inner) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, translateField(v, inner, dialect, dir)]));
  }
  if (field.isDate) {
    if (dir === 'toWire' && dialect?.msDateFormat && typeof value === 'string') {
      const ms = Date.parse(value);
      return Number.isNaN(ms) ? value : `${MS_DATE_MARK}${ms}`;
    }
    return value;
  }
  if (field.enumType?.enumValues) {
    if (dir === 'toWire') return dialect?.enumsAsNumbers ? enumToNumber(value, field.enumType.enumValues) : value;
    return enumToName(value, field.enumType.enumValues);
  }
  if (field.typeInfo) return translate(value, field.typeInfo, dialect, dir);
  return value;
}

/** Flags enums travel as "edit, rename" in the standard dialect and as the OR of values as numbers. */
function enumToNumber(value: unknown, values: Record<string, number>): unknown {
  if (typeof value !== 'string') return value;
  let sum = 0;
  for (const part of value.split(',')) {
    const n = lookupCaseInsensitive(values, part.trim());
    if (n === undefined) return value;
    sum |= n;
  }
  return sum;
}

function enumToName(value: unknown, values: Record<string, number>): unknown {
  if (typeof value === 'string') {
    // Names are matched case-insensitively by the service; store the canonical spelling.
    const canonical = Object.keys(values).find((k) => k.toLowerCase() === value.toLowerCase());
    return canonical ?? value;
  }
  if (typeof value !== 'number') return value;
  const exact = Object.entries(values).find(([, n]) => n === value);
  if (exact) return exact[0];
  const flags = Object.entries(values).filter(([, n]) => n !== 0 && (value & n) === n && isPowerOfTwo(n));
  return flags.length ? flags.map(([k]) => k).join(', ') : value;
}

function lookupCaseInsensitive(values: Record<string, number>, name: string): number | undefined {
  if (name in values) return values[name];
  const key = Object.keys(values).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : values[key];
}

function isPowerOfTwo(n: number): boolean {
  return (n & (n - 1)) === 0;
}

/**
 * Query parameters carrying enums arrive as names or, from both official clients, as numbers
 * (flags as their OR); this returns the names, comma-separated for flags.
 */
export function enumFromQuery(value: string | undefined, type: ContractType | undefined): string[] | undefined {
  if (value === undefined || value === '' || !type?.enumValues) return value === undefined || value === '' ? undefined : [value];
  const values = type.enumValues;
  const names: string[] = [];
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    if (/^\d+$/.test(part)) {
      const named = enumToName(Number(part), values);
      names.push(...String(named).split(',').map((n) => n.trim()));
    } else {
      names.push(String(enumToName(part, values)));
    }
  }
  return names;
}

export const enumTypes = {
  buildStatus: build.BuildStatus,
  buildResult: build.BuildResult,
  buildReason: build.BuildReason,
  buildQueryOrder: build.BuildQueryOrder,
  pullRequestStatus: git.PullRequestStatus,
  gitVersionType: git.GitVersionType,
  gitVersionOptions: git.GitVersionOptions,
  versionControlRecursionType: git.VersionControlRecursionType,
  commentThreadStatus: git.CommentThreadStatus,
} satisfies Record<string, ContractType | undefined>;
