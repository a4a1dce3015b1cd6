import type { FileIndex } from './fileIndex';
import { crossCalls, crossDefs, treeNameOf, type CrossLanguage } from './crossFileNames';
import type { Node } from './syntax';
import { trailNodes, type ExternalEntry, type ValueTracker } from './values';

/**
 * What one file tells the others, computed while the file is scanned (no second parse): the
 * functions other files can call, which of them return request input or pass a parameter to
 * their result, and the calls of this file into other files with the arguments that carry
 * input. Places are offsets in this file (`S`); the scan turns them into flow steps.
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
  /** Knowledge keys under which its return value is request input, with the path to the return. */
  returnsInput?: { key: string; steps: S[] }[];
  /** Knowledge key -> bit i set when parameter i flows into the return value. */
  passes?: Record<string, number>;
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
export function summariseFile(index: FileIndex, path: string, lang: CrossLanguage, trackers: ReadonlyMap<string, ValueTracker>, names: ReadonlySet<string>): { summary: FileSummary; cut: number } {
  const defs: DefSummary[] = [];
  for (const d of crossDefs(index, path, lang)) {
    const def: DefSummary = { key: d.key, start: d.fn.startIndex, params: d.params, self: d.self };
    // A function that returns nothing but literals cannot return input: skip its summary.
    const rets = index.returnsOf(d.fn);
    if (rets.some((r) => !/^(string|number|integer|float|true|false|null|none|string_literal|.*_literal)$/.test(r.type))) {
      for (const [key, t] of trackers) {
        const v = t.summary(d.fn);
        if (v.tainted) (def.returnsInput ??= []).push({ key, steps: trailNodes(v.via).map(span) });
        if (v.from) (def.passes ??= {})[key] = v.from;
      }
    }
    defs.push(def);
  }
  const calls: CallRecord[] = [];
  let cut = 0;
  for (const c of crossCalls(index, path, lang)) {
    // A call of a module or class the tree lacks is a library's (a relative import is reported).
    if (!c.relative && !c.targets.some((t) => names.has(treeNameOf(t)))) continue;
    if (calls.length >= MAX_CALL_RECORDS) {
      cut++;
      continue;
    }
    const positional = c.call.args.filter((a) => !a.name);
    const rec: CallRecord = { start: c.call.node.startIndex, at: span(c.call.node), targets: c.targets, args: positional.length, receiver: c.receiver, relative: c.relative, tainted: [] };
    positional.forEach((a, position) => {
      for (const [key, t] of trackers) {
        const v = t.value(a.node);
        if (!v.tainted) continue;
        const nodes = trailNodes(v.via);
        const steps = nodes.map(span);
        if (steps.length === 0 || steps[steps.length - 1].start !== a.node.startIndex) steps.push(span(a.node));
        const entry = nodes.length ? t.entries.get(nodes[0].startIndex) : undefined;
        rec.tainted.push({ position, key, steps, ...(entry ? { entry } : {}) });
      }
    });
    calls.push(rec);
  }
  return { summary: { path, defs, calls }, cut };
}

/** The same summary with its places mapped (offsets to flow steps). */
export function mapSummary<A, B>(s: FileSummary<A>, map: (a: A) => B): FileSummary<B> {
  return {
    path: s.path,
    defs: s.defs.map((d): DefSummary<B> => {
      const { returnsInput, ...rest } = d;
      return returnsInput ? { ...rest, returnsInput: returnsInput.map((r) => ({ key: r.key, steps: r.steps.map(map) })) } : rest;
    }),
    calls: s.calls.map((c) => ({ ...c, at: map(c.at), tainted: c.tainted.map((t) => ({ ...t, steps: t.steps.map(map) })) })),
  };
}
