import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Finding } from '../../../../tasks/contract/findings';
import { CodeRuleSet, compileCodeRule, MINIFIED_CODE_LIMIT } from '../../../../tasks/engine/code/codeRules';
import { isProgramLanguage, type CodeRuleSpec } from '../../../../tasks/engine/rules/codeRuleSpec';
import { EMPTY_CONFIG } from '../../../../tasks/engine/config/palisadeConfig';
import { scanFileBatchAsync, type BatchResult } from '../../../../tasks/engine/run/fileBatch';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../../../tasks/engine/run/ruleSet';
import type { WalkedFile } from '../../../../tasks/engine/run/walker';
import { REPO_ROOT } from '../../../support/paths';
import { FAKE, makeTree, removeTree } from '../../../support/tmpTree';

/** End to end over files: findings, identity, previews, suppressions, threads. */
describe('code scanning of files', () => {
  const builtins = loadBuiltinRules();
  const known = new Set(builtins.map((r) => r.spec.id));
  const rules = activeRules(builtins, EMPTY_CONFIG);
  let root = '';
  afterEach(() => root && removeTree(root));

  function walked(files: Record<string, string>): WalkedFile[] {
    root = makeTree(files);
    return Object.keys(files).map((p) => ({ path: p, abs: join(root, p), size: Buffer.byteLength(files[p]) }));
  }

  async function codeFindings(files: Record<string, string>): Promise<Finding[]> {
    const r = await scanFileBatchAsync(walked(files), rules.detector, known, false, rules.code);
    return r.findings.filter((f) => f.kind === 'code');
  }

  const SQLI = "app.get('/u', (req, res) => {\n  db.query('SELECT * FROM users WHERE id = ' + req.query.id);\n});\n";

  it('reports a code finding with rule metadata, region and a code preview', async () => {
    const [f, ...rest] = await codeFindings({ 'src/app.js': SQLI });
    assert.equal(rest.length, 0);
    assert.equal(f.ruleId, 'js-sql-injection');
    assert.equal(f.kind, 'code');
    assert.equal(f.severity, 'high');
    assert.equal(f.path, 'src/app.js');
    assert.deepEqual(f.region, { startLine: 2, startColumn: 3, endLine: 2, endColumn: 61 });
    assert.equal(f.preview, "db.query('SELECT * FROM users WHERE id = ' + req.query.id)");
    assert.match(f.message, /parameters/);
    assert.deepEqual(f.properties?.cwe, ['CWE-89']);
  });

  it('keeps the fingerprint when the code moves or is re-indented, and changes it with the code', async () => {
    const [a] = await codeFindings({ 'src/app.js': SQLI });
    removeTree(root);
    const moved = "// header\n\n" + SQLI.replace("  db.query(", "      db.query(\n        ");
    const [b] = await codeFindings({ 'src/app.js': moved });
    removeTree(root);
    const [c] = await codeFindings({ 'src/app.js': SQLI.replace('users', 'accounts') });
    assert.equal(b.region.startLine, 4);
    assert.equal(a.fingerprint, b.fingerprint);
    assert.notEqual(a.fingerprint, c.fingerprint);
  });

  it('honours palisade-ignore comments for code rules, by rule id or for all rules', async () => {
    const byId = SQLI.replace("  db.query", "  // palisade-ignore js-sql-injection -- reviewed: id is numeric upstream\n  db.query");
    const [f] = await codeFindings({ 'a.js': byId });
    assert.deepEqual(f.suppression, { kind: 'inSource', justification: 'reviewed: id is numeric upstream' });
    removeTree(root);
    const other = SQLI.replace("  db.query", "  // palisade-ignore js-xss-dom-sink\n  db.query");
    const [g] = await codeFindings({ 'a.js': other });
    assert.equal(g.suppression, undefined);
  });

  it('never shows a secret in a preview', async () => {
    const pipeline = `trigger: [main]\nvariables:\n  deployToken: '${FAKE.githubPat}'\n  dbPassword: '${FAKE.password}'\nsteps:\n  - script: echo\n`;
    const found = await codeFindings({ 'azure-pipelines.yml': pipeline });
    assert.equal(found.length, 2);
    for (const f of found) {
      assert.equal(f.ruleId, 'ado-pipeline-secret-variable');
      assert.ok(!f.preview.includes(FAKE.githubPat) && !f.preview.includes(FAKE.password), f.preview);
      assert.ok(!f.preview.includes(FAKE.githubPat.slice(4, 20)), f.preview);
    }
  });

  it('masks a hard-coded signing key in the preview, however short and weak (maskStrings)', async () => {
    const found = await codeFindings({ 'auth.js': "const jwt = require('jsonwebtoken');\nconst t = jwt.sign({ sub: 1 }, 'shhhhh', { expiresIn: '1h' });\n" });
    const f = found.find((x) => x.ruleId === 'js-hardcoded-signing-secret');
    assert.ok(f, JSON.stringify(found));
    assert.ok(!f.preview.includes('shhhhh'), f.preview);
    assert.match(f.preview, /\(6 chars\)/);
    assert.ok(f.preview.includes("'1h'"), 'literals of under three characters are option values, left as they are');
    removeTree(root);
    const [g] = (await codeFindings({ 'auth.py': "import jwt\nt = jwt.encode({'a': 1}, 'my-weak-secret', algorithm='HS256')\n" })).filter((x) => x.ruleId === 'py-hardcoded-signing-secret');
    assert.equal(g.preview, "jwt.encode({'a': 1}, '************ (14 chars)', algorithm='***** (5 chars)')");
  });

  it('masks a key written into a weak or fixed-IV cipher call, and keeps the cipher name readable', async () => {
    const key = 'k3Yq8vR2mW7xT4pZ';
    const found = await codeFindings({ 'enc.js': `const crypto = require('crypto');\nconst c = crypto.createCipheriv('aes-128-cbc', '${key}', Buffer.from('0000000000000000'));\n` });
    const f = found.find((x) => x.ruleId === 'js-static-iv');
    assert.ok(f, JSON.stringify(found.map((x) => x.ruleId)));
    assert.ok(!f.preview.includes(key), f.preview);
    assert.ok(f.preview.includes("'aes-128-cbc'"), f.preview);
    removeTree(root);
    const [h] = (await codeFindings({ 'enc.py': "from Crypto.Cipher import DES\nc = DES.new(b'pR7v2Lq9', DES.MODE_ECB)\n" })).filter((x) => x.ruleId === 'py-weak-cipher');
    assert.ok(h, 'the weak-cipher rule fires');
    assert.ok(!h.preview.includes('pR7v2Lq9'), h.preview);
  });

  it('scans each supported language and format by file name', async () => {
    const found = await codeFindings({
      'a.py': 'import yaml\ncfg = yaml.load(open("c.yml"))\n',
      'B.cs': 'class B { void M() { var f = new BinaryFormatter(); } }\n',
      'C.java': 'class C { void m() throws Exception { javax.crypto.Cipher c = Cipher.getInstance("DES/CBC/PKCS5Padding"); } }\n',
      'd.go': 'package d\nimport "crypto/rc4"\nfunc f(k []byte) { rc4.NewCipher(k) }\n',
      'e.tsx': 'export const E = ({ html }: { html: string }) => <div dangerouslySetInnerHTML={{ __html: html }} />;\n',
      'Views/F.cshtml': '<p>@Html.Raw(Model.Body)</p>\n',
      'main.tf': 'resource "azurerm_linux_web_app" "a" {\n  https_only = false\n}\n',
      'main.bicep': "resource s 'Microsoft.Web/sites@2023-01-01' = {\n  name: 'a'\n  properties: {\n    httpsOnly: false\n  }\n}\n",
      'Dockerfile': 'FROM alpine\nRUN wget --no-check-certificate https://x.example/a.sh\n',
    });
    const byPath = Object.fromEntries(found.map((f) => [f.path, f.ruleId]));
    assert.deepEqual(byPath, {
      'a.py': 'py-insecure-deserialization',
      'B.cs': 'cs-insecure-deserialization',
      'C.java': 'java-short-key-cipher',
      'd.go': 'go-weak-cipher',
      'e.tsx': 'js-xss-react-dangerous-html',
      'Views/F.cshtml': 'cs-xss-raw-html',
      'main.tf': 'tf-https-only-disabled',
      'main.bicep': 'azure-https-only-disabled',
      Dockerfile: 'docker-tls-verification-disabled',
    });
    const razor = found.find((f) => f.path === 'Views/F.cshtml');
    assert.deepEqual(razor?.region, { startLine: 1, startColumn: 5, endLine: 1, endColumn: 25 });
  });

  it('does not parse a file no code rule can match (keyword prefilter), nor minified bundles', () => {
    assert.equal(rules.code.candidates('const a = 1;\nexport default a;\n', 'src/a.js'), undefined);
    assert.ok(rules.code.candidates(SQLI, 'src/a.js'));
    // Code on long lines is checked (a long line must not hide it); only a minified file past the limit is not, and says so.
    assert.ok(rules.code.candidates('var a=' + 'db.query("x"+y);'.repeat(2000), 'src/app.js'));
    const minified = 'var a=' + 'db.query("x"+y);'.repeat(Math.ceil(MINIFIED_CODE_LIMIT / 16) + 1);
    const problems: { message: string }[] = [];
    assert.equal(rules.code.candidates(minified, 'dist/app.js', problems), undefined);
    assert.match(problems[0]?.message ?? '', /looks minified or generated/);
    assert.equal(rules.code.candidates(SQLI, 'types/app.d.ts'), undefined);
  });

  it('gives the same code findings on a worker thread, with config severities applied', async () => {
    const files = walked({ 'src/app.js': SQLI, 'main.tf': 'resource "azurerm_linux_web_app" "a" {\n  https_only = false\n}\n' });
    const overridden = activeRules(builtins, { ...EMPTY_CONFIG, severity: { 'js-sql-injection': 'critical' } });
    const inProcess = await scanFileBatchAsync(files, overridden.detector, known, false, overridden.code);
    const severities: Record<string, string> = {};
    for (const r of overridden.detector.rules) severities[r.spec.id] = r.severity;
    const viaThread = await new Promise<BatchResult>((resolve, reject) => {
      const w = new Worker(join(REPO_ROOT, 'out', 'tasks', 'engine', 'run', 'scanWorker.js'), {
        workerData: { specs: overridden.specs, severities, knownRuleIds: [...known], collectSecrets: false, progress: new Int32Array(new SharedArrayBuffer(12)) },
      });
      // The thread first says it is ready, then answers the batch.
      w.on('message', (m: BatchResult | 'ready') => {
        if (m === 'ready') return;
        w.postMessage(null);
        resolve(m);
      });
      w.once('error', reject);
      w.postMessage({ files, skipRules: [] });
    });
    const pick = (r: BatchResult): string[] => r.findings.filter((f) => f.kind === 'code').map((f) => `${f.ruleId}:${f.severity}:${f.fingerprint}`).sort();
    assert.deepEqual(pick(viaThread), pick(inProcess));
    assert.ok(pick(inProcess).some((x) => x.startsWith('js-sql-injection:critical:')));
    assert.equal(pick(inProcess).length, 2);
  });

  it('lists code rules in the scan summaries with CWE and languages', () => {
    const s = rules.summaries.find((r) => r.id === 'py-sql-injection');
    assert.equal(s?.kind, 'code');
    assert.deepEqual(s?.cwe, ['CWE-89']);
    assert.ok(s?.tags.includes('python'));
  });
});

describe('compileCodeRule: when patterns compile', () => {
  const spec = (call: string): CodeRuleSpec =>
    ({ id: 'x-rule', kind: 'code', title: 'x', description: 'x', severity: 'high', cwe: ['CWE-78'], languages: ['javascript'], keywords: ['run'], match: [{ call: [call] }], help: 'x' }) as unknown as CodeRuleSpec;
  it('compiles a rule not checked before at once, so that its mistake stops the scan before it starts', () => {
    assert.throws(() => compileCodeRule(spec('a.b(')), /match\[0\]/);
    assert.equal(compileCodeRule(spec('cp.exec()')).program.length, 1);
  });
  it('compiles a checked (built-in) rule when a file of its language first needs it', () => {
    const lazy = compileCodeRule(spec('a.b('), 'high', true);
    assert.equal(lazy.languages.has('javascript'), true, 'what picks candidates needs no compiling');
    assert.throws(() => lazy.program, /match\[0\]/);
    const ok = compileCodeRule(spec('cp.exec()'), 'high', true);
    assert.equal(ok.program, ok.program, 'compiled once');
    assert.equal(ok.followsInput, false);
  });
  it('parses a file for a rule with fileMatches only when its text matches too, and names a bad expression', async () => {
    const r = compileCodeRule({ ...spec('child_process.exec()'), fileMatches: '\\bexec\\s*\\(\\s*(?![\'"])' } as CodeRuleSpec);
    const set = new CodeRuleSet([r]);
    const literal = "const cp = require('child_process');\nfunction run() { cp.exec('ls'); }\n";
    const dynamic = "const cp = require('child_process');\nfunction run(c) { cp.exec(c); }\n";
    assert.equal(set.candidates(literal, 'a.js'), undefined, 'keyword present, expression absent: not a candidate');
    assert.equal(set.candidates(dynamic, 'a.js')?.rules.length, 1);
    assert.equal((await set.scan(dynamic, 'a.js')).length, 1);
    assert.deepEqual(await set.scan(literal, 'a.js'), []);
    assert.throws(() => compileCodeRule({ ...spec('cp.exec()'), fileMatches: 'exec(' } as CodeRuleSpec), /fileMatches: .*Invalid regular expression/);
    assert.throws(() => compileCodeRule({ ...spec('cp.exec()'), fileMatches: 'exec(' } as CodeRuleSpec, 'high', true).fileTest, /fileMatches/);
  });
  it('takes a rule to follow input when a pattern, at any depth, asks for tainted or hostTainted input', () => {
    const follows = (match: unknown, languages = ['javascript']): boolean => compileCodeRule({ ...spec('cp.exec()'), languages, match } as unknown as CodeRuleSpec, 'high', true).followsInput;
    assert.equal(follows([{ call: ['cp.exec()'], args: [{ index: 0, tainted: true }] }]), true);
    assert.equal(follows([{ call: ['a()'] }, { inside: [{ not: [{ call: ['b()'], args: [{ hostTainted: true }] }] }] }]), true);
    assert.equal(follows([{ call: ['cp.exec()'], args: [{ index: 0, tainted: false }] }]), false);
    assert.equal(follows([{ query: '(call) @x', text: '"tainted":true' }]), false, 'in a string');
    assert.equal(follows([{ call: ['cp.exec()'], args: [{ tainted: true }] }], ['yaml']), false, 'configuration formats follow no input');
    // As the pattern's JSON read: every built-in rule.
    for (const r of loadBuiltinRules()) {
      if (r.spec.kind !== 'code') continue;
      const json = r.spec.languages.some(isProgramLanguage) && /"(tainted|hostTainted)":true/.test(JSON.stringify(r.spec.match));
      assert.equal(compileCodeRule(r.spec, r.spec.severity, true).followsInput, json, r.spec.id);
    }
  });
  it('gives every built-in rule the same patterns compiled lazily as at once', () => {
    for (const r of loadBuiltinRules()) {
      if (r.spec.kind !== 'code') continue;
      const now = compileCodeRule(r.spec);
      const later = compileCodeRule(r.spec, r.spec.severity, true);
      assert.deepEqual(JSON.stringify([later.program, later.config, later.typedRoots, later.followsInput, !!later.pathFilter, String(later.fileTest)]), JSON.stringify([now.program, now.config, now.typedRoots, now.followsInput, !!now.pathFilter, String(now.fileTest)]), r.spec.id);
    }
  });
});

describe('rules that report only request input, before parsing', () => {
  const base = { kind: 'code' as const, title: 't', severity: 'high' as const, cwe: ['CWE-22'], languages: ['javascript' as const], help: 'h', samples: { positive: [], negative: [] } };
  const rule = (match: CodeRuleSpec['match'], keywords = ['readfile']) => compileCodeRule({ ...base, id: 'probe', keywords, match } as CodeRuleSpec);

  it('needs input only when every pattern requires it (an unless or a missing argument does not)', () => {
    assert.equal(rule([{ call: ['fs.readFile()'], args: [{ arg: 0, tainted: true }] }]).needsInput, true);
    assert.equal(rule([{ call: ['fs.readFile()'], args: [{ arg: 0, tainted: true }] }, { call: ['fs.readFile()'], args: [{ arg: 0, constant: false }] }]).needsInput, false);
    assert.equal(rule([{ call: ['fs.readFile()'], unless: [{ arg: 0, tainted: true }] }]).needsInput, false);
    assert.equal(rule([{ call: ['fs.readFile()'], args: [{ arg: 1, tainted: true, missing: true }] }]).needsInput, false);
    assert.equal(rule([{ call: ['fs.readFile()'], inFunction: { call: ['**.send()'], args: [{ arg: 0, hostTainted: true }] } }]).needsInput, true);
  });

  it('is skipped in a file that names no source, and still runs where a model makes a parameter input', async () => {
    const set = new CodeRuleSet([rule([{ call: ['fs.readFileSync()'], args: [{ arg: 0, tainted: true }] }], ['readfilesync'])]);
    const plain = "const fs = require('fs');\nexports.read = (name) => fs.readFileSync(name);\n";
    assert.equal(set.readsNoInput(plain, 'a.js'), true);
    const lambda = "const fs = require('fs');\nexports.handler = async (event) => fs.readFileSync(event.path);\n";
    assert.equal(set.readsNoInput(lambda, 'a.js'), false);
    assert.equal((await set.scan(lambda, 'a.js')).length, 1);
    const express = "const fs = require('fs');\napp.get('/', (req, res) => fs.readFileSync(req.query.f));\n";
    assert.equal((await set.scan(express, 'a.js')).length, 1);
    // Another file's input (a re-scan of the tree) runs it whatever the file names.
    set.crossFile = { names: new Set(['js:a', 'js:b']) };
    const first = await set.scanTreeFile(plain, 'a.js', []);
    assert.equal(first.summary, undefined, 'not parsed');
    const fed = await set.scanTreeFile(plain, 'a.js', [], undefined, new Map([[set.rules[0].knowledge('javascript').key, { params: new Map([[plain.indexOf('(name)'), new Set([0])]]), calls: new Set<number>() }]]));
    assert.equal(fed.hits.length, 1);
  });

  it('still reports what needs no input in such a file, and everything where input is read', async () => {
    const mixed = rule([{ call: ['fs.readFileSync()'], args: [{ arg: 0, tainted: true }] }, { call: ['fs.readFileSync()'], args: [{ arg: 0, dynamicString: true }] }], ['readfilesync']);
    assert.equal(mixed.needsInput, false);
    const set = new CodeRuleSet([mixed]);
    const plain = "const fs = require('fs');\nfs.readFileSync('/etc/' + name);\nfs.readFileSync(other);\n";
    assert.equal(set.readsNoInput(plain, 'a.js'), true);
    assert.deepEqual((await set.scan(plain, 'a.js')).map((h) => plain.slice(h.start, h.end)), ["fs.readFileSync('/etc/' + name)"]);
    const withInput = `app.get('/', (req, res) => fs.readFileSync(req.query.f));\n${plain}`;
    assert.equal((await set.scan(withInput, 'a.js')).length, 2);
    set.crossFile = { names: new Set(['js:a', 'js:b']) };
    assert.equal((await set.scanTreeFile(plain, 'a.js', [])).hits.length, 1);
  });
});

describe('rules whose patterns without input name what they find', () => {
  const base = { kind: 'code' as const, title: 't', severity: 'high' as const, cwe: ['CWE-79'], languages: ['javascript' as const], help: 'h', samples: { positive: [], negative: [] } };
  // An input pattern on `send`, and two that need none: an assignment to `**.innerHTML` and a call of `**.writeHtml()`.
  const sink = compileCodeRule({
    ...base,
    id: 'sink',
    keywords: ['send(', 'innerhtml', 'writehtml'],
    match: [
      { call: ['res.send()'], args: [{ arg: 0, tainted: true }] },
      { assign: ['**.innerHTML'], value: { constant: false } },
      { call: ['**.writeHtml()'], args: [{ arg: 0, constant: false }] },
    ],
  } as CodeRuleSpec);

  async function first(text: string): Promise<{ hits: string[]; parsed: boolean }> {
    const set = new CodeRuleSet([sink]);
    set.crossFile = { names: new Set(['js:a', 'js:b']) };
    let parsed = false;
    set.onAnalyses = () => (parsed = true);
    const r = await set.scanTreeFile(text, 'a.js', []);
    return { hits: r.hits.map((h) => text.slice(h.start, h.end)), parsed };
  }

  it('does not parse a file that reads no input and writes none of those names', async () => {
    assert.deepEqual(await first('function f(res, x) { res.send(x); }\n'), { hits: [], parsed: false });
  });

  it('parses it where a name is written (any case, an alias of a member, an assignment target), with the same hits', async () => {
    assert.deepEqual((await first('function f(el, x) { el.innerHTML = x; res.send(x); }\n')).hits, ['el.innerHTML = x']);
    assert.equal((await first('function f(el, x) { el.innerhtml = x; res.send(x); }\n')).parsed, true);
    assert.deepEqual((await first('const { writeHtml: w } = page;\nfunction f(x) { page.writeHtml(x); }\nres.send(1);\n')).hits, ['page.writeHtml(x)']);
    // A name spelled in escapes may be the one: such a file is parsed.
    assert.equal((await first("function f(el, x) { el['inner\\u0048TML'] = x; res.send(x); }\n")).parsed, true);
    // Where input is read, every pattern runs as before.
    assert.equal((await first("app.get('/', (req, res) => res.send(req.query.q));\n")).hits.length, 1);
  });
});

describe("a tree's keyword pass", () => {
  const base = { kind: 'code' as const, title: 't', severity: 'high' as const, cwe: ['CWE-79'], help: 'h', samples: { positive: [], negative: [] } };
  const js = compileCodeRule({ ...base, id: 'js', languages: ['javascript'], keywords: ['innerhtml'], match: [{ assign: ['**.innerHTML'], value: { constant: false } }] } as CodeRuleSpec);
  const py = compileCodeRule({ ...base, id: 'py', languages: ['python'], keywords: ['mark_safe'], match: [{ call: ['**.mark_safe()'], args: [{ arg: 0, constant: false }] }] } as CodeRuleSpec);
  const tree = (): CodeRuleSet => {
    const set = new CodeRuleSet([js, py]);
    set.crossFile = { names: new Set(['js:a', 'py:b']) };
    return set;
  };
  const spans = (text: string, hits: { start: number; end: number; rule: { spec: { id: string } } }[]): string[] => hits.map((h) => `${h.rule.spec.id}:${text.slice(h.start, h.end)}`);

  it('asks a file only about its own language group, with the hits a one-file scan finds', async () => {
    // Each file also holds the other language's keyword: the pass of its group does not look for it.
    const a = "// mark_safe\nfunction f(el, x) { el.innerHTML = x; }\n";
    const b = '# innerHTML\nfrom django.utils.safestring import mark_safe\ndef f(x):\n    return mark_safe(x)\n';
    const set = tree();
    assert.deepEqual(spans(a, (await set.scanTreeFile(a, 'a.js')).hits), spans(a, await new CodeRuleSet([js, py]).scan(a, 'a.js')));
    assert.deepEqual(spans(b, (await set.scanTreeFile(b, 'b.py')).hits), spans(b, await new CodeRuleSet([js, py]).scan(b, 'b.py')));
    assert.deepEqual(spans(a, (await set.scanTreeFile(a, 'a.js')).hits), ['js:el.innerHTML = x']);
  });

  it('finds the same from the bytes the text was decoded from (UTF-8 and a byte per character)', async () => {
    const text = "// h\u00e9llo \u2603 \ud83d\ude00\nfunction f(el, x) { el.innerHTML = x; app.get('/', (req, res) => res.send(req.query.q)); }\n";
    const utf8 = Buffer.from(text, 'utf8');
    const fromText = await tree().scanTreeFile(text, 'a.js');
    const fromBytes = await tree().scanTreeFile(text, 'a.js', [], undefined, undefined, false, { bytes: utf8, utf8: true });
    assert.deepEqual(spans(text, fromBytes.hits), spans(text, fromText.hits));
    assert.deepEqual(spans(text, fromBytes.hits), ['js:el.innerHTML = x']);
    assert.deepEqual(fromBytes.summary, fromText.summary);
    const latin = text.replace(/[^\x00-\xff]/g, '\u00e9');
    const fromLatin = await tree().scanTreeFile(latin, 'a.js', [], undefined, undefined, false, { bytes: Buffer.from(latin, 'latin1'), utf8: false });
    assert.deepEqual(spans(latin, fromLatin.hits), spans(latin, (await tree().scanTreeFile(latin, 'a.js')).hits));
  });
});

describe('rules with sanitisers of their own', () => {
  const base = { kind: 'code' as const, title: 't', severity: 'high' as const, cwe: ['CWE-78'], languages: ['javascript' as const], help: 'h', samples: { positive: [], negative: [] } };
  const exec = compileCodeRule({ ...base, id: 'exec', keywords: ['exec('], sanitizers: ['quoteArg()'], match: [{ call: ['child_process.exec()'], args: [{ arg: 0, tainted: true }] }] } as CodeRuleSpec);
  const read = compileCodeRule({ ...base, id: 'read', keywords: ['readfile('], sanitizers: ['cleanPath()'], match: [{ call: ['fs.readFile()'], args: [{ arg: 0, tainted: true }] }] } as CodeRuleSpec);
  // `fn`, a local function that hands its argument back: without a sanitiser, input passes through it.
  const handler = (fn: string): string =>
    `const cp = require('child_process');\nconst fs = require('fs');\nfunction ${fn}(a) { return a; }\napp.get('/', (req, res) => {\n  const raw = req.query.f;\n  const f = ${fn}(raw);\n  cp.exec('ls ' + f);\n  fs.readFile(f, () => {});\n});\n`;

  async function scanned(text: string): Promise<{ hits: string[]; keys: number; analyses: number }> {
    const set = new CodeRuleSet([exec, read]);
    let seen = { keys: 0, analyses: 0 };
    set.onAnalyses = (_p, keys, analyses) => (seen = { keys: keys.length, analyses });
    const hits = (await set.scan(text, 'a.js')).map((h) => h.rule.spec.id).sort();
    return { hits, ...seen };
  }

  it('share one analysis of a file that names none of their additions, with the same findings', async () => {
    assert.deepEqual(await scanned(handler('trimmed')), { hits: ['exec', 'read'], keys: 2, analyses: 1 });
  });

  it('keep an analysis of their own where the file names one of them, which then clears input for that rule only', async () => {
    assert.deepEqual(await scanned(handler('cleanPath')), { hits: ['exec'], keys: 2, analyses: 2 });
    assert.deepEqual(await scanned(handler('quoteArg')), { hits: ['read'], keys: 2, analyses: 2 });
  });

  it('tell the same from a tree\'s keyword pass as from the text', async () => {
    for (const fn of ['trimmed', 'cleanPath', 'CLEANPATH', 'myQuoteArgs']) {
      const set = new CodeRuleSet([exec, read]);
      set.crossFile = { names: new Set(['js:a', 'js:b']) };
      let analyses = 0;
      set.onAnalyses = (_p, _keys, n) => (analyses = n);
      const hits = (await set.scanTreeFile(handler(fn), 'a.js')).hits.map((h) => h.rule.spec.id).sort();
      // (A tree's scan adds the key of its probe, which shares an analysis.)
      const single = await scanned(handler(fn));
      assert.deepEqual({ hits, analyses }, { hits: single.hits, analyses: single.analyses }, fn);
    }
  });

  it('tell the same from a tree\'s keyword pass where a list has names too short for it (`xss`)', async () => {
    const mixed = compileCodeRule({ ...base, id: 'mixed', keywords: ['exec('], sanitizers: ['quoteArg()', 'xss()'], match: [{ call: ['child_process.exec()'], args: [{ arg: 0, tainted: true }] }] } as CodeRuleSpec);
    for (const fn of ['trimmed', 'xss', 'XSS', 'noxssHere', 'quoteArg']) {
      const count = async (tree: boolean): Promise<{ hits: string[]; analyses: number }> => {
        const set = new CodeRuleSet([mixed, read]);
        if (tree) set.crossFile = { names: new Set(['js:a', 'js:b']) };
        let analyses = 0;
        set.onAnalyses = (_p, _keys, n) => (analyses = n);
        const hits = (tree ? (await set.scanTreeFile(handler(fn), 'a.js')).hits : await set.scan(handler(fn), 'a.js')).map((h) => h.rule.spec.id).sort();
        return { hits, analyses };
      };
      assert.deepEqual(await count(true), await count(false), fn);
    }
  });

  it('look for their names ignoring case (to be safe), and inside longer words', async () => {
    // No call matches `cleanPath()` here, but the test before parsing cannot tell.
    assert.deepEqual(await scanned(handler('CLEANPATH')), { hits: ['exec', 'read'], keys: 2, analyses: 2 });
    assert.deepEqual(await scanned(handler('myQuoteArgs')), { hits: ['exec', 'read'], keys: 2, analyses: 2 });
  });
});

describe('rules with sources of their own', () => {
  const base = { kind: 'code' as const, title: 't', severity: 'high' as const, cwe: ['CWE-79'], languages: ['javascript' as const], help: 'h', samples: { positive: [], negative: [] } };
  const server = () => compileCodeRule({ ...base, id: 'server', keywords: ['readfilesync'], match: [{ call: ['fs.readFileSync()'], args: [{ arg: 0, tainted: true }] }] } as CodeRuleSpec);
  // Text read back from the page: its sources are common words (value, toString).
  const dom = () => compileCodeRule({ ...base, id: 'dom', keywords: ['.html('], sources: ['$().val()', 'document.getElementById().value', 'getSelection().toString()'], sanitizers: ['DOMPurify.sanitize()'], match: [{ call: ['$().html()'], args: [{ arg: 0, tainted: true }] }] } as CodeRuleSpec);
  const files: Record<string, string> = {
    'server.js': "const fs = require('fs');\nconst { show } = require('./view');\napp.get('/', (req, res) => {\n  const v = req.query.f;\n  res.send(v.toString() + item.value + node.text);\n  show(v);\n  fs.readFileSync(v);\n});\n",
    'util.js': "const { show } = require('./view');\nexports.fmt = (item) => show(item.value.toString() + node.text);\n",
    'page.js': "const { show } = require('./view');\nfunction typed() { return $('#name').val(); }\nshow(typed());\nshow(document.getElementById('q').value);\n",
    'view.js': "exports.show = (html) => $('#out').html(html);\n",
  };
  const names = new Set(['js:server', 'js:util', 'js:page', 'js:view']);

  /** Per file: the knowledge keys its first tree scan analysed (absent: not parsed), and its summary. */
  async function treeScan(set: CodeRuleSet): Promise<Map<string, { keys?: string[]; calls: number; tainted: string[] }>> {
    set.crossFile = { names };
    const out = new Map<string, { keys?: string[]; calls: number; tainted: string[] }>();
    for (const [path, text] of Object.entries(files)) {
      let keys: string[] | undefined;
      set.onAnalyses = (p, k) => (keys = p === path ? [...k].sort() : keys);
      const r = await set.scanTreeFile(text, path, []);
      out.set(path, { keys, calls: r.summary?.calls.length ?? 0, tainted: [...new Set(r.summary?.calls.flatMap((c) => c.tainted.map((t) => t.key)) ?? [])].sort() });
    }
    return out;
  }

  it('costs no second analysis of the files that do not hold them, and none of the other rules\' facts', async () => {
    const d = dom();
    const domKey = d.knowledge('javascript').key;
    const without = await treeScan(new CodeRuleSet([server()]));
    const withDom = await treeScan(new CodeRuleSet([server(), d]));
    // server.js reads request input: one analysis per knowledge key of a rule (the rule's own, as
    // for any rule with sanitisers of its own), and no probe with the rule's sources on top.
    assert.deepEqual(withDom.get('server.js')?.keys, [...(without.get('server.js')?.keys ?? []), domKey].sort());
    assert.ok(!withDom.get('server.js')?.keys?.some((k) => k.endsWith('(probe)')));
    // util.js names `value` and `toString` but no source: parsed by neither (it was, for every rule, when the rule's words were the language's).
    assert.equal(without.get('util.js')?.keys, undefined);
    assert.equal(withDom.get('util.js')?.keys, undefined);
    // The other rules' facts are the same.
    for (const f of ['server.js', 'util.js', 'view.js']) {
      assert.deepEqual(withDom.get(f)?.tainted.filter((k) => k !== domKey), without.get(f)?.tainted, f);
    }
    // page.js holds the rule's sources: parsed for it alone, its calls recorded under its key only.
    assert.equal(without.get('page.js')?.keys, undefined);
    assert.deepEqual(withDom.get('page.js')?.tainted, [domKey]);
    assert.equal(withDom.get('page.js')?.calls, 2);
  });

  it('runs the rule where the text may hold its sources, the other rules that need input only where the models name one', async () => {
    const d = dom();
    const set = new CodeRuleSet([server(), d]);
    assert.equal(set.readsNoInput(files['util.js'], 'util.js'), true);
    assert.equal(set.readsNoInput(files['util.js'], 'util.js', d), true);
    assert.equal(set.readsNoInput(files['page.js'], 'page.js'), true);
    assert.equal(set.readsNoInput(files['page.js'], 'page.js', d), false);
    const page = "$('#out').html($('#name').val());\nfs.readFileSync(document.getElementById('f').value);\n";
    assert.deepEqual((await set.scan(page, 'a.js')).map((h) => h.rule.spec.id), ['dom']);
    set.crossFile = { names };
    assert.deepEqual((await set.scanTreeFile(page, 'a.js', [])).hits.map((h) => h.rule.spec.id), ['dom']);
  });
});
