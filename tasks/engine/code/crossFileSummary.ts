import type { FileIndex } from './fileIndex';
import { crossCalls, crossDefs, treeNameOf, type CrossLanguage } from './crossFileNames';
import type { SourceHint } from './crossFileHints';
import type { Node } from './syntax';
import { trailNodes, type ExternalEntry, type ValueTracker } from './values';

/**
 * What one file tells the others, computed while the file is scanned (no second parse): the
 * functions other files can call, which of them return request input, and the calls of this
 * file into other files with the arguments that carry input. Scanned again with input from
 * other files, it also tells which functions return what their callers passed in. Places are offsets in this file (`S`); the scan turns them into flow steps.
 *
 * Each taint fact is per knowledge key (a rule's sources and sanitisers): input sanitised for
 * one rule may still be input for another.
 */

export interface Span {
  start: number;
  end: number;
}

export interface DefSummary<S = Span> {
  key: string;
  /** Start offset of the function (identifies it when the file is scanned again). */
  start: number;
  params: number;
  self: boolean;
  /**
   * Knowledge keys under which its return value is request input, with the path to the return.
   * With `entry`, the input is what a caller in another file passed to that parameter (found
   * when the file is scanned again with that input): the call's result is input there.
   */
  returnsInput?: { key: string; steps: S[]; entry?: ExternalEntry }[];
}

export interface CallRecord<S = Span> {
  /** Start offset of the call node. */
  start: number;
  /** The call itself (a step of any flow through it). */
  at: S;
  targets: string[];
  /** Positional arguments. */
  args: number;
  receiver: boolean;
  relative: boolean;
  /** Arguments that carry input: position, knowledge key, path to the argument (source first). */
  tainted: { position: number; key: string; steps: S[]; entry?: ExternalEntry }[];
}

export interface FileSummary<S = Span> {
  path: string;
  defs: DefSummary<S>[];
  calls: CallRecord<S>[];
}

/** Calls recorded per file at most (the rest are reported as cut). */
export const MAX_CALL_RECORDS = 2000;

function span(n: Node): Span {
  return { start: n.startIndex, end: n.endIndex };
}

/**
 * The summary of a parsed file. `trackers`: the file's value trackers of the rules that follow
 * request input, by knowledge key (those that ran on it share their memo with the match).
 */
export function summariseFile(
  index: FileIndex,
  path: string,
  lang: CrossLanguage,
  trackers: ReadonlyMap<string, ValueTracker>,
  names: ReadonlySet<string>,
  /**
   * A tracker with the models' sources, those of `own`'s rules and no rule's sanitisers: what it
   * finds no input in holds none under any rule here, so each rule's tracker is asked only where
   * it finds some.
   */
  probe: ValueTracker,
  /** Words of sources (see crossFileHints): a function whose text has none cannot read input itself. */
  sourceWords: SourceHint | null,
  /** Whether the file names a source (computed once per file, on demand). */
  namesSource: () => boolean,
  /**
   * Rules' own sources (their `sources:` lists) that the file may hold: the knowledge keys of
   * those rules and a test of a function's text. Where the file names no source of the models,
   * only these keys are looked for, so that the other rules' facts stay what they are without
   * them (and cost nothing more).
   */
  own?: { keys: ReadonlySet<string>; names(text: string): boolean },
): { summary: FileSummary; cut: number } {
  const defs: DefSummary[] = [];
  const external = [...trackers.values()].filter((t) => t.external && (t.external.params.size || t.external.calls.size));
  // The file names no source: none of its functions reads input itself.
  const readsInput = namesSource();
  for (const d of crossDefs(index, path, lang)) {
    const def: DefSummary = { key: d.key, start: d.fn.startIndex, params: d.params, self: d.self };
    // Input from other files reaches its parameters (a scan with external input): does it reach the result?
    const fed = external.some((t) => t.external?.params.has(d.fn.startIndex));
    const models = fed || (readsInput && !!sourceWords?.confirm(d.fn.text));
    const ownOnly = !models && !!own?.names(d.fn.text);
    if ((models || ownOnly) && returnsValues(index, d.fn)) {
      const p = probe.summary(d.fn);
      if (p.tainted) {
        for (const [key, t] of trackers) {
          if (ownOnly && !own?.keys.has(key)) continue;
          const v = t.summary(d.fn);
          if (!v.tainted) continue;
          const nodes = trailNodes(v.via);
          const entry = nodes.length ? t.entries.get(nodes[0].startIndex) : undefined;
          (def.returnsInput ??= []).push({ key, steps: nodes.map(span), ...(entry ? { entry } : {}) });
        }
      }
    }
    defs.push(def);
  }
  const calls: CallRecord[] = [];
  let cut = 0;
  // A file that names no source and receives no input from other files passes none on, and
  // takes none from a helper elsewhere (a helper that reads input is given the request by
  // its caller, which names it): its calls need not be recorded.
  const models = readsInput || external.length > 0;
  // Else, with a rule's own sources in the file: only calls passing those on are recorded.
  const crossing = models || own ? crossCalls(index, path, lang, names) : [];
  for (const c of crossing) {
    // A call of a module or class the tree lacks is a library's (a relative import is reported).
    if (!c.relative && !c.targets.some((t) => names.has(treeNameOf(t)))) continue;
    if (calls.length >= MAX_CALL_RECORDS) {
      cut++;
      continue;
    }
    const positional = c.call.args.filter((a) => !a.name);
    const rec: CallRecord = { start: c.call.node.startIndex, at: span(c.call.node), targets: c.targets, args: positional.length, receiver: c.receiver, relative: c.relative, tainted: [] };
    positional.forEach((a, position) => {
      if (!probe.value(a.node).tainted) return;
      for (const [key, t] of trackers) {
        if (!models && !own?.keys.has(key)) continue;
        const v = t.value(a.node);
        if (!v.tainted) continue;
        const nodes = trailNodes(v.via);
        const steps = nodes.map(span);
        if (steps.length === 0 || steps[steps.length - 1].start !== a.node.startIndex) steps.push(span(a.node));
        const entry = nodes.length ? t.entries.get(nodes[0].startIndex) : undefined;
        rec.tainted.push({ position, key, steps, ...(entry ? { entry } : {}) });
      }
    });
    if (models || rec.tainted.length) calls.push(rec);
  }
  return { summary: { path, defs, calls }, cut };
}

/** Whether a function returns something other than literals (a `void` method does not; nor a body without `return`). */
function returnsValues(index: FileIndex, fn: Node): boolean {
  if (fn.childForFieldName('type')?.text === 'void' || fn.childForFieldName('returns')?.text === 'void') return false;
  const body = fn.childForFieldName('body');
  if (body && /block|suite|body/.test(body.type) && !/\breturn\b/.test(body.text)) return false;
  return index.returnsOf(fn).some((r) => !/^(string|number|integer|float|true|false|null|none|undefined|.*_literal)$/.test(r.type));
}

/** The same summary with its places mapped (offsets to flow steps). */
export function mapSummary<A, B>(s: FileSummary<A>, map: (a: A) => B): FileSummary<B> {
  return {
    path: s.path,
    defs: s.defs.map((d): DefSummary<B> => {
      const { returnsInput, ...rest } = d;
      return returnsInput ? { ...rest, returnsInput: returnsInput.map((r) => ({ ...r, steps: r.steps.map(map) })) } : rest;
    }),
    calls: s.calls.map((c) => ({ ...c, at: map(c.at), tainted: c.tainted.map((t) => ({ ...t, steps: t.steps.map(map) })) })),
  };
}
