import assert from 'node:assert/strict';
import type { CodePattern, CodeRuleSpec } from '../../../../tasks/engine/rules/codeRuleSpec';
import { CodeRuleSet, compileCodeRule } from '../../../../tasks/engine/code/codeRules';
import { anyMatches, compileChainPattern, chainStartsWith, matchesChain } from '../../../../tasks/engine/code/chains';
import { compileKnowledge } from '../../../../tasks/engine/code/knowledge';
import { compiledQuery, compileProgramPattern, ProgramFile, queryRootTypes, queryTextTests, simpleMatches, simpleQuery, simpleQueryFor } from '../../../../tasks/engine/code/programMatcher';
import { parseWith } from '../../../support/syntaxShapes';
import type { GrammarName } from '../../../../tasks/engine/code/languages';
import { ValueTracker } from '../../../../tasks/engine/code/values';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { indexOf, realJsFiles } from '../../../support/codeIndex';
import { razorToCSharp } from '../../../../tasks/engine/code/razor';

/** A one-pattern rule for `language`, scanned over `code`; returns the matched texts. */
async function matches(language: CodeRuleSpec['languages'][number], file: string, pattern: CodePattern, code: string, extra: Partial<CodeRuleSpec> = {}): Promise<string[]> {
  const spec: CodeRuleSpec = {
    id: 'test-rule',
    kind: 'code',
    title: 'test rule',
    severity: 'high',
    cwe: ['CWE-89'],
    languages: [language],
    match: [pattern],
    help: 'test rule help',
    samples: { positive: ['x'], negative: ['y'] },
    ...extra,
  };
  const set = new CodeRuleSet([compileCodeRule(spec)]);
  return (await set.scan(code, file)).map((h) => code.slice(h.start, h.end));
}

describe('chain patterns', () => {
  it('match whole chains with * and ** and prefixes for sources', () => {
    assert.ok(matchesChain(compileChainPattern('**.query()'), ['db', 'pool', 'query()']));
    assert.ok(matchesChain(compileChainPattern('**.query()'), ['query()']));
    assert.ok(!matchesChain(compileChainPattern('child_process.exec()'), ['re', 'exec()']));
    assert.ok(matchesChain(compileChainPattern('Math.*()'), ['Math', 'floor()']));
    assert.ok(!matchesChain(compileChainPattern('Math.*()'), ['Math', 'PI']));
    assert.ok(chainStartsWith(compileChainPattern('req.query'), ['req', 'query', 'id']));
    assert.ok(!chainStartsWith(compileChainPattern('req.query'), ['req']));
    assert.throws(() => compileChainPattern('a.b(x)'), /invalid segment/);
  });
});

describe('value tracking (source to sink, intra-procedural)', () => {
  const sink: CodePattern = { call: ['**.query()'], args: [{ arg: 0, tainted: true }] };

  it('follows request input through locals, destructuring, templates and string building (JS)', async () => {
    const code = `
      app.get('/a', (req, res) => { const { id } = req.query; const where = "id = " + id; db.query(\`SELECT 1 WHERE \${where}\`); });
      app.get('/b', (req, res) => { let q = 'SELECT 1'; q += req.body.filter; db.query(q); });
      app.get('/c', (req, res) => { db.query('SELECT 1', [req.query.id]); });
      app.get('/d', (req, res) => { const n = parseInt(req.query.n, 10); db.query('SELECT ' + n); });
      app.get('/e', (req, res) => { const rows = db.all(req.query.x); db.query(rows.length); });
    `;
    const found = await matches('javascript', 'a.js', sink, code);
    assert.equal(found.length, 2);
    assert.match(found[0], /SELECT 1 WHERE/);
    assert.equal(found[1], 'db.query(q)');
  });

  it('uses framework sources per language: annotated parameters, typed parameters, request objects', async () => {
    const cs = await matches('csharp', 'A.cs', { call: ['**.Query()'], args: [{ arg: 0, tainted: true }] }, `
      class A {
        void M([FromQuery] string a, string b) { db.Query(a); db.Query(b); db.Query(Request.Query["x"]); }
      }`);
    assert.deepEqual(cs, ['db.Query(a)', 'db.Query(Request.Query["x"])']);

    const go = await matches('go', 'a.go', { call: ['**.Exec()'], args: [{ arg: 0, tainted: true }] }, `package a
      import "net/http"
      func h(w http.ResponseWriter, r *http.Request) { v := r.FormValue("v"); db.Exec(v) }
      func g(r *Other) { db.Exec(r.FormValue("v")) }`);
    assert.deepEqual(go, ['db.Exec(v)']);

    const java = await matches('java', 'A.java', { call: ['**.execute()'], args: [{ arg: 0, tainted: true }] }, `
      class A { void m(@RequestParam String a, String b, HttpServletRequest req) { s.execute(a); s.execute(b); s.execute(req.getParameter("c")); } }`);
    assert.deepEqual(java, ['s.execute(a)', 's.execute(req.getParameter("c"))']);

    const py = await matches('python', 'a.py', { call: ['**.execute()'], args: [{ arg: 0, tainted: true }] }, `
from flask import request
def view():
    name = request.args.get("n")
    cur.execute(name)
    cur.execute(int(request.args["i"]))
`);
    assert.deepEqual(py, ['cur.execute(name)']);
  });

  it('leaves out calls named by notCall, and reads a name\'s definition for definitionNotMatches', async () => {
    const code = [
      'const client = new AWS.DynamoDB.DocumentClient();',
      'app.post("/", (req, res) => {',
      '  const params = req.body.params;',
      '  const literal = { TableName: "t", Key: { id: req.body.id } };',
      '  client.query(params);',
      '  client.query(literal);',
      '  db.query(params);',
      '});',
    ].join('\n');
    const sql: CodePattern = { call: ['**.query()'], notCall: ['**.DocumentClient().query()'], args: [{ arg: 0, tainted: true }] };
    assert.deepEqual(await matches('javascript', 'a.js', sql, code), ['db.query(params)']);
    const dynamo: CodePattern = { call: ['**.DocumentClient().query()'], args: [{ arg: 0, tainted: true, definitionNotMatches: '^\\s*\\{' }] };
    assert.deepEqual(await matches('javascript', 'a.js', dynamo, code), ['client.query(params)']);
    const choice = 'function sh() { if (win) return { cmd: "cmd" }; return { cmd: "bash" }; }\nfunction other() { if (win) return { cmd: "cmd" }; return { cmd: "node" }; }\nfunction f(x) { const a = sh(); run(a.cmd, x); const b = other(); run(b.cmd, x); }';
    const shells: CodePattern = { call: ['run()'], args: [{ arg: 0, equals: ['cmd', 'bash'] }] };
    assert.deepEqual(await matches('javascript', 'c.js', shells, choice), ['run(a.cmd, x)'], 'equals holds for a choice when it holds for each alternative');
    const joined = 'app.get("/", (req, res) => { const p = path.join("/srv", req.query.f); res.sendFile(p); res.sendFile(path.resolve(req.query.g)); res.sendFile("/srv/" + req.query.h); });';
    const folded: CodePattern = { call: ['res.sendFile()'], args: [{ arg: 0, tainted: true, definitionMatches: '^path\\.(join|resolve)\\(' }] };
    assert.deepEqual(await matches('javascript', 'b.js', folded, joined), ['res.sendFile(p)', 'res.sendFile(path.resolve(req.query.g))'], 'definitionMatches reads a local\'s definition, or the expression');
    assert.throws(() => compileProgramPattern({ new: ['X'], notCall: ['y()'] }, 'p'), /notCall applies to call patterns/);
  });

  it('reads the definition that reaches a reassigned local, and keeps calls of several names in document order', async () => {
    const code = 'app.get("/", (req, res) => { let p = path.join("/srv", req.query.f); res.download(p, 1); res.sendFile(p, 2); p = req.query.g; res.sendFile(p, 3); res.download(p, 4); });';
    const joined: CodePattern = { call: ['res.sendFile()'], args: [{ arg: 0, tainted: true, definitionMatches: '^path\\.join\\(' }] };
    assert.deepEqual(await matches('javascript', 'a.js', joined, code), ['res.sendFile(p, 2)'], 'only the first sendFile reads p while it holds the joined path');
    const notJoined: CodePattern = { call: ['res.sendFile()'], args: [{ arg: 0, tainted: true, definitionNotMatches: '^path\\.join\\(' }] };
    assert.deepEqual(await matches('javascript', 'a.js', notJoined, code), ['res.sendFile(p, 3)'], 'definitionNotMatches leaves out the read of the joined path only');
    const both: CodePattern = { call: ['res.sendFile()', 'res.download()'], args: [{ arg: 0, tainted: true }] };
    assert.deepEqual(await matches('javascript', 'a.js', both, code), ['res.download(p, 1)', 'res.sendFile(p, 2)', 'res.sendFile(p, 3)', 'res.download(p, 4)'], 'calls of either name, in document order');
  });

  it('leaves out assignment targets named by notAssign', async () => {
    const code = 'function f(h) {\n  const doc = document.implementation.createHTMLDocument("");\n  doc.body.innerHTML = h;\n  el.innerHTML = h;\n}';
    const sink: CodePattern = { assign: ['**.innerHTML'], notAssign: ['document.implementation.createHTMLDocument().**'], value: { constant: false } };
    assert.deepEqual(await matches('javascript', 'a.js', sink, code), ['el.innerHTML = h']);
    assert.throws(() => compileProgramPattern({ call: ['x()'], notAssign: ['y'] }, 'p'), /notAssign applies to assign patterns/);
  });

  it('reads unlessGuarded checks: a failed `-` prefix test, a predicate named for what it allows, an origin, a value replaced by a constant', async () => {
    const go = [
      'package main',
      'import ("net/http"; "os/exec"; "strings")',
      'func h(w http.ResponseWriter, r *http.Request) {',
      '  ref := r.FormValue("ref")',
      '  if !strings.HasPrefix(ref, "-") { exec.Command("git", "fetch", ref) }',
      '  if strings.HasPrefix(ref, "--") { exec.Command("git", "pull", ref) }',
      '  next := r.FormValue("next")',
      '  if !isValidRedirect(next) { next = "/" }',
      '  http.Redirect(w, r, next, 302)',
      '  other := r.FormValue("other")',
      '  if !isValidRedirect(other) { log(other) }',
      '  http.Redirect(w, r, other, 302)',
      '}',
    ].join('\n');
    const git: CodePattern = { call: ['os/exec.Command()'], args: [{ arg: '*', tainted: true }], unlessGuarded: 'HasPrefix' };
    assert.deepEqual(await matches('go', 'a.go', git, go), ['exec.Command("git", "pull", ref)']);
    const redirect: CodePattern = { call: ['net/http.Redirect()'], args: [{ arg: 2, tainted: true }], unlessGuarded: '^[\\s(]*!\\s*\\w*valid\\w*\\(' };
    assert.deepEqual(await matches('go', 'a.go', redirect, go), ['http.Redirect(w, r, other, 302)']);
    const js = [
      'app.get("/", (req, res) => {',
      '  const t = req.query.t;',
      '  if (isLocalUrl(t)) res.redirect(t);',
      '  if (!isLocalUrl(t)) res.redirect(t);',
      '});',
      'window.onmessage = (e) => { if (ORIGINS.includes(e.origin)) sink(e.data); if (e.origin !== "https://a.example") sink(e.data); };',
    ].join('\n');
    const named: CodePattern = { call: ['res.redirect()'], args: [{ arg: 0, tainted: true }], unlessGuarded: '^[\\s(]*!?\\s*\\w*local\\w*\\(' };
    assert.deepEqual(await matches('javascript', 'a.js', named, js), ['res.redirect(t)'], 'only the call where the predicate failed');
    const origin: CodePattern = { call: ['sink()'], args: [{ arg: 0, constant: false }], unlessGuarded: 'includes\\(\\s*\\w+\\.origin\\s*\\)|\\w+\\.origin\\s*!==' };
    assert.deepEqual(await matches('javascript', 'a.js', origin, js), ['sink(e.data)'], 'the origin test guards its branch; its failing branch does not');
  });

  it('takes an argument a JavaScript call leaves out as undefined, and counts `new F()` as a call of F or of its class\'s constructor', async () => {
    const open: CodePattern = { call: ['run()'], args: [{ arg: 0, constant: false }] };
    const code = [
      'function a(xa) { run(xa); }',
      'a();',
      'function b(xb = process.env.X) { run(xb); }',
      'b();',
      'function C(xc) { run(xc); }',
      'const c = new C();',
      'class D { constructor(xd) { run(xd); } }',
      'new D();',
      'class E { constructor(xe) { run(xe); } }',
      'new E(input);',
      'function f(xf) { run(xf); }',
    ].join('\n');
    assert.deepEqual(await matches('javascript', 'a.js', open, code), ['run(xb)', 'run(xe)', 'run(xf)'], 'a default, a caller passing a value, no caller: open');
  });

  it('reads a search for a character outside a class as a test that holds for bad values', async () => {
    const guarded: CodePattern = { call: ['run()'], args: [{ arg: 0, constant: false }], unlessGuarded: '\\.test\\(' };
    const code = 'function f(x) {\n  if (/[^\\w.-]/.test(x)) { run("bad " + x); } else { run("ok " + x); }\n  if (/^[\\w.-]+$/.test(x)) { run("fine " + x); }\n}\n';
    assert.deepEqual(await matches('javascript', 'a.js', guarded, code), ['run("bad " + x)'], 'its else branch is guarded');
  });

  it('reads a test for a leading - as a test for an option: guarded where it fails', async () => {
    const guarded: CodePattern = { call: ['run()'], args: [{ arg: 0, constant: false }], unlessGuarded: 'startsWith' };
    const code = 'function f(x) {\n  if (x.startsWith("--")) { run("a " + x); } else { run("b " + x); }\n  if (!x.startsWith("-")) { run("c " + x); }\n  if (x.startsWith("https://")) { run("d " + x); }\n}\n';
    assert.deepEqual(await matches('javascript', 'a.js', guarded, code), ['run("a " + x)']);
  });

  it('checks the receiver of a method call with arg: receiver', async () => {
    const code = 'from flask import request\nimport pathlib\nBASE = pathlib.Path("/srv")\ndef f():\n    (BASE / request.args["n"]).read_text()\n    (BASE / "a.txt").read_text()\n    request.args["n"].strip()\n';
    const p: CodePattern = { call: ['**.read_text()', '**.strip()'], args: [{ arg: 'receiver', tainted: true }] };
    assert.deepEqual(await matches('python', 'a.py', p, code), ['(BASE / request.args["n"]).read_text()', 'request.args["n"].strip()']);
  });

  it('keeps only calls that are what their function returns with returned: true (through parentheses and await, not inside a tuple or an expression)', async () => {
    const code = 'def f(x):\n    body = fmt(x)\n    if x:\n        return (fmt(x))\n    if x > 1:\n        return fmt(x), 200\n    return await fmt(x)\n';
    assert.deepEqual(await matches('python', 'a.py', { call: ['fmt()'], returned: true }, code), ['fmt(x)', 'fmt(x)']);
    assert.equal((await matches('python', 'a.py', { call: ['fmt()'], returned: false }, code)).length, 2);
    const js = 'function f(x) { const a = fmt(x); return fmt(x + 1); }';
    assert.deepEqual(await matches('javascript', 'a.js', { call: ['fmt()'], returned: true }, js), ['fmt(x + 1)']);
  });

  it('matches a call of what a module function returned (`mod()()`) only in files importing the module, not when the maker got a base URL', async () => {
    const p: CodePattern = { call: ['bent()()'] };
    const code = "const bent = require('bent');\nconst get = bent('json');\nconst api = bent('https://api.example.com/', 'json');\nget(u); api(u); bent('string')(u); other(u);\n";
    assert.deepEqual(await matches('javascript', 'a.js', p, code), ['get(u)', "bent('string')(u)"]);
    assert.deepEqual(await matches('javascript', 'a.js', p, "const get = bent('json');\nget(u);\n"), [], 'bent not imported: a local function of that name');
    assert.deepEqual(await matches('javascript', 'a.mjs', p, "import bent from 'bent';\nconst get = bent('json');\nget(u);\n"), ['get(u)']);
  });

  it('selects the arguments after the first positional ones with arg N+ (positional and named, splats included)', async () => {
    const code = 'def f(a, **kw):\n    show(a, "x")\n    show("t", a)\n    show("t", name=a)\n    show("t", **kw)\n    show("t", "u")\n';
    const p: CodePattern = { call: ['show()'], args: [{ arg: '1+', constant: false }] };
    assert.deepEqual(await matches('python', 'a.py', p, code), ['show("t", a)', 'show("t", name=a)', 'show("t", **kw)']);
  });

  it('leaves out matches in functions, or classes, that carry a notDecoratedWith annotation', async () => {
    const code = [
      '@Controller class A { @GetMapping("/a") String a(@RequestParam String v) { return "redirect:" + v; }',
      '  @ResponseBody @GetMapping("/b") String b(@RequestParam String v) { return "redirect:" + v; } }',
      '@RestController class B { @GetMapping("/c") String c(@RequestParam String v) { return "redirect:" + v; } }',
    ].join('\n');
    const p: CodePattern = { query: '(return_statement (_) @match)', value: { tainted: true, textMatches: '^"redirect:"' } };
    assert.equal((await matches('java', 'A.java', p, code)).length, 3);
    assert.deepEqual(await matches('java', 'A.java', { ...p, notDecoratedWith: ['ResponseBody', 'RestController'] }, code), ['"redirect:" + v']);
  });

  it('keeps matches whose function, or else its class, carries an annotation matching annotationMatches, unless its own match annotationNotMatches', async () => {
    const code = [
      '@RestController @RequestMapping(produces = "text/html") class A {',
      '  @GetMapping("/a") String a(@RequestParam String v) { return v; }',
      '  @GetMapping(value = "/b", produces = "application/json") String b(@RequestParam String v) { return v; } }',
      '@RestController class B {',
      '  @GetMapping(value = "/c", produces = MediaType.TEXT_HTML_VALUE) String c(@RequestParam String v) { return v + "c"; }',
      '  @GetMapping("/d") String d(@RequestParam String v) { return v + "d"; } }',
    ].join('\n');
    const p: CodePattern = { query: '(return_statement (_) @match)', value: { tainted: true }, annotationMatches: 'produces\\s*=[^)]*(TEXT_HTML|"text/html)', annotationNotMatches: 'produces\\s*=\\s*"application/json' };
    assert.deepEqual(await matches('java', 'A.java', p, code), ['v', 'v + "c"']);
  });

  it('checks what a name defined once locally was given with definitionMatches', async () => {
    const code = [
      'class A { ResponseEntity<String> a(@RequestParam String v) {',
      '  ResponseEntity.BodyBuilder html = ResponseEntity.ok().contentType(MediaType.TEXT_HTML);',
      '  ResponseEntity.BodyBuilder json = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);',
      '  json.body(v);',
      '  return html.body(v); } }',
    ].join('\n');
    const p: CodePattern = { call: ['**.body()'], args: [{ arg: 'receiver', definitionMatches: 'TEXT_HTML' }] };
    assert.deepEqual(await matches('java', 'A.java', p, code), ['html.body(v)']);
  });

  it('reads a name holding a constant string as that string in a definition, for a pattern that looks for one', async () => {
    const code = [
      'class A { static final String RSA = "RSA"; void a(String chosen) {',
      '  final String algo = "RSA";',
      '  KeyPairGenerator k1 = KeyPairGenerator.getInstance(algo); k1.initialize(1024);',
      '  KeyPairGenerator k2 = KeyPairGenerator.getInstance(RSA); k2.initialize(1024);',
      '  KeyPairGenerator k3 = KeyPairGenerator.getInstance(chosen); k3.initialize(1024); } }',
    ].join('\n');
    const p: CodePattern = { call: ['**.initialize()'], args: [{ arg: 'receiver', definitionMatches: 'getInstance\\("RSA"' }] };
    assert.deepEqual(await matches('java', 'A.java', p, code), ['k1.initialize(1024)', 'k2.initialize(1024)'], 'a parameter is no constant');
  });

  it('tells apart locals of one name declared in sibling blocks (Java, C#)', async () => {
    const java = [
      'class A { void a(boolean c, String v) {',
      '  if (c) { Builder b = ok().contentType(TEXT_HTML); b.body(v); }',
      '  else { Builder b = ok().contentType(JSON); b.body(v); }',
      '  for (String s : list) { Builder b = ok().contentType(TEXT_HTML); b = other(); b.body(s); } } }',
    ].join('\n');
    const p: CodePattern = { call: ['**.body()'], args: [{ arg: 'receiver', definitionMatches: 'TEXT_HTML' }] };
    assert.deepEqual(await matches('java', 'A.java', p, java), ['b.body(v)'], 'the else block has its own b; one reassigned in its block is no longer defined once');
    const cs = 'class A { void a(bool c, string v) { if (c) { var b = Ok().Html(); b.Body(v); } else { var b = Ok().Json(); b.Body(v); } } }';
    assert.deepEqual(await matches('csharp', 'A.cs', { call: ['**.Body()'], args: [{ arg: 'receiver', definitionMatches: 'Html' }] }, cs), ['b.Body(v)']);
  });

  it('reads a flag through the local it was read into with notInside', async () => {
    const code = [
      'class A { void a() {',
      '  String enabled = System.getProperty("disableHostnameVerification");',
      '  if (Boolean.parseBoolean(enabled)) { x.setHostnameVerifier(v); }',
      '  String env = System.getenv("APP_ENV");',
      '  if ("dev".equals(env)) { y.setHostnameVerifier(v); } } }',
    ].join('\n');
    assert.deepEqual(await matches('java', 'A.java', { call: ['**.setHostnameVerifier()'], notInside: 'verif' }, code), ['y.setHostnameVerifier(v)']);
    const py = 'def a(skip):\n    if skip:\n        b()\n';
    assert.deepEqual(await matches('python', 'a.py', { call: ['b()'], notInside: 'verif' }, py), ['b()'], 'a parameter has no definition to read');
  });

  it('reads switch case labels with notInside', async () => {
    const go = [
      'package main',
      'func a(mode string) {',
      '\tswitch mode {',
      '\tcase "legacy":',
      '\t\tb(1)',
      '\tdefault:',
      '\t\tb(2)',
      '\t}',
      '}',
    ].join('\n');
    assert.deepEqual(await matches('go', 'a.go', { call: ['b()'], notInside: 'legacy' }, go), ['b(2)']);
    const js = 'function a(m) { switch (m) { case "insecure": b(1); break; default: b(2); } }';
    assert.deepEqual(await matches('javascript', 'a.js', { call: ['b()'], notInside: 'insecure' }, js), ['b(2)']);
    const grouped = 'function a(m) { switch (m) { case "insecure": case "old": b(1); break; case "new": b(3); break; default: b(2); } }';
    assert.deepEqual(await matches('javascript', 'a.js', { call: ['b()'], notInside: 'insecure' }, grouped), ['b(3)', 'b(2)'], 'labels of one clause written as empty cases before it');
  });

  it('leaves out one arm of an if/else whose other arm matches notBesideBranch', async () => {
    const go = [
      'package main',
      'func a(strict bool, c *Config) {',
      '\tif strict {',
      '\t\tc.V = 13',
      '\t} else {',
      '\t\tc.V = 10',
      '\t}',
      '\tif strict {',
      '\t\tc.V = 11',
      '\t}',
      '}',
    ].join('\n');
    assert.deepEqual(await matches('go', 'a.go', { assign: ['**.V'], value: { textMatches: '^1[01]$' }, notBesideBranch: '\\b13\\b' }, go), ['c.V = 11']);
  });

  it('takes a rule\'s own parameters for input for that rule only, in files that name no other source', async () => {
    const js = '$.fn.tip = function (options) { show(options.target); };\nfunction other(o) { show(o.target); }\n';
    const pattern: CodePattern = { call: ['show()'], args: [{ arg: 0, tainted: true }] };
    assert.deepEqual(await matches('javascript', 'a.js', pattern, js, { parameters: [{ assignedTo: ['$.fn.*'] }] }), ['show(options.target)']);
    assert.deepEqual(await matches('javascript', 'a.js', pattern, js), []);
    await assert.rejects(matches('javascript', 'a.js', pattern, js, { parameters: [{ params: 'all' }] }), /parameters: .*say which functions/);
  });

  it('reads the arms of a JavaScript conditional expression with notBesideBranch', async () => {
    const js = 'const a = isDefault ? pick(sel) : $(document).find(sel);\nconst b = isDefault ? pick(sel) : other(sel);\npick(sel);\n';
    assert.deepEqual(await matches('javascript', 'a.js', { call: ['pick()'], notBesideBranch: '\\.find\\(' }, js), ['pick(sel)', 'pick(sel)']);
  });

  it('reads every arm of an if/elif/else chain with notBesideBranch (Python lists elif and else apart)', async () => {
    const py = [
      'def a(mode, c):',
      '    if mode == "strict":',
      '        c.v = 13',
      '    elif mode == "compat":',
      '        c.v = 11',
      '    else:',
      '        c.v = 10',
      '    if mode:',
      '        c.w = 10',
      '    else:',
      '        c.w = 11',
      '',
    ].join('\n');
    assert.deepEqual(await matches('python', 'a.py', { assign: ['**.v', '**.w'], value: { textMatches: '^1[01]$' }, notBesideBranch: '\\b13\\b' }, py), ['c.w = 10', 'c.w = 11']);
  });

  it('tells a value that reads only parameters with paramsOnly', async () => {
    const code = [
      'import os',
      'def a(cmd, host):',
      '    local = cmd.strip()',
      '    os.system(cmd)',
      '    os.system("sh -c " + cmd)',
      '    os.system("ping " + host + suffix)',
      '    os.system(local)',
      '    os.system(run())',
    ].join('\n');
    const p: CodePattern = { call: ['os.system()'], args: [{ arg: 0, paramsOnly: true }] };
    assert.deepEqual(await matches('python', 'a.py', p, code), ['os.system(cmd)', 'os.system("sh -c " + cmd)']);
  });

  it('matches a generic type constructed with explicit type arguments by its name', async () => {
    const code = 'class A { void a() { new ResponseEntity<String>("x", HttpStatus.OK); new ResponseEntity<>("y", HttpStatus.OK); new ArrayList<String>(); } }';
    assert.deepEqual(await matches('java', 'A.java', { new: ['ResponseEntity'] }, code), ['new ResponseEntity<String>("x", HttpStatus.OK)', 'new ResponseEntity<>("y", HttpStatus.OK)']);
    assert.deepEqual(await matches('csharp', 'A.cs', { new: ['List'] }, 'class A { void a() { var l = new List<string>(); } }'), ['new List<string>()']);
  });

  it('tells constant, parameterised and dynamic strings apart', async () => {
    const p: CodePattern = { call: ['**.execute()'], args: [{ arg: 0, dynamicString: true, stringMatches: 'select' }] };
    const found = await matches('python', 'a.py', p, `
TABLE = "t"
def f(cur, x, n: int):
    cur.execute("SELECT * FROM t WHERE a = %s", (x,))
    cur.execute("SELECT * FROM " + TABLE)
    cur.execute("SELECT * FROM t WHERE n = %d" % n)
    cur.execute(f"SELECT * FROM t WHERE a = '{x}'")
    cur.execute("SELECT {} FROM t".format(x))
`);
    assert.deepEqual(found, [`cur.execute(f"SELECT * FROM t WHERE a = '{x}'")`, 'cur.execute("SELECT {} FROM t".format(x))']);
  });

  it('answers stringMatches from the file\'s constants before any value analysis, with the same matches', async () => {
    const sql: CodePattern = { call: ['**.get()'], args: [{ arg: 0, dynamicString: true, stringMatches: '\\bselect\\s[\\s\\S]*\\bfrom' }] };
    // Fragments joined in another order than the file's: FROM is written before SELECT.
    const reordered = "const tail = ' FROM users WHERE id = ';\nconst head = 'SELECT name';\nfunction f(db, id) { db.get(head + tail + id); }\n";
    assert.deepEqual(await matches('javascript', 'a.js', sql, reordered), ['db.get(head + tail + id)']);
    // Anchored expressions always ask for the value (the constants together say nothing of a start).
    const anchored: CodePattern = { call: ['**.get()'], args: [{ arg: 0, dynamicString: true, stringMatches: '^select' }] };
    assert.deepEqual(await matches('javascript', 'a.js', anchored, "const a = 'x';\nfunction f(db, id) { db.get('select ' + id); }\n"), ["db.get('select ' + id)"]);
    // No constant of the file is SQL: the map reads are not analysed at all.
    const asked: string[] = [];
    const value = ValueTracker.prototype.value;
    ValueTracker.prototype.value = function (this: ValueTracker, n) {
      asked.push(n.text);
      return value.call(this, n);
    };
    try {
      assert.deepEqual(await matches('javascript', 'a.js', sql, "function f(cache, key) { return cache.get('k:' + key) ?? cache.get(key); }\n"), []);
    } finally {
      ValueTracker.prototype.value = value;
    }
    assert.deepEqual(asked, []);
  });

  it('lists every node type whose shape is a string among the adapter\'s stringTypes, in every language', async () => {
    const samples: [Parameters<typeof indexOf>[0], string][] = [
      ['javascript', "const a = 'x', b = \"y\", c = `z${a}`, d = /re/;\n"],
      ['typescript', "const a: string = 'x', c = `z${a}`;\n"],
      ['python', 'a = "x" \'y\'\nb = f"z{a}"\nc = r"w"\n'],
      ['java', 'class A { String a = "x"; char c = \'y\'; String t = """\n  z\n  """; }\n'],
      ['csharp', 'class A { string a = "x"; string b = @"y"; string c = $"z{a}"; char d = \'w\'; string e = """raw"""; }\n'],
      ['go', 'package a\nvar a = "x"\nvar b = `y`\nvar c = \'z\'\n'],
    ];
    for (const [language, code] of samples) {
      const index = await indexOf(language, code);
      const walk = (n: ReturnType<typeof nodeOf>): string[] => [...(['string', 'interpolated'].includes(index.shape(n).kind) ? [n.type] : []), ...n.children.flatMap((c) => (c ? walk(c) : []))];
      const nodeOf = (): typeof index.root => index.root;
      const types = new Set(walk(nodeOf()));
      assert.ok(types.size > 0, language);
      for (const t of types) assert.ok(index.adapter.stringTypes.includes(t), `${language}: ${t} builds a string but is not in stringTypes`);
    }
  });

  it('gives a match the path of the input it accepted, whatever check accepted it (not only tainted)', async () => {
    const spec: CodeRuleSpec = {
      id: 'test-rule', kind: 'code', title: 'test rule', severity: 'high', cwe: ['CWE-78'], languages: ['python'],
      match: [{ call: ['os.system()'], args: [{ arg: 0, constant: false }] }],
      help: 'test rule help', samples: { positive: ['x'], negative: ['y'] },
    };
    const code = 'import os\nfrom flask import request\n@app.route("/p")\ndef p():\n    host = request.args["h"]\n    os.system("ping " + host)\n\ndef q(host):\n    os.system("ping " + host)\n';
    const hits = await new CodeRuleSet([compileCodeRule(spec)]).scan(code, 'a.py');
    assert.equal(hits.length, 2);
    assert.equal(code.slice(hits[0].flow?.[0].start, hits[0].flow?.[0].end), 'request.args["h"]', 'the input fed to the non-constant check is its source');
    assert.equal(hits[1].flow, undefined, 'a parameter with unknown callers is not input: no path');
  });

  it('gives the path of input to matches by value too: a query capture, an assignment, a pair', async () => {
    const spec: CodeRuleSpec = {
      id: 'test-rule', kind: 'code', title: 'test rule', severity: 'high', cwe: ['CWE-79'], languages: ['python'],
      match: [
        { query: '(return_statement (_) @match)', value: { tainted: true } },
        { assign: ['**.body'], value: { tainted: true } },
        { pair: ['html'], value: { tainted: true } },
      ],
      help: 'test rule help', samples: { positive: ['x'], negative: ['y'] },
    };
    const code = 'from flask import request\n@app.route("/p")\ndef p():\n    name = request.args["n"]\n    resp.body = name\n    render(html=name)\n    return name\n';
    const hits = await new CodeRuleSet([compileCodeRule(spec)]).scan(code, 'a.py');
    assert.deepEqual(hits.map((h) => code.slice(h.start, h.end)), ['name', 'resp.body = name', 'html=name']);
    for (const h of hits) assert.equal(code.slice(h.flow?.[0].start, h.flow?.[0].end), 'request.args["n"]', code.slice(h.start, h.end));
  });

  it('counts the text a string builder is created with among its parts', async () => {
    const p: CodePattern = { assign: ['**.CommandText'], value: { dynamicString: true, stringMatches: 'select[\\s\\S]*from' } };
    const found = await matches('csharp', 'A.cs', p, `
class A {
    public void Find(SqlCommand cmd, string table) {
        var sb = new StringBuilder("SELECT Id, Name");
        sb.AppendFormat(" FROM {0}", table);
        cmd.CommandText = sb.ToString();
    }
    public void Fixed(SqlCommand cmd) {
        var sb = new StringBuilder("SELECT Id, Name");
        sb.Append(" FROM Users");
        cmd.CommandText = sb.ToString();
    }
}
`);
    assert.deepEqual(found, ['cmd.CommandText = sb.ToString()']);
  });

  it('tells values that may come from outside the code (open) from values code computes from constants', async () => {
    const p: CodePattern = { call: ['**.executeQuery()'], args: [{ arg: 0, constant: false, open: true }] };
    const found = await matches('java', 'A.java', p, `
class A {
    String table;
    void a(Statement st, String sql) throws Exception { st.executeQuery(sql); }
    void b(Statement st) throws Exception { st.executeQuery(Names.pick("users")); }
    void c(Statement st) throws Exception { st.executeQuery("SELECT 1"); }
    void d(Statement st) throws Exception { st.executeQuery("DELETE FROM " + table); }
}
`);
    assert.deepEqual(found, ['st.executeQuery(sql)', 'st.executeQuery("DELETE FROM " + table)']);
  });

  it('treats a fixed scheme-and-host, path or relative prefix, or a base from elsewhere before the input, as safe for redirects (hostTainted)', async () => {
    const p: CodePattern = { call: ['res.redirect()'], args: [{ arg: 'last', hostTainted: true }] };
    const found = await matches('javascript', 'a.js', p, `
      app.get('/', (req, res) => {
        res.redirect(req.query.u);
        res.redirect('/' + req.query.u);
        res.redirect('/home?x=' + req.query.u);
        res.redirect('https://example.com/' + req.query.u);
        res.redirect('https://' + req.query.u);
        res.redirect('login?next=' + req.query.u);
        res.redirect('account/' + req.query.u);
        res.redirect('www.' + req.query.u);
        res.redirect('https:' + req.query.u);
        res.redirect(config.baseUrl + req.query.u);
        res.redirect(\`\${settings.home}/\${req.query.u}\`);
        res.redirect(req.query.u + config.suffix);
        res.redirect('//' + req.query.u + config.suffix);
        const next = req.query.secure ? 'https://example.com/' + req.query.u : 'http://example.com/' + req.query.u;
        res.redirect(next);
        const other = req.query.secure ? 'https://example.com/' + req.query.u : '//' + req.query.u;
        res.redirect(other);
      });`);
    assert.deepEqual(found, [
      'res.redirect(req.query.u)',
      "res.redirect('/' + req.query.u)",
      "res.redirect('https://' + req.query.u)",
      "res.redirect('www.' + req.query.u)",
      "res.redirect('https:' + req.query.u)",
      'res.redirect(req.query.u + config.suffix)',
      "res.redirect('//' + req.query.u + config.suffix)",
      'res.redirect(other)',
    ]);
  });

  it('tells values from outside the code (open) from constants and what calls compute from constants', async () => {
    const p: CodePattern = { call: ['**.executeQuery()'], args: [{ arg: 0, open: true }] };
    const found = await matches('java', 'A.java', p, `
      public class A {
        private String stored;
        private static final String ALL = "SELECT 1";
        public void run(Statement st, String sql) throws Exception {
          st.executeQuery(sql);
          st.executeQuery(stored);
          st.executeQuery(ALL);
          st.executeQuery(Queries.byName("x"));
          st.executeQuery("SELECT " + ALL);
        }
      }`);
    assert.deepEqual(found, ['st.executeQuery(sql)', 'st.executeQuery(stored)']);
  });

  it('resolves import aliases so a method name alone does not match', async () => {
    const p: CodePattern = { call: ['child_process.exec()'] };
    const found = await matches('javascript', 'a.js', p, `
      const cp = require('node:child_process');
      import { exec as run } from 'child_process';
      cp.exec(a); run(b); /x/.exec(c); exec(d);`);
    assert.deepEqual(found, ['cp.exec(a)', 'run(b)']);
  });

  it('checks options objects through a local variable, keyword arguments and returns-true lambdas', async () => {
    const js = await matches('javascript', 'a.js', { call: ['child_process.spawn()'], args: [{ arg: '2.shell', equals: true }] }, `
      const cp = require('child_process');
      const opts = { shell: true };
      cp.spawn('a', [], opts); cp.spawn('b', [], { shell: false });`);
    assert.deepEqual(js, ["cp.spawn('a', [], opts)"]);
    const cs = await matches('csharp', 'A.cs', { assign: ['**.ServerCertificateCustomValidationCallback'], value: { returnsTrue: true } }, `
      class A { void M() { h.ServerCertificateCustomValidationCallback = (a, b, c, d) => true; h.ServerCertificateCustomValidationCallback = (a, b, c, d) => d == 0; } }`);
    assert.equal(cs.length, 1);
  });

  it('checks an options property set on the local object before the call (`opts.host = h; http.get(opts)`)', async () => {
    const pattern: CodePattern = { call: ['http.get()'], args: [{ arg: '0.host', tainted: true }] };
    const code = (body: string) => `const http = require('http');\napp.get('/', (req, res) => { ${body} });`;
    assert.equal((await matches('javascript', 'a.js', pattern, code("const o = url.parse('http://a.example'); o.host = req.query.h; http.get(o);"))).length, 1);
    assert.equal((await matches('javascript', 'a.js', pattern, code("const o = {}; o.host = req.query.h; o.host = 'a.example'; http.get(o);"))).length, 0, 'the last store wins');
    assert.equal((await matches('javascript', 'a.js', pattern, code("const o = { host: 'a.example' }; o.path = '/' + req.query.p; http.get(o);"))).length, 0, 'another property');
    assert.equal((await matches('javascript', 'a.js', pattern, code("const o = { host: 'a.example' }; http.get(o); o.host = req.query.h;"))).length, 0, 'a store after the call');
    assert.equal((await matches('javascript', 'a.js', pattern, code('const o = { host: req.query.h }; http.get(o);'))).length, 1, 'the literal still counts');
  });

  it('checks that a number is below a bound, written out or held by a name (below)', async () => {
    const pattern: CodePattern = { call: ['**.rsa.generate_private_key()'], args: [{ arg: '1|key_size', below: 2048 }] };
    const found = await matches('python', 'a.py', pattern, `
import os
from cryptography.hazmat.primitives.asymmetric import rsa
BITS = 1024
rsa.generate_private_key(65537, 512)
rsa.generate_private_key(public_exponent=65537, key_size=BITS)
rsa.generate_private_key(public_exponent=65537, key_size=2048)
rsa.generate_private_key(public_exponent=65537, key_size=int(os.environ["BITS"]))
rsa.generate_private_key(public_exponent=65537, key_size="1024")
`);
    assert.deepEqual(found, ['rsa.generate_private_key(65537, 512)', 'rsa.generate_private_key(public_exponent=65537, key_size=BITS)']);
  });

  it('takes a typed number parameter for what all calls of its function in the file pass (below)', async () => {
    const pattern: CodePattern = { call: ['**.initialize()'], args: [{ arg: 0, below: 2048 }] };
    const code = (calls: string) => `class K { void make(int bits) { kpg.initialize(bits); } void run() { ${calls} } }`;
    assert.equal((await matches('java', 'K.java', pattern, code('make(1024);'))).length, 1);
    assert.equal((await matches('java', 'K.java', pattern, code('make(1024); make(512);'))).length, 1, 'every call small');
    assert.equal((await matches('java', 'K.java', pattern, code('make(1024); make(4096);'))).length, 0, 'one call large');
    assert.equal((await matches('java', 'K.java', pattern, code('make(size());'))).length, 0, 'unknown');
  });

  it('checks the class a value makes: anonymous, or declared in the file and constructed (classMatches)', async () => {
    const pattern: CodePattern = { call: ['**.init()'], args: [{ arg: 1, classMatches: 'void\\s+checkServerTrusted\\s*\\([^)]*\\)\\s*\\{\\s*\\}' }] };
    const named = (body: string) => `class T { void go() { TrustManager[] tm = new TrustManager[] { new Lax() }; ctx.init(null, tm, null); } }
class Lax implements X509TrustManager { public void checkServerTrusted(X509Certificate[] c, String a) { ${body} } }`;
    assert.equal((await matches('java', 'T.java', pattern, named(''))).length, 1, 'empty check in a named class');
    assert.equal((await matches('java', 'T.java', pattern, named('pins.check(c);'))).length, 0, 'a check that does something');
    const anonymous = 'class T { void go() { ctx.init(null, new TrustManager[] { new X509TrustManager() { public void checkServerTrusted(X509Certificate[] c, String a) {} } }, null); } }';
    assert.equal((await matches('java', 'T.java', pattern, anonymous)).length, 1, 'anonymous class written in the argument');
  });

  it('follows a value back through locals and parameters to what made it (derivedMatches)', async () => {
    const pattern: CodePattern = { call: ['**.Seal()'], args: [{ arg: 'receiver', derivedMatches: '\\bdes\\.NewCipher\\(' }] };
    const code = (make: string) => `package main
import ("crypto/cipher"; "crypto/des"; "crypto/aes")
func seal(b cipher.Block, p []byte) []byte { g, _ := cipher.NewGCM(b); return g.Seal(nil, nil, p, nil) }
func main() { blk, _ := ${make}(nil); seal(blk, nil) }`;
    assert.equal((await matches('go', 'a.go', pattern, code('des.NewCipher'))).length, 1, 'through a local and a parameter');
    assert.equal((await matches('go', 'a.go', pattern, code('aes.NewCipher'))).length, 0, 'another cipher');
  });

  it('checks the call a callback whose parameter the value is was passed to (callbackOf)', async () => {
    const pattern: CodePattern = { call: ['**.find()'], unless: [{ arg: 'receiver', callbackOf: '\\.count$' }] };
    assert.equal((await matches('javascript', 'a.js', pattern, 'M.count(q, (err, n) => n.find(x));')).length, 0, 'a parameter of a count callback');
    assert.equal((await matches('javascript', 'a.js', pattern, 'M.findOne(q, (err, d) => d.find(x));')).length, 1, 'another call');
    assert.equal((await matches('javascript', 'a.js', pattern, 'function f(n) { return n.find(x); } M.count(q, f);')).length, 1, 'a parameter of a declared function');
    assert.equal((await matches('javascript', 'a.js', pattern, 'M.count(q, (err, n) => { const d = load(); return d.find(x); });')).length, 1, 'a local, not a parameter');
  });

  it('checks where the input that reaches a value started (sourceMatches)', async () => {
    const pattern: CodePattern = { call: ['res.send()'], args: [{ arg: 0, tainted: true, sourceMatches: '^req\\.query\\.' }] };
    const code = (body: string) => `app.get('/', (req, res) => { ${body} });`;
    assert.equal((await matches('javascript', 'a.js', pattern, code('const n = req.query.name; res.send(n);'))).length, 1);
    assert.equal((await matches('javascript', 'a.js', pattern, code('const n = req.body.name; res.send(n);'))).length, 0, 'another source');
    assert.equal((await matches('javascript', 'a.js', pattern, code('const n = "x"; res.send(n);'))).length, 0, 'no input at all');
    assert.equal((await matches('javascript', 'a.js', pattern, code('const { name, q: other } = req.query; res.send(name); res.send(other);'))).length, 2, 'a property destructured from the source');
    assert.equal((await matches('javascript', 'a.js', pattern, code('const all = req.query; res.send(all);'))).length, 0, 'the source object itself');
  });

  it('reads a parameter that is input by its decorators with them and its type (sourceMatches)', async () => {
    const pattern: CodePattern = { call: ['**.find()'], args: [{ arg: 0, tainted: true, sourceMatches: '^@Body\\s+\\w+(:\\s*any)?$' }] };
    const code = (param: string) => `import { Controller, Post, Body, Param } from '@nestjs/common';
@Controller('u')
export class U { @Post() f(${param}) { return this.m.find({ a: b.a }); } }`;
    assert.equal((await matches('typescript', 'a.ts', pattern, code('@Body() b: any'))).length, 1);
    assert.equal((await matches('typescript', 'a.ts', pattern, code('@Body() b: LoginDto'))).length, 0, 'a declared class');
    assert.equal((await matches('typescript', 'a.ts', pattern, code("@Param('id') b: any"))).length, 0, 'another decorator');
  });

  it('checks the argument of the call that made the receiver (arg: receiver.0), where the latest definition reaches', async () => {
    const pattern: CodePattern = { call: ['http.client.HTTPConnection().request()'], args: [{ arg: 'receiver.0|receiver.host', tainted: true }] };
    const code = (body: string) => `from flask import request\nfrom http.client import HTTPConnection\n@app.route('/')\ndef h():\n${body.split('\n').map((l) => '    ' + l).join('\n')}\n`;
    assert.deepEqual(await matches('python', 'a.py', pattern, code('c = HTTPConnection(request.args["h"])\nc.request("GET", "/")')), ['c.request("GET", "/")']);
    assert.equal((await matches('python', 'a.py', pattern, code('c = HTTPConnection(host=request.args["h"])\nc.request("GET", "/")'))).length, 1, 'by name');
    assert.equal((await matches('python', 'a.py', pattern, code('c = HTTPConnection("a", timeout=int(request.args["t"]))\nc.request("GET", "/")'))).length, 0, 'input in another argument');
    assert.equal((await matches('python', 'a.py', pattern, code('c = HTTPConnection(request.args["h"])\nc = HTTPConnection("a")\nc.request("GET", "/")'))).length, 0, 'made again for a fixed host');
  });

  it('checks a step on the way from the input to a value (flowMatches)', async () => {
    const pattern: CodePattern = { call: ['**.find()'], args: [{ arg: 0, tainted: true, flowMatches: '\\bloads\\(' }] };
    const code = (body: string) => `from flask import request\nimport json\n@app.route('/')\ndef h():\n${body.split('\n').map((l) => '    ' + l).join('\n')}\n`;
    assert.equal((await matches('python', 'a.py', pattern, code('raw = request.args["q"]\nv = json.loads(raw)\nw = v\ndb.c.find({"n": w})'))).length, 1, 'parsed on the way');
    assert.equal((await matches('python', 'a.py', pattern, code('v = json.loads(request.args["q"])\ndb.c.find(v)'))).length, 1, 'parsed where it is read');
    assert.equal((await matches('python', 'a.py', pattern, code('v = request.args["q"]\ndb.c.find({"n": v})'))).length, 0, 'a string, never parsed');
    assert.equal((await matches('python', 'a.py', pattern, code('v = json.loads("[1]")\ndb.c.find({"n": v})'))).length, 0, 'parsed, but no input');
    const helper = `from flask import request\nimport json\ndef parse(s):\n    return json.loads(s)\n@app.route('/')\ndef h():\n    v = parse(request.args["q"])\n    db.c.find({"n": v})\n`;
    assert.equal((await matches('python', 'a.py', pattern, helper)).length, 1, 'parsed by a function of the file, by what it returns');
  });

  it('matches the methods of a promisifyAll\'d module under their Async names', async () => {
    const pattern: CodePattern = { call: ['child_process.exec()'], args: [{ arg: 0, tainted: true }] };
    const code = "const cp = require('bluebird').promisifyAll(require('child_process'));\napp.post('/', async (req, res) => { await cp.execAsync(req.body.c); await cp.exec(req.body.c); await cp.runAsync(req.body.c); });";
    assert.deepEqual(await matches('javascript', 'a.js', pattern, code), ['cp.execAsync(req.body.c)', 'cp.exec(req.body.c)']);
  });

  it('applies context, notInside, unlessInFunction and textMatches filters', async () => {
    const ctx = await matches('javascript', 'a.js', { call: ['Math.random()'], context: 'token' }, `
      const jitter = Math.random();
      function makeToken() { return Math.random().toString(36); }`);
    assert.deepEqual(ctx, ['Math.random()']);
    assert.equal(ctx.length, 1);

    const handedTo = await matches('javascript', 'a.js', { call: ['Math.random()'], context: 'token' }, `
      const a = Math.random();
      user.setToken(Math.random());`);
    assert.deepEqual(handedTo, ['Math.random()'], 'the name of the call the value is handed to counts as context');

    const guarded = await matches('csharp', 'P.cs', { call: ['**.UseDeveloperExceptionPage()'], notInside: 'IsDevelopment' }, `
      if (app.Environment.IsDevelopment()) { app.UseDeveloperExceptionPage(); }
      app.UseDeveloperExceptionPage();`);
    assert.equal(guarded.length, 1);

    const hardened = await matches('java', 'X.java', { call: ['DocumentBuilderFactory.newInstance()'], unlessInFunction: { call: ['**.setFeature()'] } }, `
      class X {
        void a() { DocumentBuilderFactory f = DocumentBuilderFactory.newInstance(); f.setFeature("x", true); }
        void b() { DocumentBuilderFactory f = DocumentBuilderFactory.newInstance(); }
      }`);
    assert.equal(hardened.length, 1);

    const either = await matches('java', 'X.java', { call: ['DocumentBuilderFactory.newInstance()'], unlessInFunction: [{ call: ['**.setFeature()'] }, { call: ['**.newDocumentBuilder()'] }] }, `
      class X {
        void a() { DocumentBuilderFactory f = DocumentBuilderFactory.newInstance(); f.setFeature("x", true); }
        void b() { DocumentBuilderFactory f = DocumentBuilderFactory.newInstance(); f.newDocumentBuilder(); }
        void c() { DocumentBuilderFactory f = DocumentBuilderFactory.newInstance(); }
      }`);
    assert.deepEqual(either, ['DocumentBuilderFactory.newInstance()'], 'a list: any of the patterns in the function keeps the match out');

    // `before`: the function's match counts only where it runs first on every path to the match.
    const typed = await matches('javascript', 'a.js', { call: ['send()'], unlessInFunction: { before: true, call: ['type()'] } }, `
      function a() { type('text'); if (x) { send(1); } else { send(2); } }
      function b() { if (x) { type('json'); send(3); } else { send(4); } }
      function c() { x && type('json'); send(5); }
      function d() { send(6); type('text'); }
      function e() { try { type('text'); } catch (err) { send(7); } }
      function f() { for (const y of ys) type('text'); send(8); }`);
    assert.deepEqual(typed, ['send(4)', 'send(5)', 'send(6)', 'send(8)']);

    // A do-while body runs at least once; the arm of an `if` whose other arm leaves the function
    // runs on every path that goes on to the match.
    const paths = await matches('javascript', 'a.js', { call: ['send()'], unlessInFunction: { before: true, call: ['type()'] } }, `
      function g() { do { type('text'); } while (x); send(9); }
      function h() { if (x) { type('text'); } else { return; } send(10); }
      function i() { if (x) { return send(0); } else { type('text'); } send(11); }
      function j() { if (x) { type('text'); } else { log(); } send(12); }
      function k() { if (x) { type('text'); } else if (y) { return; } send(13); }
      function l() { try { load(); type('text'); } catch (err) { send(14); } }
      function m() { try { type('text'); load(); } catch (err) { send(15); } }
      function o() { try { load(); type('text'); } finally { send(16); } }
      function q() { try { load(); type('text'); } catch (err) { return; } send(17); }`);
    assert.deepEqual(paths, ['send(0)', 'send(12)', 'send(13)', 'send(14)', 'send(16)']);
    // The same in the other grammars: a handler, a case, a foreach body or a short-circuit operand
    // runs only on some paths.
    const py = await matches('python', 'a.py', { call: ['send()'], unlessInFunction: { before: true, call: ['type()'] } }, [
      'def a():',
      '    try:',
      '        run()',
      '    except ValueError:',
      '        type("text")',
      '    send(1)',
      'def b():',
      '    x and type("text")',
      '    send(2)',
      'def c(m):',
      '    match m:',
      '        case 1:',
      '            type("text")',
      '    send(3)',
      'def d():',
      '    type("text")',
      '    send(4)',
      '',
    ].join('\n'));
    assert.deepEqual(py, ['send(1)', 'send(2)', 'send(3)']);
    const java = await matches('java', 'A.java', { call: ['send()'], unlessInFunction: { before: true, call: ['type()'] } }, `class A {
      void a(java.util.List<String> xs) { for (String x : xs) type("text"); send(1); }
      void b(int m) { switch (m) { case 1: type("text"); break; default: break; } send(2); }
      void c() { type("text"); send(3); }
    }`);
    assert.deepEqual(java, ['send(1)', 'send(2)']);
  });

  it('finds what a plain comparison of every binding\'s chains finds for each built-in assign pattern, on real files', async () => {
    const patterns = loadBuiltinRules()
      .flatMap((r) => (r.spec.kind === 'code' && r.spec.languages.includes('javascript') ? r.spec.match : []))
      .filter((m): m is CodePattern => 'assign' in m && !!m.assign)
      .map((m, i) => compileProgramPattern({ assign: m.assign }, `assign[${i}]`));
    assert.ok(patterns.length >= 3);
    const planted = { path: 'planted.js', text: 'window.location.href = next;\nel.innerHTML = html;\nlocation = there;\nconst loc = window.location;\nloc.href = again;\n(el).outerHTML = h2;\nns.el.innerHTML = h3;\na.b.location = 1;\nx[k] = v;\n' };
    let found = 0;
    for (const f of [planted, ...realJsFiles(150)]) {
      const index = await indexOf('javascript', f.text, f.path);
      const file = new ProgramFile(index);
      const values = new ValueTracker(index, compileKnowledge('javascript'));
      for (const p of patterns) {
        const want: string[] = [];
        for (const n of index.ofTypes(index.adapter.bindingTypes)) {
          if (index.adapter.bindings(n).some((b) => anyMatches(p.chains, index.chains(b.target)))) want.push(`${n.startIndex}-${n.endIndex}`);
        }
        assert.deepEqual(file.match(p, values).map((n) => `${n.startIndex}-${n.endIndex}`), want, `${f.path}: ${p.chains.map((c) => c.source).join(', ')}`);
        found += want.length;
      }
    }
    // The planted file's six (an alias of `window.location` among them); real files add negatives.
    assert.ok(found >= 6, `only ${found} assignments matched`);
  });

  it('runs tree-sitter queries with predicates', async () => {
    const found = await matches('go', 'a.go', { query: '(import_spec path: (interpreted_string_literal) @p (#eq? @p "\\"net/http/pprof\\"")) @match' }, 'package a\nimport _ "net/http/pprof"\nimport "fmt"\n');
    assert.deepEqual(found, ['_ "net/http/pprof"']);
  });

  it('matches nothing with a query naming a node type the grammar lacks (JSX in plain TypeScript)', async () => {
    const p: CodePattern = { query: '(jsx_attribute (property_identifier) @n (#eq? @n "href") (jsx_expression (_) @match))' };
    const code = 'export const A = (u: string) => <a href={u}>x</a>;\n';
    assert.deepEqual(await matches('typescript', 'a.tsx', p, code), ['u']);
    assert.deepEqual(await matches('typescript', 'a.ts', p, 'export const a = (u: string) => u;\n'), []);
  });

  it('honours rule path filters', async () => {
    const p: CodePattern = { assign: ['DEBUG'], value: { equals: true } };
    assert.equal((await matches('python', 'app/settings.py', p, 'DEBUG = True\n', { paths: ['**/settings.py'] })).length, 1);
    assert.equal((await matches('python', 'app/views.py', p, 'DEBUG = True\n', { paths: ['**/settings.py'] })).length, 0);
  });
});

describe('configuration formats', () => {
  it('matches Terraform blocks with labels, repeated nested blocks and port ranges', async () => {
    const p: CodePattern = { resource: ['aws_security_group'], each: 'ingress', where: [{ path: 'cidr_blocks', contains: ['0.0.0.0/0'] }, { path: 'from_port', toPath: 'to_port', ports: [22] }] };
    const tf = `
resource "aws_security_group" "a" {
  # comment
  ingress {
    from_port   = 0
    to_port     = 1024
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = 22
    to_port     = 22
    cidr_blocks = [var.office]
  }
  tags = { Name = "a" }
}
resource "aws_security_group" "b" {
  ingress {
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;
    const found = await matches('terraform', 'main.tf', p, tf);
    assert.deepEqual(found, ['["0.0.0.0/0"]']);
  });

  it('matches Bicep resources, nested child resources and for-loops; literal values only', async () => {
    const p: CodePattern = { resource: ['Microsoft.Storage/storageAccounts/blobServices/containers'], where: [{ path: 'properties.publicAccess', equals: 'Blob' }] };
    const bicep = `
@description('x')
param access string = 'None'
resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'st'
  resource blob 'blobServices' = {
    name: 'default'
    resource c 'containers' = [for n in names: {
      name: n
      properties: {
        publicAccess: 'Blob'
      }
    }]
  }
}
resource d 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-01-01' = {
  properties: {
    publicAccess: access
  }
}
`;
    assert.deepEqual(await matches('bicep', 'a.bicep', p, bicep), ["'Blob'"]);
  });

  it('tells Azure Pipelines YAML apart by name and shape', async () => {
    const p: CodePattern = { each: '**.variables.*', where: [{ path: '$key', matches: 'password' }, { path: '$', secretValue: true }] };
    const yml = "variables:\n  dbPassword: 'Xk8#pQ2!vR9z'\nsteps:\n  - script: echo\n";
    assert.equal((await matches('azure-pipelines', 'ci/build.yml', p, yml)).length, 1);
    assert.equal((await matches('azure-pipelines', 'ci/build.yml', p, "variables:\n  dbPassword: 'Xk8#pQ2!vR9z'\n")).length, 0);
    assert.equal((await matches('azure-pipelines', 'azure-pipelines.yml', p, "variables:\n  dbPassword: $(fromKeyVault)\n")).length, 0);
  });

  it('joins Dockerfile continuation lines and skips comments', async () => {
    const p: CodePattern = { where: [{ path: 'RUN', matches: 'curl[^&]*-k' }] };
    const found = await matches('dockerfile', 'Dockerfile', p, 'FROM a\n# RUN curl -k x\nRUN apt-get update \\\n    && curl -k https://x \\\n    -o y\n');
    assert.equal(found.length, 1);
  });
});

describe('Razor views', () => {
  it('keeps C# at its offsets and blanks markup', () => {
    const view = '@model M\n<p class="a@b.c">@Html.Raw(Model.X) @@ @(a + b)</p>\n@if (x) {\n  <b>@y</b>\n}\n';
    const cs = razorToCSharp(view);
    assert.equal(cs.length, view.length);
    assert.equal(cs.indexOf('Html.Raw(Model.X)'), view.indexOf('Html.Raw(Model.X)'));
    assert.ok(!cs.includes('class='));
    assert.ok(!cs.includes('model M'));
    assert.ok(cs.includes('(a + b)'));
    assert.ok(cs.includes('if (x) {'));
  });
});

describe('queries run at their root nodes', () => {
  it('reads the types a one-pattern query starts at, and nothing for other shapes', () => {
    assert.deepEqual(queryRootTypes('(assignment_expression left: (subscript_expression)) @match'), ['assignment_expression']);
    assert.deepEqual(queryRootTypes('[(variable_declarator value: (identifier) @match) (pair value: "]" @match) @p]'), ['variable_declarator', 'pair']);
    assert.equal(queryRootTypes('(a) (b)'), null); // two patterns
    assert.equal(queryRootTypes('(_ (identifier) @match)'), null); // a wildcard
    assert.equal(queryRootTypes('((identifier) @m (#eq? @m "x"))'), null); // a grouped pattern
    assert.equal(queryRootTypes('(identifier)+ @match'), null); // a quantifier
  });

  it('finds the same nodes, nested ones included, as a walk of the whole tree', async () => {
    const code = 'function f(a, b, k) { a[k] = b[k] = 1; const o = { x: a[k] = 2 }; }\nx[i] = 3;\n';
    const found = await matches('javascript', 'a.js', { query: '(assignment_expression left: (subscript_expression object: (identifier))) @match' }, code);
    assert.deepEqual(found, ['a[k] = b[k] = 1', 'b[k] = 1', 'a[k] = 2', 'x[i] = 3']);
  });

  it('reads what a file must hold from a query\'s text predicates, without their anchors', () => {
    const send = queryTextTests('(call_expression function: (member_expression property: (property_identifier) @p (#match? @p "^send(Mail|Email)$")) arguments: (arguments) @match)');
    assert.ok(send && send.length === 1);
    assert.ok(send[0]('mailer.sendMail(opts)'));
    assert.ok(!send[0]('mailer.send(opts)'));
    const eq = queryTextTests('(call_expression function: (member_expression) @f (#eq? @f "Math.floor") arguments: (arguments) @match)');
    assert.ok(eq && eq[0]('x = Math.floor(y)') && !eq[0]('x = Math.ceil(y)'));
    // `\b` goes too: the node's own edges are not the file's.
    const b = queryTextTests('(call_expression function: (identifier) @f (#match? @f "\\\\bfoo$")) @match');
    assert.ok(b && b[0]('xfoo'));
    // Nothing to read: an alternation or quantifier (a capture a match may lack), a lookaround,
    // a negative predicate, several patterns.
    assert.equal(queryTextTests('[(identifier) @m (string) @s] (#eq? @m "x")'), null);
    assert.equal(queryTextTests('(call_expression (identifier)? @f (#eq? @f "x")) @match'), null);
    assert.equal(queryTextTests('(call_expression function: (identifier) @f (#match? @f "^(?!x)y")) @match'), null);
    assert.equal(queryTextTests('(call_expression function: (identifier) @f (#not-eq? @f "x")) @match'), null);
    assert.equal(queryTextTests('(identifier) @a (#eq? @a "x") (string) @b'), null);
  });

  it('tests a whole file no slower than the query would test its nodes (an unbounded expression is not run over the file)', () => {
    // java-tls-verification-disabled's empty-body test. Over a node (a checkServerTrusted body,
    // after its #eq?) it is cheap; unanchored over the file it starts at every `{`, and a
    // method opening with comment lines that hold a URL (`https://`: a second place an
    // iteration may start) backtracks twice as long per line: 22 lines took ~14 s.
    const q = '(method_declaration name: (identifier) @name (#eq? @name "checkServerTrusted") body: (block) @body (#match? @body "^\\\\{\\\\s*(//[^\\\\n]*\\\\s*)*\\\\}$")) @match';
    const tests = queryTextTests(q);
    assert.ok(tests);
    const comments = Array.from({ length: 22 }, (_, i) => `    // see https://example.com/docs/${i}\n`).join('');
    const text = `class T {\n  void checkServerTrusted() { run(); }\n  void other() {\n${comments}    run();\n  }\n}\n`;
    const start = Date.now();
    const held = tests.every((t) => t(text));
    assert.ok(Date.now() - start < 1000, `${Date.now() - start} ms`);
    // What the file must hold is still read: the #eq?'s name, and a literal of the expression.
    assert.ok(held);
    assert.ok(!tests.every((t) => t(text.replace('checkServerTrusted', 'checkClientTrusted'))));
    // A bounded expression (no `*`, `+` or `{n,}`) is still run over the file as it was.
    const send = queryTextTests('(call_expression function: (member_expression property: (property_identifier) @p (#match? @p "^send(Mail|Email)$")) arguments: (arguments) @match)');
    assert.ok(send && !send[0]('mailer.sendFax(x)') && send[0]('mailer.sendEmail(x)'));
    // An unbounded one, by the literals every match holds (`AllowCredentials:`, `true`), or not at all.
    const cors = queryTextTests('(composite_literal body: (literal_value) @body (#match? @body "AllowCredentials:\\\\s*true")) @match');
    assert.ok(cors && cors.length === 2 && cors.every((t) => t('AllowCredentials:\n true')));
    assert.ok(!cors.every((t) => t('AllowCredentials:  false')) && !cors.every((t) => t('AllowCredentials = true')));
    // Through a group's alternatives: one literal of each alternative.
    const cert = queryTextTests('(binary_expression left: (_) @l (#match? @l "(SubjectName\\\\.Name|GetNameInfo\\\\s*\\\\(|\\\\b([Cc]ert|x509)\\\\w*\\\\.(Subject|Issuer)$)")) @match');
    assert.ok(cert && cert.length === 1 && cert[0]('if (cert.Issuer == x)') && cert[0]('GetNameInfo (') && !cert[0]('cert.Thumbprint == x'));
    assert.equal(queryTextTests('(composite_literal body: (literal_value) @body (#match? @body "(a|b)+c")) @match'), null);
  });

  it('matches plain queries at their root nodes itself, as the compiled query does', async () => {
    // What runQuery reads of a match: the @match capture, else the first.
    const taken = (ms: { captures: { name: string; node: { id: number } }[] }[]): number[] => ms.map((m) => (m.captures.find((c) => c.name === 'match') ?? m.captures[0]).node.id);
    const same = async (grammar: GrammarName, code: string, query: string): Promise<number> => {
      const root = await parseWith(grammar, code);
      const lang = root.tree.language;
      const simple = simpleQueryFor(lang, query);
      assert.ok(simple, query);
      const compiled = compiledQuery(lang, query);
      assert.ok(compiled);
      let found = 0;
      for (const n of root.descendantsOfType(queryRootTypes(query) as string[])) {
        if (!n) continue;
        const want = taken(compiled.matches(n, { maxStartDepth: 0 }));
        assert.deepEqual(taken(simpleMatches(simple, n)), want, `${query} at ${n.text}`);
        found += want.length;
      }
      return found;
    };
    // Fields, alternations, string nodes, comments (a wildcard matches them), predicates, several matches per node.
    assert.equal(await same('javascript', 'x = a /*c*/ + b; y = a % 10; z = Math.floor(q / 3);', '(assignment_expression right: (binary_expression (_) @match))'), 5);
    assert.equal(await same('javascript', 'y = a % 10; w = a % 16; v = a / 10;', '(binary_expression left: [(subscript_expression) (identifier)] @match operator: "%" right: (number) @n (#match? @n "^[0-9]$|^1[0-5]$") (#not-match? @n "^16$"))'), 1);
    assert.equal(await same('javascript', 'const t = a + f.g(); const u = a + b + c; x = `${k}`; o = { p: n };', '[(variable_declarator name: (_) @n value: [(identifier) @match (binary_expression [(identifier) @match (call_expression function: (member_expression object: (identifier) @match))]) (template_string (template_substitution (identifier) @match))]) (assignment_expression left: (_) @n right: (template_string (template_substitution (identifier) @match))) (pair key: (_) @n value: (identifier) @match)]'), 5);
    assert.equal(await same('javascript', 'x = Math.floor(b[i] / 25.6); y = Math.ceil(b / 3);', '(call_expression function: (member_expression) @f (#eq? @f "Math.floor") arguments: (arguments (binary_expression left: [(subscript_expression) (identifier)] @match operator: "/" right: (number))))'), 1);
    // Anchors: the first or last named child, or the next one (an ERROR node counts as named there, and matches no wildcard).
    assert.equal(await same('javascript', 'f(/*c*/ a, b); g(`x${y}z${w}`); h(@ b); k(a @);', '(call_expression arguments: (arguments . (_) @match))'), 3);
    assert.equal(await same('javascript', 'f(a, b /*c*/); k(a @);', '(call_expression arguments: (arguments (_) @match .))'), 1);
    assert.equal(await same('javascript', 'g`x${y}`; g`${y}z${w}`;', '(call_expression arguments: (template_string . (template_substitution (_) @match)))'), 1);
    assert.equal(await same('javascript', 'f(a, b, c);', '(call_expression arguments: (arguments (identifier) @x . (identifier) @match))'), 2);
    assert.equal(await same('python', 'def f():\n    return a, b\n', '(return_statement (expression_list . (_) @match) @tuple (#not-match? @tuple "mimetype"))'), 1);
    // What is read before the steps (a field child's type, its own fields' children, a predicate
    // on a field child captured once): every child of a field counts (two decorators), a capture
    // made in several places is not tested there (`@f`).
    assert.equal(await same('javascript', '@a @b class X {} @b class Y {} @c class Z {}', '(class_declaration decorator: (decorator) @d (#match? @d "b") name: (_) @match)'), 2);
    assert.equal(await same('javascript', 'a[b][c] = 1; a.b[c].d = 2; x[y] = z; q = 1; a[b].c = 3;', '[(assignment_expression left: (subscript_expression object: (subscript_expression index: (_) @match) index: [(identifier) (member_expression) (subscript_expression)])) (assignment_expression left: (member_expression object: (subscript_expression index: (_) @match) property: (property_identifier)))]'), 3);
    assert.equal(await same('javascript', '$`${b}`; f`${y}`; $(1)`${r}`; o.$`${t}`;', '(call_expression function: [(identifier) @f (member_expression object: (identifier) @f) (call_expression function: (identifier) @f)] arguments: (template_string . (template_substitution (_) @match)) (#eq? @f "$"))'), 2);
    assert.equal(await same('javascript', 'f(a, b); g(x); h();', '(call_expression function: (identifier) @f (#not-eq? @f "g") arguments: (arguments (_) @match))'), 2);
    // Left to the compiled query: quantifiers, negated fields, other predicates, several patterns, and what the grammar lacks.
    assert.equal(simpleQuery('(call_expression (identifier)? @f) @match'), null);
    assert.equal(simpleQuery('(call_expression !arguments) @match'), null);
    assert.equal(simpleQuery('(identifier) @a (#any-of? @a "x" "y")'), null);
    assert.equal(simpleQuery('(identifier) @a (string) @b'), null);
    const js = (await parseWith('javascript', 'x')).tree.language;
    assert.equal(simpleQueryFor(js, '(call_expression nosuchfield: (_)) @match'), null);
    assert.equal(simpleQueryFor(js, '[(jsx_element) (nosuchtype)] @match'), null);
    assert.equal(simpleQueryFor(js, '(call_expression function: (expression) @match)'), null); // a supertype
  });

  it("reports a custom rule's query that tree-sitter refuses, though its steps would match nothing silently", async () => {
    const query = '(call_expression (statement_block) @match)';
    assert.ok(simpleQuery(query), 'plain syntax: a built-in rule would take the steps');
    const spec = { id: 'custom-impossible-query', kind: 'code', title: 't', description: 'd', severity: 'high', cwe: ['CWE-20'], languages: ['javascript'], match: [{ query }], help: 'h' } as unknown as CodeRuleSpec;
    const problems: { ruleId?: string; message: string }[] = [];
    // Not validated at bundle build: a custom rule, compiled when it loads.
    const hits = await new CodeRuleSet([compileCodeRule(spec)]).scan('f(1);\n', 'a.js', problems);
    assert.equal(hits.length, 0);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].ruleId, 'custom-impossible-query');
    assert.match(problems[0].message, /statement_block/);
  });

  it('skips a query whose predicates the file cannot meet, and one whose value check its strings cannot pass', async () => {
    const q = { query: '(call_expression function: (member_expression property: (property_identifier) @p (#match? @p "^send(Mail|Email)$")) arguments: (arguments (_) @match))' };
    assert.deepEqual(await matches('javascript', 'a.js', q, 'mailer.sendMail(opts);\nmailer.send(x);\n'), ['opts']);
    assert.deepEqual(await matches('javascript', 'a.js', q, 'mailer.send(x);\n'), []);
    const html = { query: '(assignment_expression right: (_) @match)', value: { stringMatches: '<(b|i)>' } };
    assert.deepEqual(await matches('javascript', 'a.js', html, 'let a; a = "<b>" + x;\n'), ['"<b>" + x']);
    assert.deepEqual(await matches('javascript', 'a.js', html, 'let a; a = "<p>" + x;\n'), []);
  });
});
