import assert from 'node:assert/strict';
import { CodeRuleSet, compileCodeRule } from '../../../../tasks/engine/code/codeRules';
import { mapSummary, type FileSummary } from '../../../../tasks/engine/code/crossFileSummary';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import type { CodeRuleSpec } from '../../../../tasks/engine/rules/codeRuleSpec';

const rules = loadBuiltinRules().filter((r) => r.spec.kind === 'code').map((r) => compileCodeRule(r.spec as CodeRuleSpec));

async function summaryOf(path: string, code: string, names: string[], external?: Parameters<CodeRuleSet['scanTreeFile']>[4]): Promise<FileSummary | undefined> {
  const set = new CodeRuleSet(rules);
  set.crossFile = { names: new Set(names) };
  return (await set.scanTreeFile(code, path, [], undefined, external)).summary;
}

const at = (code: string, s: { start: number; end: number }) => code.slice(s.start, s.end);

describe('cross-file summaries', () => {
  it('records calls into the tree with the arguments that carry input, per rule knowledge, and the path to them', async () => {
    const code = `const { run } = require('./lib/shell');\nconst { other } = require('./lib/other');\napp.get('/x', (req, res) => {\n  const c = req.query.cmd;\n  run(c, 'fixed');\n  other('fixed');\n});\n`;
    const s = (await summaryOf('app.js', code, ['js:lib/shell', 'js:lib/other']))!;
    assert.deepEqual(s.calls.map((c) => [c.targets, c.args, c.tainted.map((t) => t.position)]).map((x) => JSON.stringify(x)), [
      JSON.stringify([['js:lib/shell#run'], 2, s.calls[0].tainted.map(() => 0)]),
      JSON.stringify([['js:lib/other#other'], 1, []]),
    ]);
    assert.ok(s.calls[0].tainted.length >= 1);
    assert.ok(s.calls[0].tainted.some((t) => t.key === 'javascript||'), 'under the language knowledge');
    assert.deepEqual(s.calls[0].tainted[0].steps.map((x) => at(code, x)), ['req.query.cmd', 'c']);
    assert.equal(at(code, s.calls[0].at), "run(c, 'fixed')");
  });

  it('records no calls of a file that names no source, and none to modules outside the tree', async () => {
    const s = (await summaryOf('lib/relay.js', `const { launch } = require('./launcher');\nconst cp = require('child_process');\nfunction relay(v) { launch(v); cp.exec('ls'); }\nmodule.exports = { relay };\n`, ['js:lib/launcher']))!;
    assert.deepEqual(s.defs.map((d) => d.key), ['js:lib/relay#relay']);
    assert.deepEqual(s.calls, []);
    const t = (await summaryOf('app.js', `const { x } = require('./elsewhere');\nconst a = require('express')();\na.get('/', (req) => x(req.query.a));\n`, ['js:lib/launcher']))!;
    assert.equal(t.calls.length, 1, 'a relative module is recorded even when the tree lacks it (to report it)');
    const u = (await summaryOf('A.java', `package p;\nimport q.Lib;\nclass A { void h(javax.servlet.http.HttpServletRequest r) { Lib.go(r.getParameter("a")); } }\n`, ['java:A']))!;
    assert.deepEqual(u.calls, [], 'Lib is not a file of the tree');
  });

  it('says which functions return input, and, given input from other files, which return what callers passed in', async () => {
    const code = `package com.x;\nimport javax.servlet.http.HttpServletRequest;\npublic class Params {\n  public static String read(HttpServletRequest r) { return r.getParameter("p"); }\n  public static String fixed(HttpServletRequest r) { return "ls"; }\n  public static String echo(String v) { return "x" + v; }\n}\n`;
    const s = (await summaryOf('com/x/Params.java', code, ['java:Params']))!;
    const read = s.defs.find((d) => d.key === 'java:com.x.Params#read')!;
    assert.ok(read.returnsInput?.length);
    assert.deepEqual(read.returnsInput![0].steps.map((x) => at(code, x)), ['r.getParameter("p")']);
    assert.equal(s.defs.find((d) => d.key === 'java:com.x.Params#fixed')!.returnsInput, undefined);
    assert.equal(s.defs.find((d) => d.key === 'java:com.x.Params#echo')!.returnsInput, undefined);
    const echo = s.defs.find((d) => d.key === 'java:com.x.Params#echo')!;
    const again = (await summaryOf('com/x/Params.java', code, ['java:Params'], new Map([['java||', { params: new Map([[echo.start, new Set([0])]]), calls: new Set<number>() }]])))!;
    const back = again.defs.find((d) => d.key === 'java:com.x.Params#echo')!.returnsInput!;
    assert.deepEqual(back.map((r) => [r.key, r.entry]), [['java||', { kind: 'param', fn: echo.start, position: 0 }]]);
  });

  it('maps its places (offsets to flow steps)', async () => {
    const code = `const { run } = require('./b');\napp.get('/', (req) => run(req.query.c));\n`;
    const s = (await summaryOf('a.js', code, ['js:b']))!;
    const m = mapSummary(s, (x) => `${x.start}-${x.end}`);
    assert.equal(m.calls[0].at, `${s.calls[0].at.start}-${s.calls[0].at.end}`);
    assert.deepEqual(m.calls[0].tainted[0].steps, s.calls[0].tainted[0].steps.map((x) => `${x.start}-${x.end}`));
  });
});
