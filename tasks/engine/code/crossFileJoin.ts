import type { FlowStep } from '../../contract/findings';
import { pyModuleSuffixes, treeNameOf } from './crossFileNames';
import type { CallRecord, DefSummary, FileSummary } from './crossFileSummary';
import type { ExternalEntry, ExternalInput } from './values';

/**
 * The join of the files' summaries: which calls of one file reach which function of another,
 * and so which files must be scanned again with input arriving from elsewhere (a parameter that
 * a caller passes input to, a call whose result is input), together with the path that input
 * took before it arrived. Pure: the scan (run/crossFile.ts) reads and re-scans the files.
 *
 * Conservative: a call whose keys match no definition of the tree is a library's (reported only
 * when a relative import named a module the tree lacks); one that matches several is skipped and
 * reported. A step of a flow is a FlowStep with its file's path.
 */

/** Places kept of a path across files: the source and the latest steps. */
export const MAX_CROSS_STEPS = 24;

export interface JoinCounts {
  resolved: number;
  ambiguous: number;
  unresolved: number;
  /** A few examples of each, for the diagnostic. */
  ambiguousExamples: string[];
  unresolvedExamples: string[];
}

interface FileInput {
  params: Map<number, Set<number>>;
  calls: Set<number>;
}

export interface Located {
  path: string;
  def: DefSummary<FlowStep>;
}

export function entryId(key: string, e: ExternalEntry): string {
  return e.kind === 'param' ? `${key}|p:${e.fn}:${e.position}` : `${key}|c:${e.call}`;
}

/** A path shortened in the middle: its source and latest places. */
export function clampSteps(steps: FlowStep[]): FlowStep[] {
  return steps.length > MAX_CROSS_STEPS ? [steps[0], ...steps.slice(steps.length - (MAX_CROSS_STEPS - 1))] : steps;
}

const EXAMPLES = 3;

export class CrossFileJoin {
  private readonly defs = new Map<string, Located[]>();
  /** Per file, per knowledge key: the input that arrives from other files. */
  private readonly inputs = new Map<string, Map<string, FileInput>>();
  /** Per file: entry id -> the path input took before it entered (the first one found wins). */
  private readonly prefixes = new Map<string, Map<string, FlowStep[]>>();
  readonly counts: JoinCounts = { resolved: 0, ambiguous: 0, unresolved: 0, ambiguousExamples: [], unresolvedExamples: [] };
  /** Files whose definitions are indexed. */
  private readonly indexed = new Set<string>();
  /**
   * Calls that pass input to a name of the tree whose file was not parsed (no rule asked for
   * it): held until those files are (see wanted), then joined again.
   */
  private deferred: { path: string; call: CallRecord<FlowStep>; onlyExternal: boolean }[] = [];
  /** Tree names (see treeNamesOf) of the files the deferred calls need. */
  readonly wanted = new Set<string>();

  /** Indexes the definitions of the tree (from the first scan of every file). */
  constructor(summaries: readonly FileSummary<FlowStep>[]) {
    this.addDefs(summaries);
  }

  /** Indexes the definitions of more files (parsed on demand for deferred calls). */
  addDefs(summaries: readonly FileSummary<FlowStep>[]): void {
    for (const s of summaries) {
      if (this.indexed.has(s.path)) continue;
      this.indexed.add(s.path);
      for (const def of s.defs) {
        for (const key of indexKeys(def.key)) {
          const list = this.defs.get(key) ?? [];
          list.push({ path: s.path, def });
          this.defs.set(key, list);
        }
      }
    }
  }

  /**
   * The definition a call means, when exactly one of the tree's fits it. `defer`: a call none
   * fits is held for files not parsed yet (see wanted) instead of being counted.
   */
  resolve(from: string, call: CallRecord<FlowStep>, defer?: (names: string[]) => boolean): Located | undefined {
    const seen = new Map<string, Located>();
    for (const t of call.targets) for (const l of this.defs.get(t) ?? []) seen.set(`${l.path}:${l.def.start}`, l);
    const all = [...seen.values()];
    // A target whose file is not parsed yet may hold the definition (or a second one, which
    // makes the call ambiguous): held until it is.
    if (defer?.(call.targets.map(treeNameOf))) return undefined;
    // The file's own functions: the analysis within the file has followed those.
    if (all.some((l) => l.path === from)) return undefined;
    const fits = all.filter((l) => arity(call, l.def) === l.def.params || (all.length === 1 && arity(call, l.def) < l.def.params));
    const where = `${call.at.path ?? from}:${call.at.region.startLine}`;
    if (fits.length === 0) {
      // Only calls that pass input: a library's own relative imports are not the scan's business.
      if (call.relative && all.length === 0 && call.tainted.length) {
        this.counts.unresolved++;
        if (this.counts.unresolvedExamples.length < EXAMPLES) this.counts.unresolvedExamples.push(`${where} (${call.targets[0]})`);
      }
      return undefined;
    }
    if (fits.length > 1) {
      this.counts.ambiguous++;
      if (this.counts.ambiguousExamples.length < EXAMPLES) this.counts.ambiguousExamples.push(`${where} (${[...new Set(fits.map((l) => l.path))].join(', ')})`);
      return undefined;
    }
    this.counts.resolved++;
    return fits[0];
  }

  /**
   * Joins the calls of these summaries (a first scan, or a scan with external input: then only
   * its arguments that carry that input are new). Returns the files whose input grew.
   */
  add(summaries: readonly FileSummary<FlowStep>[], onlyExternal = false, canDefer: (name: string) => boolean = () => false): Set<string> {
    const grown = new Set<string>();
    for (const s of summaries) {
      for (const call of s.calls) {
        const tainted = onlyExternal ? call.tainted.filter((t) => t.entry) : call.tainted;
        if (onlyExternal && tainted.length === 0) continue;
        const defer = (names: string[]): boolean => {
          const open = tainted.length ? names.filter(canDefer) : [];
          if (open.length === 0) return false;
          for (const n of open) this.wanted.add(n);
          this.deferred.push({ path: s.path, call, onlyExternal });
          return true;
        };
        const target = this.resolve(s.path, call, defer);
        if (!target) continue;
        const { def } = target;
        const offset = call.receiver && def.self ? 1 : 0;
        for (const t of tainted) {
          const before = t.entry ? this.prefixes.get(s.path)?.get(entryId(t.key, t.entry)) ?? [] : [];
          const steps = clampSteps([...before, ...t.steps]);
          const position = t.position + offset;
          if (position >= def.params) continue;
          this.feed(target.path, entryId(t.key, { kind: 'param', fn: def.start, position }), { path: s.path, call: call.start, steps });
          if (this.addParam(target.path, t.key, def.start, position, steps)) grown.add(target.path);
        }
        if (onlyExternal) continue;
        for (const r of def.returnsInput ?? []) if (!r.entry && this.addCall(s.path, r.key, call.start, clampSteps(r.steps))) grown.add(s.path);
      }
      // Functions that return what callers passed in: each such call's result is input in its file.
      for (const def of s.defs) {
        for (const r of def.returnsInput ?? []) {
          if (r.entry?.kind !== 'param') continue;
          for (const f of this.feeders.get(`${s.path}|${entryId(r.key, r.entry)}`) ?? []) {
            if (this.addCall(f.path, r.key, f.call, clampSteps([...f.steps, ...r.steps]))) grown.add(f.path);
          }
        }
      }
    }
    return grown;
  }

  /** Calls (by file and start) that pass input to a parameter, with the path it took. */
  private readonly feeders = new Map<string, { path: string; call: number; steps: FlowStep[] }[]>();

  private feed(path: string, id: string, caller: { path: string; call: number; steps: FlowStep[] }): void {
    const k = `${path}|${id}`;
    const list = this.feeders.get(k) ?? [];
    if (list.length < 64 && !list.some((c) => c.path === caller.path && c.call === caller.call)) list.push(caller);
    this.feeders.set(k, list);
  }

  /** Joins the deferred calls again, once the files they wanted are indexed (they are not deferred twice). */
  retry(): Set<string> {
    const held = this.deferred;
    this.deferred = [];
    this.wanted.clear();
    const grown = new Set<string>();
    for (const d of held) for (const p of this.add([{ path: d.path, defs: [], calls: [d.call] }], d.onlyExternal)) grown.add(p);
    return grown;
  }

  private input(path: string, key: string): FileInput {
    let byKey = this.inputs.get(path);
    if (!byKey) this.inputs.set(path, (byKey = new Map()));
    let i = byKey.get(key);
    if (!i) byKey.set(key, (i = { params: new Map(), calls: new Set() }));
    return i;
  }

  private setPrefix(path: string, id: string, steps: FlowStep[]): void {
    let m = this.prefixes.get(path);
    if (!m) this.prefixes.set(path, (m = new Map()));
    if (!m.has(id)) m.set(id, steps);
  }

  private addParam(path: string, key: string, fn: number, position: number, steps: FlowStep[]): boolean {
    const i = this.input(path, key);
    let set = i.params.get(fn);
    if (!set) i.params.set(fn, (set = new Set()));
    this.setPrefix(path, entryId(key, { kind: 'param', fn, position }), steps);
    if (set.has(position)) return false;
    set.add(position);
    return true;
  }

  private addCall(path: string, key: string, call: number, steps: FlowStep[]): boolean {
    const i = this.input(path, key);
    this.setPrefix(path, entryId(key, { kind: 'call', call }), steps);
    if (i.calls.has(call)) return false;
    i.calls.add(call);
    return true;
  }

  /** The input a file receives from others, by knowledge key (for ValueTracker). */
  externalOf(path: string): Map<string, ExternalInput> {
    return new Map(this.inputs.get(path) ?? []);
  }

  /** The path input took before it entered `path` at this entry. */
  prefixOf(path: string, key: string, entry: ExternalEntry): FlowStep[] | undefined {
    return this.prefixes.get(path)?.get(entryId(key, entry));
  }
}

function arity(call: CallRecord<FlowStep>, def: DefSummary<FlowStep>): number {
  return call.args + (call.receiver && def.self ? 1 : 0);
}

/** The keys a definition is found by: its own, and for Python every suffix of its module. */
function indexKeys(key: string): string[] {
  if (!key.startsWith('py:')) return [key];
  const hash = key.indexOf('#');
  return pyModuleSuffixes(key.slice(3, hash)).map((m) => `py:${m}${key.slice(hash)}`);
}
