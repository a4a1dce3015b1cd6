import assert from 'node:assert/strict';
import type { FlowStep } from '../../../../tasks/contract/findings';
import { clampSteps, CrossFileJoin, MAX_CROSS_STEPS } from '../../../../tasks/engine/code/crossFileJoin';
import type { CallRecord, DefSummary, FileSummary } from '../../../../tasks/engine/code/crossFileSummary';

const step = (path: string, line: number, preview = `l${line}`): FlowStep => ({ path, region: { startLine: line, startColumn: 1, endLine: line, endColumn: 2 }, preview });
const K = 'javascript||';

function def(key: string, start: number, params = 1, extra: Partial<DefSummary<FlowStep>> = {}): DefSummary<FlowStep> {
  return { key, start, params, self: false, ...extra };
}

function call(path: string, line: number, targets: string[], tainted: number[] = [0], extra: Partial<CallRecord<FlowStep>> = {}): CallRecord<FlowStep> {
  return {
    start: line * 100,
    at: step(path, line, 'call'),
    targets,
    args: 1,
    receiver: false,
    relative: true,
    tainted: tainted.map((position) => ({ position, key: K, steps: [step(path, line - 1, 'source'), step(path, line, 'arg')] })),
    ...extra,
  };
}

const file = (path: string, defs: DefSummary<FlowStep>[], calls: CallRecord<FlowStep>[] = []): FileSummary<FlowStep> => ({ path, defs, calls });

describe('cross-file join', () => {
  it('hands a parameter input when a call of another file passes it, with the path it took', () => {
    const j = new CrossFileJoin([file('b.js', [def('js:b#run', 40)]), file('a.js', [], [call('a.js', 5, ['js:b#run'])])]);
    const grown = j.add([file('a.js', [], [call('a.js', 5, ['js:b#run'])])]);
    assert.deepEqual([...grown], ['b.js']);
    assert.deepEqual([...j.externalOf('b.js').get(K)!.params.get(40)!], [0]);
    assert.deepEqual(j.prefixOf('b.js', K, { kind: 'param', fn: 40, position: 0 })!.map((s) => `${s.path}:${s.preview}`), ['a.js:source', 'a.js:arg']);
    // The same input again grows nothing.
    assert.equal(j.add([file('a.js', [], [call('a.js', 5, ['js:b#run'])])]).size, 0);
    assert.equal(j.counts.resolved, 2);
  });

  it('skips and counts a call that matches several definitions; counts a relative module the tree lacks only when input goes there', () => {
    const j = new CrossFileJoin([file('dup.js', [def('js:dup#go', 1)]), file('dup/index.js', [def('js:dup#go', 1)])]);
    assert.equal(j.add([file('a.js', [], [call('a.js', 3, ['js:dup#go']), call('a.js', 4, ['js:missing#go']), call('a.js', 5, ['js:missing#go'], [])])]).size, 0);
    assert.equal(j.counts.ambiguous, 1);
    assert.match(j.counts.ambiguousExamples[0], /a\.js:3 \(dup\.js, dup\/index\.js\)/);
    assert.equal(j.counts.unresolved, 1);
    assert.match(j.counts.unresolvedExamples[0], /a\.js:4 \(js:missing#go\)/);
  });

  it('leaves a file its own functions, and picks an overload by arity', () => {
    const j = new CrossFileJoin([file('a.js', [def('js:a#f', 1)]), file('C.java', [def('java:p.C#m', 10, 1), def('java:p.C#m', 20, 2)])]);
    assert.equal(j.add([file('a.js', [], [call('a.js', 2, ['js:a#f'])])]).size, 0);
    j.add([file('D.java', [], [call('D.java', 3, ['java:p.C#m'], [0], { args: 2, relative: false })])]);
    assert.deepEqual([...j.externalOf('C.java').get(K)!.params.keys()], [20]);
  });

  it('finds Python modules by any suffix of their path and skips the receiver parameter of methods', () => {
    const j = new CrossFileJoin([file('src/app/tools.py', [def('py:src.app.tools#Runner.go', 7, 2, { self: true })])]);
    j.add([file('src/app/views.py', [], [call('src/app/views.py', 9, ['py:app.tools#Runner.go'], [0], { receiver: true, relative: false })])]);
    assert.deepEqual([...j.externalOf('src/app/tools.py').get(K)!.params.get(7)!], [1]);
  });

  it('makes a call input where its function returns input, or returns what the caller passed in', () => {
    const j = new CrossFileJoin([file('P.java', [def('java:p.P#read', 3, 1, { returnsInput: [{ key: K, steps: [step('P.java', 4, 'getParameter')] }] }), def('java:p.P#echo', 9)])]);
    j.add([file('H.java', [], [call('H.java', 12, ['java:p.P#read'], []), call('H.java', 14, ['java:p.P#echo'])])]);
    assert.deepEqual([...j.externalOf('H.java').get(K)!.calls], [1200]);
    assert.deepEqual(j.prefixOf('H.java', K, { kind: 'call', call: 1200 })!.map((s) => s.preview), ['getParameter']);
    // P.java scanned again with echo's parameter as input: echo returns it.
    const grown = j.add([file('P.java', [def('java:p.P#echo', 9, 1, { returnsInput: [{ key: K, steps: [step('P.java', 10, 'v')], entry: { kind: 'param', fn: 9, position: 0 } }] })])], true);
    assert.deepEqual([...grown], ['H.java']);
    assert.deepEqual([...j.externalOf('H.java').get(K)!.calls].sort(), [1200, 1400]);
    assert.deepEqual(j.prefixOf('H.java', K, { kind: 'call', call: 1400 })!.map((s) => `${s.path}:${s.preview}`), ['H.java:source', 'H.java:arg', 'P.java:v']);
  });

  it('holds calls into files no rule parsed until they are, and joins them then', () => {
    const j = new CrossFileJoin([]);
    const grown = j.add([file('a.js', [], [call('a.js', 3, ['js:lib/relay#relay'])])], false, (name) => name === 'js:lib/relay');
    assert.equal(grown.size, 0);
    assert.deepEqual([...j.wanted], ['js:lib/relay']);
    assert.equal(j.counts.unresolved, 0);
    j.addDefs([file('lib/relay.js', [def('js:lib/relay#relay', 5)])]);
    assert.deepEqual([...j.retry()], ['lib/relay.js']);
    assert.equal(j.wanted.size, 0);
  });

  it('keeps the source and the latest places of a long path', () => {
    const long = Array.from({ length: MAX_CROSS_STEPS + 5 }, (_, i) => step('a.js', i + 1));
    const c = clampSteps(long);
    assert.equal(c.length, MAX_CROSS_STEPS);
    assert.equal(c[0].region.startLine, 1);
    assert.equal(c[c.length - 1].region.startLine, MAX_CROSS_STEPS + 5);
  });
});
