/**
 * The built-in rules, parsed and validated once at build time into JSON. Loading ~300 YAML
 * files with schema checks costs most of a small scan; the bundle costs a JSON.parse.
 * The YAML files stay the source of truth: a bundle whose sources changed is ignored.
 *
 * A scan needs neither the rules' samples nor their help (only SARIF shows help), and parsing
 * them was most of the bundle's cost, so they live in two files of their own beside it, read
 * when a spec's `help` or `samples` is first asked for. All three are ASCII (other characters
 * escaped), read as Latin-1: the UTF-8 decoder was slower than the parse.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { anchorEntries, seedAnchors, type AnchorEntry } from '../secrets/anchors';
import { isSecretRule, type CodeRuleSpec, type LoadedRule, type RuleSpec } from '../rules/ruleSpec';
import type { RuleSummary } from '../../contract/findings';
import { rememberPlainHelp, stripMarkdown } from './ruleSummary';
import { rememberCheckedTree } from '../text/checkedFiles';

export const RULE_BUNDLE_FILE = 'rules.bundle.json';

/** The files beside the bundle that hold what a scan does not need. */
export function bundlePartFiles(bundleFile: string): { help: string; samples: string } {
  const base = bundleFile.replace(/\.json$/, '');
  return { help: `${base}.help.json`, samples: `${base}.samples.json` };
}

interface SourceStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * 5: times are plain stats' mtimeMs (4 had BigInt stats' whole milliseconds). 6: code rules'
 * specs per set of languages after the part's first line (KindPart.specGroups).
 */
const BUNDLE_VERSION = 6;

/** What a bundle file was made from: the rule files and every folder that holds them. */
interface SourceRecord {
  sources: SourceStamp[];
  /** Every folder under the source folder, itself first (path ''), with its time. */
  dirs: { path: string; mtimeMs: number }[];
}

/** The kinds of built-in rule; each kind's specs are a file of their own (see kindFile). */
export const BUILTIN_KINDS = ['secret', 'code'] as const;
export type BuiltinKind = (typeof BUILTIN_KINDS)[number];

/**
 * The bundle itself: which rules there are, in order, and what they were made from. Their
 * specs are in one file per kind, so that a scan by one scanner parses only its own rules
 * (secret and code rules are about 300 KB each, and parsing both also cost the collections
 * of the young heap that the objects of both filled).
 */
interface RuleBundle extends SourceRecord {
  version: typeof BUNDLE_VERSION;
  /** The same in every file of one build: files left by different builds are not mixed. */
  build: string;
  rules: { id: string; kind: BuiltinKind }[];
}

interface KindPart {
  build: string;
  /** The specs, in the part's first line (secret rules); code rules' are in specGroups. */
  specs?: RuleSpec[];
  /** Each spec's file (LoadedRule.source). */
  sources: string[];
  /** The secret patterns' anchors, worked out at build time like the validation. */
  anchors?: AnchorEntry[];
  /**
   * Code rules: their `match` (three quarters of the part) per set of languages, in the text
   * after the part's first line (see writeKindPart); a spec's `match` there is its group's index.
   * A scan of JavaScript files then parses only the JavaScript rules' patterns.
   */
  matchGroups?: { languages: string; start: number; end: number }[];
  /**
   * Code rules: their specs (`match` as above) per set of languages, after the match groups, the
   * same groups in the same order; `entries` gives each rule's id and group in the part's order.
   * A scan of a few files reads only their languages' specs (see OpenBundle.load's `keep`).
   */
  specGroups?: { languages: string; start: number; end: number }[];
  entries?: { id: string; group: number }[];
}

/** The file of one kind's specs beside the bundle. */
export function kindFile(bundleFile: string, kind: BuiltinKind): string {
  return `${bundleFile.replace(/\.json$/, '')}.${kind}.json`;
}

/**
 * The listing `palisade rules` shows, written beside the bundle: every built-in rule's summary
 * but its help (read from the help part for JSON output only), with its own record of the
 * sources. Listing the rules from it skips parsing every rule (the bundle is ~650 KB).
 */
export function ruleListFile(bundleFile: string): string {
  return `${bundleFile.replace(/\.json$/, '')}.list.json`;
}

type ListedRule = Omit<RuleSummary, 'helpText' | 'helpMarkdown'>;

interface RuleList extends SourceRecord {
  version: typeof BUNDLE_VERSION;
  rules: ListedRule[];
}

/** Per rule id: its help as written (Markdown) and as plain text. */
type HelpPart = Record<string, { markdown: string; text: string }>;
type SamplesPart = Record<string, RuleSpec['samples']>;

/** Rule files under `dir`, sorted, so rule order is stable. */
export function listRuleFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.ya?ml$/.test(e.name)) files.push(p);
    }
  };
  walk(dir);
  return files.sort();
}

/**
 * The rule files' paths (relative, `/`-separated, in listRuleFiles' order), sizes and times,
 * and the folders' times. Run at every start in a checkout, so paths are built as the walk goes
 * (no path.relative). Times are the plain stats' `mtimeMs` (a double, kept exactly by JSON):
 * Node 20 builds four Date objects per stat either way, and the BigInt ones cost ~30% more
 * (cachegrind: 17 M instructions for the ~540 stats against 11 M).
 */
function sourceRecord(sourceDir: string): SourceRecord {
  const out: { abs: string; rel: string }[] = [];
  const dirs: { abs: string; rel: string }[] = [];
  const walk = (abs: string, rel: string): void => {
    dirs.push({ abs, rel });
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const a = abs + sep + e.name;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(a, r);
      else if (e.isFile() && /\.ya?ml$/.test(e.name)) out.push({ abs: a, rel: r });
    }
  };
  walk(sourceDir, '');
  // The order of listRuleFiles (sorted absolute paths): the same prefix, so the same as by `abs`.
  out.sort((a, b) => (a.abs < b.abs ? -1 : a.abs > b.abs ? 1 : 0));
  return {
    sources: out.map(({ abs, rel }) => {
      const st = statSync(abs);
      return { path: rel, size: st.size, mtimeMs: st.mtimeMs };
    }),
    dirs: dirs.map(({ abs, rel }) => ({ path: rel, mtimeMs: statSync(abs).mtimeMs })),
  };
}

/**
 * Whether `sourceDir` still holds what `recorded` lists, unchanged. A folder's time changes
 * whenever an entry is added, removed or renamed in it (an editor's swap file, a `git
 * checkout`), so while every folder's time is as recorded the rule files are the recorded ones
 * and only they are stat'ed (to see edits in place), without listing the folders. Otherwise the
 * tree is listed again and compared file by file, as when the folders' times are unknown.
 */
function sourcesUnchanged(recorded: SourceRecord, sourceDir: string): boolean {
  const pathOf = (rel: string): string => (rel ? sourceDir + sep + (sep === '/' ? rel : rel.split('/').join(sep)) : sourceDir);
  const sameFiles = (now: (s: SourceStamp) => { size: number; mtimeMs: number } | undefined): boolean => {
    for (const s of recorded.sources) {
      const st = now(s);
      if (!st || st.size !== s.size || st.mtimeMs !== s.mtimeMs) return false;
    }
    return true;
  };
  if (Array.isArray(recorded.dirs) && recorded.dirs.length > 0) {
    const foldersAsBuilt = recorded.dirs.every((d) => {
      const st = statSync(pathOf(d.path), { throwIfNoEntry: false });
      return st !== undefined && st.isDirectory() && st.mtimeMs === d.mtimeMs;
    });
    if (foldersAsBuilt) {
      const same = sameFiles((s) => {
        const st = statSync(pathOf(s.path), { throwIfNoEntry: false });
        return st && st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : undefined;
      });
      // Other checks of these files at this start may take them as found here (the source models').
      if (same) rememberCheckedTree(sourceDir, recorded.sources, recorded.dirs);
      return same;
    }
  }
  const now = sourceRecord(sourceDir).sources;
  if (now.length !== recorded.sources.length) return false;
  let i = 0;
  return sameFiles((s) => {
    const n = now[i++];
    return n.path === s.path ? n : undefined;
  });
}

/** JSON with every character beyond ASCII escaped, so that it reads as Latin-1. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export function writeRuleBundle(rules: readonly LoadedRule[], sourceDir: string, outFile: string): void {
  const help: HelpPart = {};
  const samples: SamplesPart = {};
  const build = `${Date.now().toString(36)}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  const parts: Record<BuiltinKind, KindPart & { specs: RuleSpec[] }> = { secret: { build, specs: [], sources: [] }, code: { build, specs: [], sources: [] } };
  for (const r of rules) {
    const { help: markdown, samples: s, ...rest } = r.spec;
    help[r.spec.id] = { markdown, text: stripMarkdown(markdown) };
    samples[r.spec.id] = s;
    parts[r.spec.kind].specs.push(rest as RuleSpec);
    parts[r.spec.kind].sources.push(r.source);
  }
  parts.secret.anchors = anchorEntries(rules.map((r) => r.spec).filter(isSecretRule));
  const bundle: RuleBundle = { version: BUNDLE_VERSION, build, ...sourceRecord(sourceDir), rules: rules.map((r) => ({ id: r.spec.id, kind: r.spec.kind })) };
  mkdirSync(dirname(outFile), { recursive: true });
  const files = bundlePartFiles(outFile);
  // The parts first: a bundle is only used when they are there.
  writeAtomically(files.help, asciiJson(help));
  writeAtomically(files.samples, asciiJson(samples));
  for (const kind of BUILTIN_KINDS) writeAtomically(kindFile(outFile, kind), kindPartText(parts[kind]));
  writeAtomically(outFile, asciiJson(bundle));
}

/**
 * A kind's part as written: its JSON on the first line, then (code rules) each group's `match`
 * lists as JSON, one group after another, which the first line locates (matchGroups), then each
 * group's specs likewise (specGroups). asciiJson escapes every line break, so the first line
 * ends where the part's JSON does.
 */
function kindPartText(part: KindPart): string {
  const specs = part.specs ?? [];
  if (!specs.some((s) => s.kind === 'code')) return asciiJson(part);
  const groups = new Map<string, { index: number; matches: unknown[]; specs: RuleSpec[] }>();
  const entries = specs.map((spec) => {
    // Code parts hold code rules only (see writeRuleBundle).
    const key = (spec as CodeRuleSpec).languages.join(',');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { index: groups.size, matches: [], specs: [] }));
    if (spec.kind === 'code' && Array.isArray(spec.match)) {
      g.matches.push(spec.match);
      // In place of the list, so that the spec's keys keep their order when it is put back.
      g.specs.push({ ...spec, match: g.index } as unknown as RuleSpec);
    } else g.specs.push(spec);
    return { id: spec.id, group: g.index };
  });
  let tail = '';
  const located = (text: string, languages: string): { languages: string; start: number; end: number } => {
    const at = { languages, start: tail.length, end: tail.length + text.length };
    tail += text;
    return at;
  };
  const matchGroups = [...groups].map(([languages, g]) => located(asciiJson(g.matches), languages));
  const specGroups = [...groups].map(([languages, g]) => located(asciiJson(g.specs), languages));
  const { specs: _inGroups, ...rest } = part;
  return `${asciiJson({ ...rest, entries, matchGroups, specGroups })}\n${tail}`;
}

/** The text after a kind part's first line (see kindPartText): what attachMatches reads of it. */
interface PartTail {
  readonly length: number;
  slice(start: number, end: number): string;
}

/**
 * A kind's part from its file's bytes (see kindPartText), the rules' `match` to be read on first
 * use; null if malformed. The bytes are kept (outside the JavaScript heap) and a group's text
 * decoded when it is read: the whole file as one string (~520 KB for code rules, three quarters
 * of it other languages' patterns) was copied into the heap and lived to the end of every code scan.
 */
function readKindPart(bytes: Buffer): { part: KindPart; tail: PartTail } | null {
  const nl = bytes.indexOf(10);
  // ASCII by construction (see asciiJson): Latin-1 gives the same text without the UTF-8 decoder.
  const part = JSON.parse(bytes.toString('latin1', 0, nl < 0 ? bytes.length : nl)) as KindPart;
  const from = nl < 0 ? bytes.length : nl + 1;
  const tail: PartTail = { length: bytes.length - from, slice: (start, end) => bytes.toString('latin1', from + start, from + end) };
  const within = (groups: unknown): boolean => Array.isArray(groups) && groups.every((g) => g && Number.isInteger(g.start) && Number.isInteger(g.end) && g.start >= 0 && g.start <= g.end && g.end <= tail.length && typeof g.languages === 'string');
  if (part.specGroups !== undefined || part.entries !== undefined) {
    if (!within(part.matchGroups) || !within(part.specGroups) || part.matchGroups!.length !== part.specGroups!.length || !Array.isArray(part.entries)) return null;
    const count = part.specGroups!.length;
    if (!part.entries.every((e) => e && typeof e.id === 'string' && Number.isInteger(e.group) && e.group >= 0 && e.group < count)) return null;
  } else if (part.matchGroups !== undefined || !Array.isArray(part.specs)) return null;
  return { part, tail };
}

/**
 * The part's rules `keep` accepts (by their languages; code rules only: every secret rule is
 * kept), in the part's order, with their specs; null if the part does not list `listed`.
 * Of the code rules' specs only the groups of the kept ones are parsed.
 */
function partRules(part: KindPart, tail: PartTail, listed: readonly { id: string }[], keep?: (languages: readonly string[]) => boolean): { rules: LoadedRule[]; places: Map<RuleSpec, number> } | null {
  if (!Array.isArray(part.sources)) return null;
  const rules: LoadedRule[] = [];
  // Each kept code spec's place among its group's (see attachMatches).
  const places = new Map<RuleSpec, number>();
  if (!part.entries) {
    const specs = part.specs!;
    if (specs.length !== listed.length || specs.some((s, i) => !s || s.id !== listed[i].id)) return null;
    specs.forEach((spec, i) => {
      if (!keep || spec.kind !== 'code' || keep(spec.languages)) rules.push({ spec, source: part.sources[i] });
    });
    return { rules, places };
  }
  const { entries, specGroups } = part as Required<Pick<KindPart, 'entries' | 'specGroups'>>;
  if (entries.length !== listed.length || entries.some((e, i) => e.id !== listed[i].id)) return null;
  const kept = specGroups.map((g) => !keep || keep(g.languages.split(',')));
  // Each kept group's specs; a group that cannot be read leaves the part unused, as a missing file does.
  const parsed = new Map<number, unknown>();
  const specsOf = (g: number): unknown => {
    if (!parsed.has(g)) {
      try {
        parsed.set(g, JSON.parse(tail.slice(specGroups[g].start, specGroups[g].end)));
      } catch {
        parsed.set(g, null);
      }
    }
    return parsed.get(g);
  };
  const next = specGroups.map(() => 0);
  for (let i = 0; i < entries.length; i++) {
    const g = entries[i].group;
    const at = next[g]++;
    if (!kept[g]) continue;
    const list = specsOf(g);
    const spec = Array.isArray(list) ? (list[at] as RuleSpec | undefined) : undefined;
    if (!spec || spec.id !== entries[i].id) return null;
    places.set(spec, at);
    rules.push({ spec, source: part.sources[i] });
  }
  return { rules, places };
}

/**
 * Gives each code spec whose `match` is a group's index (see kindPartText) a `match` property
 * that parses its group's lists on first use and then holds its own list like any other
 * property; every spec of the group gets its list then. One descriptor for the whole part.
 * `rules` may be some of the part's rules only (see partRules): `places` gives each one's place
 * among its group's specs, and so its list's place in the group's lists.
 */
function attachMatches(rules: readonly LoadedRule[], places: ReadonlyMap<RuleSpec, number>, part: KindPart, tail: PartTail, file: string): void {
  const groups = part.matchGroups;
  if (!groups) return;
  const sizes = groups.map(() => 0);
  for (const e of part.entries ?? []) sizes[e.group]++;
  const members: [number, RuleSpec][][] = groups.map(() => []);
  for (const r of rules) {
    const at = places.get(r.spec);
    if (r.spec.kind === 'code' && typeof r.spec.match === 'number' && at !== undefined) members[r.spec.match].push([at, r.spec]);
  }
  const groupOf = new Map<RuleSpec, number>();
  members.forEach((specs, g) => specs.forEach(([, s]) => groupOf.set(s, g)));
  const settle = (spec: RuleSpec, value: unknown): void => {
    Object.defineProperty(spec, 'match', { value, writable: true, enumerable: true, configurable: true });
  };
  const load = (g: number): void => {
    let lists: unknown;
    try {
      lists = JSON.parse(tail.slice(groups[g].start, groups[g].end));
    } catch (e) {
      throw new Error(`Palisade's rule bundle is incomplete: ${file} cannot be read (${(e as Error).message}); run "npm run build" or reinstall`);
    }
    if (!Array.isArray(lists) || lists.length !== sizes[g]) throw new Error(`Palisade's rule bundle is incomplete: ${file} does not hold the rules' patterns; run "npm run build" or reinstall`);
    for (const [at, s] of members[g]) {
      groupOf.delete(s);
      settle(s, lists[at]);
    }
  };
  const descriptor: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: RuleSpec) {
      const g = groupOf.get(this);
      if (g === undefined) return undefined;
      load(g);
      return this.kind === 'code' ? this.match : undefined;
    },
    set(this: RuleSpec, value: unknown) {
      groupOf.delete(this);
      settle(this, value);
    },
  };
  for (const specs of members) for (const [, s] of specs) Object.defineProperty(s, 'match', descriptor);
}

/** Writes the rules' listing (see ruleListFile); `summaries` as ruleSummaries gives them with every rule enabled. */
export function writeRuleList(summaries: readonly RuleSummary[], sourceDir: string, bundleFile: string): void {
  const rules = summaries.map(({ id, kind, title, description, severity, cwe, tags }): ListedRule => ({ id, kind, title, description, severity, cwe, tags }));
  const list: RuleList = { version: BUNDLE_VERSION, ...sourceRecord(sourceDir), rules };
  mkdirSync(dirname(bundleFile), { recursive: true });
  writeAtomically(ruleListFile(bundleFile), asciiJson(list));
}

/**
 * The summaries the listing beside `bundleFile` holds, or null when it is missing, unreadable
 * or older than `sourceDir`'s files (trusted as built without a source folder). Each summary's
 * `helpText` and `helpMarkdown` read the help part when first asked for (JSON output), so a
 * table of the rules reads nothing else; they come out as ruleSummary makes them.
 */
export function readFreshRuleList(bundleFile: string, sourceDir: string | undefined): RuleSummary[] | null {
  const listFile = ruleListFile(bundleFile);
  const helpFile = bundlePartFiles(bundleFile).help;
  if (!existsSync(listFile) || !existsSync(helpFile)) return null;
  let list: RuleList;
  try {
    list = JSON.parse(readFileSync(listFile, 'latin1')) as RuleList;
  } catch {
    return null;
  }
  if (list.version !== BUNDLE_VERSION || !Array.isArray(list.rules) || !Array.isArray(list.sources)) return null;
  if (sourceDir && existsSync(sourceDir) && !sourcesUnchanged(list, sourceDir)) return null;
  let help: HelpPart | undefined;
  const helpOf = (id: string): { markdown: string; text: string } | undefined => (help ??= readPart<HelpPart>(helpFile))[id];
  // Keys in ruleSummary's order: JSON output is the same text either way.
  return list.rules.map(({ id, kind, title, description, severity, cwe, tags }) => ({
    id,
    kind,
    title,
    description,
    severity,
    cwe,
    get helpText(): string {
      return helpOf(id)?.text ?? '';
    },
    get helpMarkdown(): string {
      return helpOf(id)?.markdown ?? '';
    },
    tags,
  }));
}

function readPart<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'latin1')) as T;
  } catch (e) {
    throw new Error(`Palisade's rule bundle is incomplete: ${file} cannot be read (${(e as Error).message}); run "npm run build" or reinstall`);
  }
}

/**
 * Gives each spec `help` and `samples` properties that read their file on first use (once for
 * all rules) and then hold the value like any other property. One getter and setter per
 * property for the whole bundle (a spec finds its part by its id): closures and descriptors
 * per spec were most of the start-up's allocation.
 */
function attachParts(rules: readonly LoadedRule[], bundleFile: string): void {
  const files = bundlePartFiles(bundleFile);
  let help: HelpPart | undefined;
  let samples: SamplesPart | undefined;
  const read = readPart;
  const loadHelp = (): HelpPart => {
    if (help) return help;
    help = read<HelpPart>(files.help);
    for (const r of rules) {
      const h = help[r.spec.id];
      if (h) rememberPlainHelp(r.spec, h.text);
    }
    return help;
  };
  const helpProperty = lazyDescriptor('help', (spec) => loadHelp()[spec.id]?.markdown ?? '');
  const samplesProperty = lazyDescriptor('samples', (spec) => (samples ??= read<SamplesPart>(files.samples))[spec.id] ?? { positive: [], negative: [] });
  for (const r of rules) {
    Object.defineProperty(r.spec, 'help', helpProperty);
    Object.defineProperty(r.spec, 'samples', samplesProperty);
  }
}

function lazyDescriptor(key: 'help' | 'samples', load: (spec: RuleSpec) => unknown): PropertyDescriptor {
  function settle(this: RuleSpec, value: unknown): void {
    Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
  }
  return {
    enumerable: true,
    configurable: true,
    get(this: RuleSpec) {
      const value = load(this);
      settle.call(this, value);
      return value;
    },
    set: settle,
  };
}

/** A fresh bundle, opened: which rules it has, and their specs read per kind on request. */
export interface OpenBundle {
  /** Every rule's id and kind, in the bundle's order (that of the sorted rule files). */
  rules: readonly { id: string; kind: BuiltinKind }[];
  /**
   * The rules of one kind, in the bundle's order; null if its file is missing, unreadable or of
   * another build. `keep`: only the code rules whose languages it accepts (the others' specs
   * are not parsed).
   */
  load(kind: BuiltinKind, keep?: (languages: readonly string[]) => boolean): LoadedRule[] | null;
}

/**
 * The bundle when it is there with its parts and not older than `sourceDir`'s files, else
 * null. Without a source folder (a packaged task) the bundle is trusted as built. Only the
 * list of rules is read here; each kind's specs when first asked for.
 */
export function openFreshBundle(bundleFile: string, sourceDir: string | undefined): OpenBundle | null {
  if (!existsSync(bundleFile)) return null;
  const parts = bundlePartFiles(bundleFile);
  if (!existsSync(parts.help) || !existsSync(parts.samples) || !BUILTIN_KINDS.every((k) => existsSync(kindFile(bundleFile, k)))) return null;
  let bundle: RuleBundle;
  try {
    bundle = JSON.parse(readFileSync(bundleFile, 'latin1')) as RuleBundle;
  } catch {
    return null;
  }
  if (bundle.version !== BUNDLE_VERSION || !Array.isArray(bundle.rules) || typeof bundle.build !== 'string') return null;
  if (sourceDir && existsSync(sourceDir) && !sourcesUnchanged(bundle, sourceDir)) return null;
  return {
    rules: bundle.rules,
    load(kind: BuiltinKind, keep?: (languages: readonly string[]) => boolean): LoadedRule[] | null {
      const file = kindFile(bundleFile, kind);
      let read: ReturnType<typeof readKindPart>;
      try {
        read = readKindPart(readFileSync(file));
      } catch {
        return null;
      }
      if (!read) return null;
      const { part, tail } = read;
      if (part.build !== bundle.build) return null;
      const made = partRules(part, tail, bundle.rules.filter((r) => r.kind === kind), keep);
      if (!made) return null;
      const { rules, places } = made;
      seedAnchors(part.anchors);
      attachMatches(rules, places, part, tail, file);
      attachParts(rules, bundleFile);
      return rules;
    },
  };
}

/** Every rule of a fresh bundle, in its order (see openFreshBundle), or null. */
export function readFreshBundle(bundleFile: string, sourceDir: string | undefined): LoadedRule[] | null {
  const open = openFreshBundle(bundleFile, sourceDir);
  if (!open) return null;
  const byKind = new Map<BuiltinKind, LoadedRule[]>();
  for (const kind of BUILTIN_KINDS) {
    const rules = open.load(kind);
    if (!rules) return null;
    byKind.set(kind, rules);
  }
  return inBundleOrder(open.rules, byKind);
}

/**
 * The rules of the given kinds' lists, in the order `order` gives them. A kind's list may hold
 * some of its rules only (see OpenBundle.load's `keep`), in the same order: a rule is taken
 * where its id comes in `order`.
 */
export function inBundleOrder(order: readonly { id: string; kind: BuiltinKind }[], byKind: ReadonlyMap<BuiltinKind, readonly LoadedRule[]>): LoadedRule[] {
  const next = new Map<BuiltinKind, number>();
  const out: LoadedRule[] = [];
  for (const r of order) {
    const list = byKind.get(r.kind);
    if (!list) continue;
    const i = next.get(r.kind) ?? 0;
    if (i >= list.length || list[i].spec.id !== r.id) continue;
    next.set(r.kind, i + 1);
    out.push(list[i]);
  }
  return out;
}
