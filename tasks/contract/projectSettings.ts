/**
 * Gate settings and branch triage, kept in the project's properties
 * (`{org}/_apis/projects/{projectId}/properties`): only identities with *Manage project
 * properties* (project administrators) may write them, every project member and the project's
 * build identity may read them, and nobody outside the project can. Values are JSON strings
 * that record who changed them and when.
 *
 * Precedence: built-in defaults < project defaults < repository settings (together: the
 * administrators' settings) < the pipeline's inputs and `.palisade.yml`, which may only make a
 * setting an administrator chose stricter (see `applyPipelineOverrides`).
 */
import { FAIL_ON_LEVELS, isFailOn, type FailOn } from './findings';
import { DISMISS_REASON_WORDS, isDismissReason, MAX_TRIAGE_COMMENT, type DismissReason, type IdentityStamp } from './triage';
import { isManagedMode, MANAGED_MODES, type ManagedMode } from './managedScan';
import { checkReadable, CONTRACT_VERSION } from './version';

export const SCANNERS = ['secrets', 'code', 'dependencies'] as const;
export type Scanner = (typeof SCANNERS)[number];

export interface ScanSettings {
  enabled: boolean;
  scanners: Scanner[];
  failOn: FailOn;
  prStatus: boolean;
  prComments: boolean;
  /** gitignore-syntax patterns. */
  excludes: string[];
  /** A PR author's own `/palisade dismiss` counts (off: only other contributors' replies do). */
  allowAuthorDismiss: boolean;
  /** What the pipeline decorator's run does here (managedScan.ts); `off` until an administrator opts in. */
  managedScan: ManagedMode;
}

export const BUILTIN_DEFAULTS: ScanSettings = {
  enabled: true,
  scanners: ['secrets', 'code', 'dependencies'],
  failOn: 'high',
  prStatus: true,
  prComments: true,
  excludes: [],
  allowAuthorDismiss: false,
  managedScan: 'off',
};

const SETTING_NAMES = Object.keys(BUILTIN_DEFAULTS) as (keyof ScanSettings)[];

/** Built-in defaults, then project defaults, then the repository's overrides. */
export function effectiveSettings(defaults?: Partial<ScanSettings> | null, repo?: Partial<ScanSettings> | null): ScanSettings {
  const out = {} as Record<keyof ScanSettings, unknown>;
  for (const k of SETTING_NAMES) out[k] = repo?.[k] ?? defaults?.[k] ?? BUILTIN_DEFAULTS[k];
  return out as unknown as ScanSettings;
}

/* ------------------------------------------------------------------ property names */

export const PROPERTY_PREFIX = 'Palisade.';
export const SETTINGS_DEFAULTS_KEY = 'Palisade.Settings.Defaults';
export const settingsRepoKey = (repoId: string): string => `Palisade.Settings.Repo.${repoId}`;
/** First (or only) part of a repository's branch triage. */
export const triageKey = (repoId: string): string => `Palisade.Triage.Repo.${repoId}`;
export const triagePartKey = (repoId: string, part: number): string => (part === 0 ? triageKey(repoId) : `${triageKey(repoId)}.${part}`);
/** `keys` filter (the API supports `*` wildcards) that returns every part of a repository's triage. */
export const triageKeysFilter = (repoId: string): string => `${triageKey(repoId)}*`;

/**
 * Size of one property value we allow ourselves. The service's limit is not documented; this is
 * a guess kept well below the sizes other property bags accept (see test/emulator/README.md),
 * and larger triage lists are split over several properties.
 */
export const MAX_PROPERTY_VALUE_CHARS = 32_000;

/** A property as the Core API returns it (`ProjectProperty`). */
export interface ProjectProperty {
  name: string;
  value: unknown;
}

/** One JSON-patch operation of a `PATCH .../properties` body. */
export interface PropertyPatchOperation {
  op: 'add' | 'remove';
  path: string;
  value?: string;
}

export class ProjectPropertyError extends Error {
  override name = 'ProjectPropertyError';
}

/* ------------------------------------------------------------------ settings */

export interface SettingsProperty {
  schemaVersion: number;
  settings: Partial<ScanSettings>;
  changedBy: IdentityStamp;
  changedAt: string;
}

export function serializeSettingsProperty(settings: Partial<ScanSettings>, changedBy: IdentityStamp, changedAt: string): string {
  const clean: Partial<ScanSettings> = {};
  for (const k of SETTING_NAMES) if (settings[k] !== undefined) (clean as Record<string, unknown>)[k] = settings[k];
  checkSettings(clean, 'the settings being saved');
  const doc: SettingsProperty = { schemaVersion: CONTRACT_VERSION, settings: clean, changedBy: { id: changedBy.id, displayName: changedBy.displayName }, changedAt };
  return JSON.stringify(doc);
}

/** Validates a stored settings value; throws ProjectPropertyError naming the property and field. */
export function parseSettingsProperty(value: unknown, key: string): SettingsProperty {
  const doc = parseJsonValue(value, key);
  checkReadable(doc, `project property ${key}`);
  const settings = doc.settings;
  if (!isObject(settings)) throw new ProjectPropertyError(`project property ${key}: "settings" is missing or not an object`);
  const known: Partial<ScanSettings> = {};
  // Unknown names are settings of a newer hub; this reader ignores them.
  for (const k of SETTING_NAMES) if (settings[k] !== undefined) (known as Record<string, unknown>)[k] = settings[k];
  checkSettings(known, `project property ${key}`);
  return { schemaVersion: doc.schemaVersion as number, settings: known, changedBy: parseStamp(doc.changedBy, key, 'changedBy'), changedAt: parseTime(doc.changedAt, key, 'changedAt') };
}

function checkSettings(s: Partial<ScanSettings>, where: string): void {
  const bad = (field: string, expected: string) => new ProjectPropertyError(`${where}: "${field}" must be ${expected}`);
  for (const k of ['enabled', 'prStatus', 'prComments', 'allowAuthorDismiss'] as const) if (s[k] !== undefined && typeof s[k] !== 'boolean') throw bad(k, 'true or false');
  if (s.failOn !== undefined && !isFailOn(s.failOn)) throw bad('failOn', `one of ${FAIL_ON_LEVELS.join(', ')}`);
  if (s.scanners !== undefined && (!Array.isArray(s.scanners) || s.scanners.some((x) => !(SCANNERS as readonly string[]).includes(x)))) throw bad('scanners', `a list of ${SCANNERS.join(', ')}`);
  if (s.managedScan !== undefined && !isManagedMode(s.managedScan)) throw bad('managedScan', `one of ${MANAGED_MODES.join(', ')}`);
  if (s.excludes !== undefined && (!Array.isArray(s.excludes) || s.excludes.some((x) => typeof x !== 'string' || !x))) throw bad('excludes', 'a list of non-empty patterns');
}

/** Where the effective settings came from, for the log and the build summary. */
export interface SettingsSource {
  /** The layers an administrator set, most specific first. */
  layers: { level: 'repository' | 'project'; changedBy: IdentityStamp; changedAt: string }[];
}

export interface AdminSettings {
  settings: ScanSettings;
  /** Settings an administrator chose (in either layer); the others are built-in defaults. */
  chosen: Set<keyof ScanSettings>;
  source: SettingsSource;
}

export function adminSettings(defaults: SettingsProperty | null | undefined, repo: SettingsProperty | null | undefined): AdminSettings {
  const chosen = new Set<keyof ScanSettings>();
  for (const layer of [defaults, repo]) for (const k of SETTING_NAMES) if (layer?.settings[k] !== undefined) chosen.add(k);
  const layers: SettingsSource['layers'] = [];
  if (repo) layers.push({ level: 'repository', changedBy: repo.changedBy, changedAt: repo.changedAt });
  if (defaults) layers.push({ level: 'project', changedBy: defaults.changedBy, changedAt: defaults.changedAt });
  return { settings: effectiveSettings(defaults?.settings, repo?.settings), chosen, source: { layers } };
}

/** `Settings: project defaults changed by Avery Admin on 2026-12-01.` */
export function settingsSourceLine(source: SettingsSource): string {
  if (!source.layers.length) return 'Settings: built-in defaults (no administrator has changed the project or repository settings).';
  const parts = source.layers.map((l) => `${l.level === 'project' ? 'project defaults' : 'repository settings'} changed by ${l.changedBy.displayName} on ${l.changedAt.slice(0, 10)}`);
  return `Settings: ${parts.join('; ')}.`;
}

/** What the repository (pipeline inputs, `.palisade.yml`) asks for. */
export interface PipelineOverrides {
  failOn?: FailOn;
  scanners?: Scanner[];
  /** Added to the administrators' excludes (never replacing them). */
  excludes?: string[];
}

/**
 * The settings a run uses. Where an administrator chose `failOn` or `scanners`, the
 * repository may only make them stricter (a lower threshold; more scanners); where none did,
 * the repository decides. Excludes add up. `enabled` and the PR switches are the
 * administrators' alone (the PR inputs can still turn PR feedback off for one pipeline).
 */
export function applyPipelineOverrides(admin: AdminSettings, o: PipelineOverrides): { settings: ScanSettings; notes: string[] } {
  const s = { ...admin.settings, scanners: [...admin.settings.scanners], excludes: [...admin.settings.excludes] };
  const notes: string[] = [];
  if (o.failOn) {
    if (!admin.chosen.has('failOn')) s.failOn = o.failOn;
    else if (stricterFailOn(o.failOn, s.failOn) === o.failOn) s.failOn = o.failOn;
    else if (o.failOn !== s.failOn) notes.push(`failOn "${o.failOn}" from the pipeline is less strict than "${s.failOn}" set by an administrator; using "${s.failOn}".`);
  }
  if (o.scanners) {
    if (!admin.chosen.has('scanners')) s.scanners = [...o.scanners];
    else {
      const dropped = s.scanners.filter((x) => !o.scanners!.includes(x));
      s.scanners = SCANNERS.filter((x) => s.scanners.includes(x) || o.scanners!.includes(x));
      if (dropped.length) notes.push(`The pipeline leaves out ${dropped.join(', ')}, which an administrator switched on; scanning with ${s.scanners.join(', ')}.`);
    }
  }
  for (const e of o.excludes ?? []) if (!s.excludes.includes(e)) s.excludes.push(e);
  return { settings: s, notes };
}

/** The stricter of two thresholds (`low` is stricter than `high`; `none` is the least strict). */
export function stricterFailOn(a: FailOn, b: FailOn): FailOn {
  const rank = (x: FailOn) => (x === 'none' ? -1 : FAIL_ON_LEVELS.indexOf(x));
  return rank(a) >= rank(b) ? a : b;
}

/* ------------------------------------------------------------------ branch triage */

export interface TriageEntry {
  fingerprint: string;
  reason: DismissReason;
  comment?: string;
  by: IdentityStamp;
  at: string;
  /** For people reading the list: the rule and path the finding had when dismissed. */
  ruleId?: string;
  path?: string;
}

/** One stored part: part 0 (at `triageKey`) says how many parts there are. */
interface TriagePart {
  schemaVersion: number;
  part: number;
  parts: number;
  entries: TriageEntry[];
}

/**
 * The properties that store a repository's branch triage: part 0 at `triageKey(repoId)`, more
 * at `triageKey(repoId).{n}` when the list outgrows MAX_PROPERTY_VALUE_CHARS.
 */
export function serializeTriageProperty(repoId: string, entries: readonly TriageEntry[], maxChars = MAX_PROPERTY_VALUE_CHARS): ProjectProperty[] {
  const clean = dedupeEntries(entries).map((e) => ({ ...e, comment: e.comment?.slice(0, MAX_TRIAGE_COMMENT) }));
  const chunks: TriageEntry[][] = [[]];
  let size = 0;
  const overhead = 100;
  for (const e of clean) {
    checkEntry(e, 'the triage entry being saved');
    const s = JSON.stringify(e).length + 1;
    if (s + overhead > maxChars) throw new ProjectPropertyError(`the triage entry for ${e.fingerprint} is larger than a project property (${s} characters); shorten its comment`);
    if (size + s + overhead > maxChars && chunks[chunks.length - 1].length) {
      chunks.push([]);
      size = 0;
    }
    chunks[chunks.length - 1].push(e);
    size += s;
  }
  return chunks.map((c, part) => ({ name: triagePartKey(repoId, part), value: JSON.stringify({ schemaVersion: CONTRACT_VERSION, part, parts: chunks.length, entries: c } satisfies TriagePart) }));
}

/**
 * A repository's branch triage from the properties a `keys=triageKeysFilter(repoId)` read
 * returned (others are ignored). No property: no triage. A missing part is an error: reading
 * half a list would silently re-open dismissed findings.
 */
export function parseTriageProperty(repoId: string, properties: readonly ProjectProperty[]): TriageEntry[] {
  const base = triageKey(repoId);
  const byName = new Map(properties.filter((p) => p.name === base || p.name.startsWith(`${base}.`)).map((p) => [p.name, p.value]));
  if (!byName.has(base)) {
    if (byName.size) throw new ProjectPropertyError(`project property ${base} is missing but later parts of it exist; an administrator should dismiss or reopen a finding again to rewrite it`);
    return [];
  }
  const first = parseTriagePart(byName.get(base), base);
  const out: TriageEntry[] = [...first.entries];
  for (let n = 1; n < first.parts; n++) {
    const key = triagePartKey(repoId, n);
    if (!byName.has(key)) throw new ProjectPropertyError(`project property ${key} is missing (${base} says there are ${first.parts} parts)`);
    out.push(...parseTriagePart(byName.get(key), key).entries);
  }
  return dedupeEntries(out);
}

/**
 * The JSON-patch body that stores `entries`, removing parts a longer list left behind
 * (`existing` are the property names present before).
 */
export function triagePatch(repoId: string, entries: readonly TriageEntry[], existing: readonly string[] = []): PropertyPatchOperation[] {
  const props = entries.length ? serializeTriageProperty(repoId, entries) : [];
  const written = new Set(props.map((p) => p.name));
  const base = triageKey(repoId);
  const stale = existing.filter((n) => (n === base || n.startsWith(`${base}.`)) && !written.has(n));
  return [...props.map((p) => ({ op: 'add' as const, path: `/${p.name}`, value: p.value as string })), ...stale.map((n) => ({ op: 'remove' as const, path: `/${n}` }))];
}

export function settingsPatch(key: string, settings: Partial<ScanSettings>, changedBy: IdentityStamp, changedAt: string): PropertyPatchOperation[] {
  return [{ op: 'add', path: `/${key}`, value: serializeSettingsProperty(settings, changedBy, changedAt) }];
}

function parseTriagePart(value: unknown, key: string): TriagePart {
  const doc = parseJsonValue(value, key);
  checkReadable(doc, `project property ${key}`);
  if (!Array.isArray(doc.entries)) throw new ProjectPropertyError(`project property ${key}: "entries" must be a list`);
  const parts = doc.parts === undefined ? 1 : doc.parts;
  if (typeof parts !== 'number' || !Number.isInteger(parts) || parts < 1) throw new ProjectPropertyError(`project property ${key}: "parts" must be a positive whole number`);
  const entries = doc.entries.map((e, i) => checkEntry(e, `project property ${key}, entry ${i + 1}`));
  return { schemaVersion: doc.schemaVersion as number, part: typeof doc.part === 'number' ? doc.part : 0, parts, entries };
}

function checkEntry(e: unknown, where: string): TriageEntry {
  if (!isObject(e)) throw new ProjectPropertyError(`${where} is not an object`);
  if (typeof e.fingerprint !== 'string' || !e.fingerprint) throw new ProjectPropertyError(`${where}: "fingerprint" is missing`);
  if (!isDismissReason(e.reason)) throw new ProjectPropertyError(`${where}: "reason" must be one of ${Object.keys(DISMISS_REASON_WORDS).join(', ')}`);
  if (e.comment !== undefined && typeof e.comment !== 'string') throw new ProjectPropertyError(`${where}: "comment" must be text`);
  const by = parseStamp(e.by, where, 'by');
  const at = parseTime(e.at, where, 'at');
  return {
    fingerprint: e.fingerprint, reason: e.reason, by, at,
    ...(e.comment ? { comment: e.comment } : {}),
    ...(typeof e.ruleId === 'string' ? { ruleId: e.ruleId } : {}),
    ...(typeof e.path === 'string' ? { path: e.path } : {}),
  };
}

/** The newest entry per fingerprint wins. */
function dedupeEntries(entries: readonly TriageEntry[]): TriageEntry[] {
  const m = new Map<string, TriageEntry>();
  for (const e of entries) {
    const prior = m.get(e.fingerprint);
    if (!prior || Date.parse(prior.at) <= Date.parse(e.at)) m.set(e.fingerprint, e);
  }
  return [...m.values()];
}

/* ------------------------------------------------------------------ helpers */

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Values are stored as JSON strings; a client that stored an object is read too. */
function parseJsonValue(value: unknown, key: string): Record<string, unknown> {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      throw new ProjectPropertyError(`project property ${key} is not valid JSON; an administrator should save it again from the Security hub`);
    }
  }
  if (!isObject(v)) throw new ProjectPropertyError(`project property ${key} is not a JSON object`);
  return v;
}

function parseStamp(v: unknown, key: string, field: string): IdentityStamp {
  if (!isObject(v) || typeof v.id !== 'string' || typeof v.displayName !== 'string') throw new ProjectPropertyError(`${key.startsWith('project property') || key.startsWith('the ') ? key : `project property ${key}`}: "${field}" must name who made the change ({id, displayName})`);
  return { id: v.id, displayName: v.displayName };
}

function parseTime(v: unknown, key: string, field: string): string {
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw new ProjectPropertyError(`${key.startsWith('project property') || key.startsWith('the ') ? key : `project property ${key}`}: "${field}" must be an ISO date`);
  return v;
}
