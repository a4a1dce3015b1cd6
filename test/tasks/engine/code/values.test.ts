import assert from 'node:assert/strict';
import { compileKnowledge } from '../../../../tasks/engine/code/knowledge';
import { leadsWithInput, MAX_FLOW_DEPTH, MAX_TRAIL, trailNodes, ValueTracker, type Val } from '../../../../tasks/engine/code/values';
import type { ProgramLanguage } from '../../../../tasks/engine/rules/codeRuleSpec';
import type { Node } from '../../../../tasks/engine/code/syntax';
import { indexOf, sinkArg } from '../../../support/codeIndex';

/** What value tracking says about the argument of the `n`th `sink(...)` call of a single file. */
async function sinkValue(language: ProgramLanguage, code: string, n = 0): Promise<Val & { trail: string[] }> {
  const index = await indexOf(language, code);
  const tracker = new ValueTracker(index, compileKnowledge(language));
  const v = tracker.value(sinkArg(index, n));
  return { ...v, trail: trailNodes(v.via).map((x) => x.text) };
}

const js = (code: string, n = 0) => sinkValue('javascript', code, n);

describe('code/values (single-file value tracking)', () => {
  it('follows what a JavaScript closure writes or pushes into a variable of the scope around it', async () => {
    const written = await js("app.post('/x', (req, res) => {\n  let body = '';\n  req.on('data', () => { body += req.query.a; });\n  req.on('end', () => sink(body));\n});\n");
    assert.equal(written.tainted, true, 'a write in one listener reaches a read in another');
    const pushed = await js("app.post('/x', (req, res) => {\n  const parts = [];\n  req.on('data', () => parts.push(req.query.a));\n  req.on('end', () => sink(parts.join('')));\n});\n");
    assert.equal(pushed.tainted, true, 'a push in a listener fills the array');
    const shadowed = await js("app.post('/x', (req, res) => {\n  let body = '';\n  req.on('data', () => { let body = ''; body += req.query.a; });\n  req.on('end', () => sink(body));\n});\n");
    assert.equal(shadowed.tainted, false, 'a closure\'s own variable of the same name is another variable');
    const py = await sinkValue('python', 'def h(request):\n    parts = []\n    def cb():\n        parts = [request.args["a"]]\n    cb()\n    sink(parts)\n');
    assert.equal(py.tainted, false, 'Python: an assignment in a nested function makes a local of its own');
  });

  it('knows literals: constant, closed, with their text as literal and prefix', async () => {
    const v = await js('sink("SELECT 1");');
    assert.equal(v.constant, true);
    assert.equal(v.tainted, false);
    assert.equal(v.stringy, true);
    assert.equal(v.open, false);
    assert.equal(v.literal, 'SELECT 1');
    assert.equal(v.prefix, 'SELECT 1');
    assert.deepEqual(v.fragments, ['SELECT 1']);
    const n = await js('sink(42);');
    assert.equal(n.literal, 42);
    assert.equal(n.stringy, false);
    assert.equal(n.constant, true);
  });

  it('folds arithmetic, comparisons and string methods on literals', async () => {
    assert.equal((await js('sink(7 * 6);')).literal, 42);
    assert.equal((await js('sink(7 / 2);')).literal, 3, 'integer division of integer literals');
    assert.equal((await js('sink(1 / 0);')).literal, undefined);
    assert.equal((await js('sink(3 > 2);')).literal, true);
    assert.equal((await js('sink("ABC".charAt(1));')).literal, 'B');
    assert.equal((await js('sink("abc".toUpperCase());')).literal, 'ABC');
    assert.equal((await js('sink("abcdef".substring(1, 3));')).literal, 'bc');
    assert.equal((await js('const a = "x"; const b = a + "y"; sink(b + 1);')).literal, 'xy1');
  });

  it('marks request input as tainted and keeps its path from the source', async () => {
    const v = await js('app.get("/", (req, res) => { const id = req.query.id; const q = "SELECT * FROM t WHERE id = " + id; sink(q); });');
    assert.equal(v.tainted, true);
    assert.equal(v.constant, false);
    assert.equal(v.dynamic, true);
    assert.equal(v.stringy, true);
    assert.equal(v.prefix, 'SELECT * FROM t WHERE id = ');
    assert.equal(v.trail[0], 'req.query.id', 'the source first');
    assert.equal(v.trail.at(-1), 'q');
    assert.ok(v.trail.includes('id'));
  });

  it('follows input through factories named with their class (URI.create), not through any create()', async () => {
    const java = (expr: string) => sinkValue('java', `class A { void f(HttpServletRequest request) { String u = request.getParameter("u"); sink(${expr}); } }`);
    assert.equal((await java('URI.create(u)')).tainted, true);
    assert.equal((await java('UriComponentsBuilder.fromHttpUrl(u).build().toUri()')).tainted, true);
    assert.equal((await java('URI.create("https://api.example.com/")')).constant, true, 'a factory of a constant is a constant');
    assert.equal((await java('Jobs.create(u)')).tainted, false, 'create() of another class says nothing');
  });

  it('builds template strings from their parts', async () => {
    const v = await js('function h(req) { sink(`rm -rf ${req.body.dir}/tmp`); }');
    assert.equal(v.tainted, true);
    assert.equal(v.prefix, 'rm -rf ');
    assert.deepEqual(v.fragments, ['rm -rf ', '/tmp']);
    const c = await js('const D = "a"; sink(`x${D}y`);');
    assert.equal(c.literal, 'xay');
    assert.equal(c.constant, true);
  });

  it('trusts the result of sanitisers and numeric members', async () => {
    const s = await js('function h(req) { sink(parseInt(req.query.n, 10)); }');
    assert.equal(s.tainted, false);
    assert.equal(s.constant, true);
    const len = await js('function h(items) { sink(items.length); }');
    assert.equal(len.constant, true, 'a length is a number whatever the object');
    assert.equal((await js('function h(items) { sink(items.name); }')).constant, false);
  });

  it('carries taint through conversions and the input\'s own methods, not through other calls', async () => {
    assert.equal((await js('function h(req) { sink(decodeURIComponent(req.query.q)); }')).tainted, true);
    assert.equal((await js('function h(req) { sink(unescape(req.query.q)); }')).tainted, true, 'unescape decodes, it does not clean');
    assert.equal((await js('function h(req) { sink(req.query.q.trim()); }')).tainted, true);
    assert.equal((await js('function h(req) { sink(req.query.q.split(",")[0]); }')).tainted, true);
    const other = await js('function h(req) { sink(db.count(req.query.q)); }');
    assert.equal(other.tainted, false, 'a row count is not the attacker\'s text');

    const filled = await sinkValue('python', 'from flask import request\ndef page():\n    html = open("t.html").read()\n    sink(html.replace("{{ q }}", request.args["q"]))\n');
    assert.equal(filled.tainted, true, 'str.replace puts its second argument into the text');
    assert.equal((await js('function h(req) { sink("<p>{q}</p>".replaceAll("{q}", req.query.q)); }')).tainted, true);
    assert.equal((await js('function h(req) { sink(tpl.replace("{q}", "x")); }')).tainted, false);
    assert.equal((await js('function h() { sink("<b>%s</b>".replace("%s", "x")); }')).constant, true);
    // A regular expression's match is part of the text it searched, as `text.match(re)` is.
    assert.equal((await js('function h(req) { sink(/[?&]next=([^&]*)/.exec(req.url)[1]); }')).tainted, true);
    assert.equal((await js('function h(req) { const re = new RegExp("next=(.*)"); const m = re.exec(req.url); sink(m[1]); }')).tainted, true);
    assert.equal((await js('function h(req) { sink(child.exec(req.query.cmd)); }')).tainted, false, 'exec of something that is not a regular expression');
    assert.equal((await js('function h(req) { let re = /a(.*)/; re = pick(); sink(re.exec(req.url)); }')).tainted, false, 'a name also bound to something else');
    // A callback's results fill the text: constants in, something unknown out.
    assert.equal((await js('function h() { sink("<b>%s</b>".replace(/%s/g, (m) => String(next()))); }')).constant, false);
  });

  it('follows the definition that reaches the use: a later unconditional one hides the earlier', async () => {
    const hidden = await js('function h(req) { let x = req.query.q; x = "safe"; sink(x); }');
    assert.equal(hidden.tainted, false);
    assert.equal(hidden.literal, 'safe');
    const branch = await js('function h(req, c) { let x = "safe"; if (c) { x = req.query.q; } sink(x); }');
    assert.equal(branch.tainted, true, 'a definition in a branch may run');
    assert.equal(branch.literal, undefined);
  });

  it('drops definitions in branches a constant condition never takes', async () => {
    const v = await js('function h(req) { let x = "a"; if (7 * 6 > 100) { x = req.query.q; } sink(x); }');
    assert.equal(v.tainted, false);
    const t = await js('function h(req) { const x = (7 * 18 > 100) ? req.query.q : "safe"; sink(x); }');
    assert.equal(t.tainted, true, 'the folded condition picks the tainted branch');
    const f = await js('function h(req) { const x = (7 * 18 < 100) ? req.query.q : "safe"; sink(x); }');
    assert.equal(f.tainted, false);
    assert.equal(f.literal, 'safe');
  });

  it('decides a dead branch from its condition alone, however deep in a flow the question comes', async () => {
    // A condition that folds only through a long chain of constants (2 levels short of the
    // depth bound). The branch it guards is dead whether the matcher asks first (depth 0, as a
    // rule's definition check did before asking the value) or the value of a flow asks on the
    // way (deeper): a different order of the matcher's checks must not change the finding.
    const chain = (n: number): string => ['const a0 = false;', ...Array.from({ length: n }, (_, i) => `const a${i + 1} = a${i};`)].join(' ');
    const n = MAX_FLOW_DEPTH - 2;
    const direct = await js(`function h(req) { ${chain(n)} let x = "safe"; if (a${n}) { x = req.query.q; } sink(x); }`);
    assert.equal(direct.tainted, false, 'asked from the sink');
    const deeper = await js(`function h(req) { ${chain(n)} let x = "safe"; if (a${n}) { x = req.query.q; } const y = x; const z = [y].join(""); sink(z); }`);
    assert.equal(deeper.tainted, false, 'asked a few steps into the flow');
    // Past the bound the condition does not fold: the branch may run (a finding, not a silence).
    const past = await js(`function h(req) { ${chain(MAX_FLOW_DEPTH + 2)} let x = "safe"; if (a${MAX_FLOW_DEPTH + 2}) { x = req.query.q; } sink(x); }`);
    assert.equal(past.tainted, true);
  });

  it('skips computing only conditions that cannot fold: the dead-branch answers stay those of the full value', async () => {
    // Every `if` condition of these files: where the shortcut says "no literal", a fresh
    // tracker's full value has none either (and the shortcut does fire on the plain ones).
    const files: [ProgramLanguage, string][] = [
      ['javascript', `const DEBUG = false; const MODE = "prod"; let n = 3; var w;
function run(cmd, opts) { if (opts.debug) {} if (cmd) {} return cmd; }
run("ls", { debug: true });
function h(req, o) {
  const q = req.query.q; const s = "abc"; const t = s.trim(); const c = { a: true }; const g = w;
  if (!q) {} if (q === "x") { if (q) {} } if (typeof q === "string") {} if (DEBUG) {} if (!DEBUG) {}
  if (MODE === "dev") {} if (n > 2 && q) {} if (fs.existsSync(q)) {} if (a.b.c) {} if (c.a) {}
  if (s.startsWith("a")) {} if (t) {} if (run("x")) {} if (q || DEBUG) {} if (\`\${q}\`) {} if (g) {}
  if (q ? DEBUG : false) {} if (undeclared) {} if (o.flag) {} if (this.on) {}
  switch (MODE) { case "dev": break; } switch (q) { case "a": break; }
}`],
      ['python', 'DEBUG = False\ndef h(request):\n    q = request.args.get("q")\n    if not q:\n        pass\n    if DEBUG:\n        pass\n    if q == "x":\n        if q:\n            pass\n    if os.path.exists(q):\n        pass\n'],
      ['java', 'class A { static final boolean DEBUG = false; void f(HttpServletRequest r) { String q = r.getParameter("q"); if (q == null) {} if (DEBUG) {} if (!q.isEmpty()) {} if ("a".equals(q)) {} } }'],
      ['go', 'package m\nconst debug = false\nfunc h(r *http.Request) { q := r.URL.Query().Get("q"); if q == "" {}; if debug {}; if !strings.HasPrefix(q, "/") {} }'],
    ];
    for (const [language, code] of files) {
      const index = await indexOf(language, code);
      const conditions: Node[] = [];
      const walk = (n: Node): void => {
        const cond = /^(if_statement|if_expression)$/.test(n.type) ? index.adapter.ifCondition(n) : null;
        if (cond) conditions.push(cond);
        for (const c of n.namedChildren) if (c) walk(c);
      };
      walk(index.root);
      assert.ok(conditions.length >= 3, `${language}: conditions found`);
      const skipped: string[] = [];
      for (const cond of conditions) {
        const shortcut = new ValueTracker(index, compileKnowledge(language)) as unknown as { neverLiteral(n: Node, d: number): boolean };
        if (!shortcut.neverLiteral(cond, 0)) continue;
        skipped.push(cond.text);
        const full = new ValueTracker(index, compileKnowledge(language)).value(cond);
        assert.equal(full.literal, undefined, `${language}: ${cond.text} was skipped but folds`);
      }
      assert.ok(skipped.length > 0, `${language}: some condition skipped`);
    }
    // The constant ones still fold, so their dead branches are still dropped.
    assert.equal((await js('const DEBUG = false; function h(req) { let x = "a"; if (DEBUG) { x = req.query.q; } sink(x); }')).tainted, false);
    assert.equal((await js('const MODE = "prod"; const DEBUG = false; function h(req) { let x = "a"; if (MODE === "dev" || DEBUG) { x = req.query.q; } sink(x); }')).tainted, false);
    assert.equal((await js('function h(req) { let x = "a"; if ("abc".charAt(1) === "c") { x = req.query.q; } sink(x); }')).tainted, false);
    assert.equal((await js('function h(req) { let x = "a"; if (!req) { x = req.query.q; } sink(x); }')).tainted, true, 'a condition that cannot fold: both branches may run');
  });

  it('uses a local function\'s summary for its call', async () => {
    const code = 'function wrap(s) { return "<b>" + s + "</b>"; }\nfunction h(req) { sink(wrap(req.query.q)); sink(wrap("x")); }';
    const t = await js(code, 0);
    assert.equal(t.tainted, true);
    assert.ok(t.trail.includes('wrap(req.query.q)'));
    const c = await js(code, 1);
    assert.equal(c.tainted, false);
    assert.equal(c.constant, true);
  });

  it('gives a parameter the values its callers in the file pass', async () => {
    const safe = await js('function run(cmd) { sink(cmd); }\nrun("ls");\nrun("pwd");');
    assert.equal(safe.constant, true);
    assert.equal(safe.tainted, false);
    assert.equal(safe.literal, undefined, 'two different literals');
    const bad = await js('function run(cmd) { sink(cmd); }\nrun("ls");\napp.get("/", (req) => run(req.query.c));');
    assert.equal(bad.tainted, true);
    const unknown = await js('function run(cmd) { sink(cmd); }');
    assert.equal(unknown.constant, false);
    assert.equal(unknown.open, true, 'no caller in the file: it may hold anything');
  });

  it('gives a parameter the arguments bound in advance (bind, _.partial, R.partial)', async () => {
    const bound = await js('function show(x, y) { sink(x); }\napp.get("/", (req) => { [1, 2].forEach(show.bind(null, req.query.q)); });');
    assert.equal(bound.tainted, true);
    const second = await js('function show(x, y) { sink(y); }\napp.get("/", (req) => { [1].forEach(show.bind(null, "a", req.query.q)); });');
    assert.equal(second.tainted, true, 'bind\'s first argument is `this`, the next ones the parameters in order');
    const first = await js('function show(x, y) { sink(x); }\napp.get("/", (req) => { [1].forEach(show.bind(req.query.q, "a")); });');
    assert.equal(first.tainted, false, '`this` is no parameter');
    const partial = await js('const _ = require("lodash");\nfunction show(x, y) { sink(x); }\napp.get("/", (req) => { [1].forEach(_.partial(show, req.url)); });');
    assert.equal(partial.tainted, true);
    const ramda = await js('const R = require("ramda");\nfunction show(x, y) { sink(y); }\napp.get("/", (req) => { [1].forEach(R.partial(show, ["a", req.url])); });');
    assert.equal(ramda.tainted, true);
    const fixed = await js('function show(x, y) { sink(x); }\n[1].forEach(show.bind(null, "ok"));');
    assert.equal(fixed.constant, true);
    assert.equal(fixed.tainted, false);
  });

  it('takes JavaScript + of request text as concatenation, not of a parsed body (numbers add)', async () => {
    const text = await js('app.get("/", (req) => { const a = req.query.a; sink(a + b); });');
    assert.equal(text.stringy, true);
    assert.equal(text.dynamic, true);
    const body = await js('app.post("/", (req) => { sink(req.body.n + 1); });');
    assert.equal(body.stringy, false, 'a JSON body may hold numbers');
    assert.equal(body.tainted, true);
    const py = await sinkValue('python', 'def f(request):\n    sink(request.args["a"] + b)\n');
    assert.equal(py.stringy, false, 'other languages keep their own + rules');
  });

  it('reads a property of a local object literal, or of what a local function returns in every branch', async () => {
    const lit = await js('const shell = { cmd: "sh", arg: "-c" };\nsink(shell.cmd);');
    assert.equal(lit.literal, 'sh');
    const tainted = await js('app.get("/", (req) => { const o = { q: req.query.q }; sink(o.q); });');
    assert.equal(tainted.tainted, true);
    const fromFn = await js('function getShell() { if (win) { return { cmd: "cmd", arg: "/C" }; } else { return { cmd: "sh", arg: "-c" }; } }\nfunction f() { var shell = getShell(); sink(shell.cmd); }');
    assert.equal(fromFn.literal, undefined, 'two different values');
    assert.deepEqual(fromFn.literals, ['cmd', 'sh']);
    assert.equal(fromFn.constant, true);
    const missing = await js('function get() { if (a) { return { cmd: "sh" }; } return {}; }\nconst s = get();\nsink(s.cmd);');
    assert.equal(missing.constant, false, 'a return without the key says nothing');
    const stored = await js('app.get("/", (req) => { const o = { q: "x" }; o.q = req.query.q; sink(o.q); });');
    assert.equal(stored.tainted, true, 'a later store wins over the literal');
  });

  it('takes a catch parameter for input when its try block gives input to a call that may throw quoting it', async () => {
    const q = 'const q = location.search;\n';
    // A library call given input: its error may quote it (fs's ENOENT names the path).
    const v = await js(q + 'try { fs.readFileSync(q); } catch (e) { sink(e.message); }');
    assert.equal(v.tainted, true);
    assert.equal(v.trail[0], 'location.search');
    assert.ok(v.trail.includes('e'), 'the path goes through the catch parameter');
    assert.equal((await js(q + 'try { check("x" + q); } catch (err) { sink("Failed: " + err); }')).tainted, true);
    // Calls that throw nothing quoting their argument, input given to no call, constants only.
    assert.equal((await js(q + 'try { console.log(q); localStorage.setItem("k", q); q.split(","); } catch (e) { sink(e); }')).tainted, false);
    assert.equal((await js(q + 'try { decodeURIComponent(q); } catch (e) { sink(e); }')).tainted, false);
    assert.equal((await js(q + 'try { var t = "a" + q; } catch (e) { sink(e); }')).tainted, false);
    assert.equal((await js(q + 'try { load("/etc/app.json"); } catch (e) { sink(e); }')).tainted, false);
    // A local function that neither calls nor throws; one that passes its argument on.
    assert.equal((await js(q + 'function keep(x) { var y = x + "!"; }\ntry { keep(q); keep.call(null, q); } catch (e) { sink(e); }')).tainted, false);
    assert.equal((await js(q + 'function pass(x) { lib.run(x); }\ntry { pass(q); } catch (e) { sink(e); }')).tainted, true);
    // Input given in a function the try block only defines runs later, outside it.
    assert.equal((await js(q + 'try { later = () => lib.run(q); } catch (e) { sink(e); }')).tainted, false);
    // A local declared in the catch body hides the parameter.
    assert.equal((await js(q + 'try { lib.run(q); } catch (e) { { let e = "x"; sink(e); } }')).tainted, false);
  });

  it('keeps catch parameters, thrown values and closure writes to their own variables (review34a)', async () => {
    const q = 'const q = location.search;\n';
    // A function inside the clause with a parameter of the same name has its own variable.
    assert.equal((await js(q + 'try { lib.run(q); } catch (e) { [1].map((e) => sink(e)); }')).tainted, false);
    assert.equal((await js(q + 'try { lib.run(q); } catch (e) { function f(e) { sink(e); } f("x"); }')).tainted, false);
    assert.equal((await js(q + 'try { lib.run(q); } catch (e) { [1].map((x) => sink(e)); }')).tainted, true, 'a closure reading the parameter');
    // A local function whose own calls throw nothing quoting their arguments; one a level down that may.
    assert.equal((await js(q + 'function note(x) { console.log(x); }\ntry { note(q); } catch (e) { sink(e); }')).tainted, false);
    assert.equal((await js(q + 'function a(x) { b(x); }\nfunction b(x) { lib.run(x); }\ntry { a(q); } catch (e) { sink(e); }')).tainted, true);
    assert.equal((await js(q + 'function a(x) { if (!x) throw new Error("bad " + x); }\ntry { a(q); } catch (e) { sink(e); }')).tainted, true);
    // What is thrown is what is caught.
    assert.equal((await js(q + 'try { throw q; } catch (e) { sink(e); }')).tainted, true);
    assert.equal((await js(q + 'try { throw "bad"; } catch (e) { sink(e); }')).tainted, false);
    // Listener and jQuery Ajax callbacks are given an event or a response first, not an error.
    assert.equal((await js(q + '$(document).on("click", q, function (ev, data) { sink(ev.which); });')).tainted, false);
    assert.equal((await js(q + '$.post("/x", q, function (data, status) { sink(data); });')).tainted, false);
    assert.equal((await js(q + 'request.post(q, function (err, res) { sink(err); });')).tainted, true);
    // A closure's write may run later or never: it hides no definition before it.
    assert.equal((await js('function h(req) { let body = req.query.a;\nfunction reset() { body = ""; }\nsink(body); }')).tainted, true);
    assert.equal((await js('function h(req) { let body = req.query.a;\nbody = "";\nsink(body); }')).tainted, false, 'a write in the same function does');
    assert.equal((await js('function h(req) { let body = req.query.a;\nfunction g() { body = ""; sink(body); } }')).tainted, false, 'and so does one before the read in the closure');
    // A write to a catch parameter inside a closure sets that parameter, not the outer variable.
    assert.equal((await js('function h(req) { let e = "";\nreq.on("data", () => { try { x(); } catch (e) { e = req.query.a; } });\nreq.on("end", () => sink(e)); }')).tainted, false);
  });

  it('takes the first parameter of an error-first callback given with input for input', async () => {
    const q = 'const q = location.search;\n';
    assert.equal((await js(q + 'fs.readFile(q, (err, data) => { if (err) sink(err.message); });')).tainted, true);
    assert.equal((await js(q + 'fs.readFile(q, (err, data) => { sink(data); });')).tainted, false);
    // One parameter: a listener or a mapper; quiet methods; no input given.
    assert.equal((await js(q + 'lib.run(q, (res) => { sink(res); });')).tainted, false);
    assert.equal((await js(q + '[q].forEach((x, i) => { sink(x); });')).tainted, true, 'the element itself (not as an error)');
    assert.equal((await js(q + 'q.replace(/a/g, (m, g) => { sink(g); return ""; });')).tainted, false);
    assert.equal((await js(q + 'fs.readFile("/etc/x", (err, data) => { sink(err); });')).tainted, false);
  });

  it('takes the rejection of a promise made by a call given input, or by an executor that gives it, for input', async () => {
    const q = 'const q = location.search;\n';
    assert.equal((await js(q + 'load(q).then(show).catch((e) => { sink(e); });')).tainted, true);
    assert.equal((await js(q + 'load(q).then(show, (e) => { sink(e.message); });')).tainted, true);
    assert.equal((await js(q + 'new Promise((resolve) => lib.run(q, resolve)).catch((e) => { sink(e); });')).tainted, true);
    assert.equal((await js(q + 'load("/x").catch((e) => { sink(e); });')).tainted, false);
    assert.equal((await js(q + 'new Promise((resolve) => resolve(q.length)).catch((e) => { sink(e); });')).tainted, false);
  });

  it('takes UPPER_CASE names without a definition as constants, other unknown names as open', async () => {
    const k = await js('sink(MAX_SIZE);');
    assert.equal(k.constant, true);
    const u = await js('sink(somethingGlobal);');
    assert.equal(u.constant, false);
    assert.equal(u.open, true);
    assert.equal(u.tainted, false);
  });

  it('adds what builders and collections receive before the use', async () => {
    const v = await sinkValue('java', 'class A { void f(HttpServletRequest request) { StringBuilder sb = new StringBuilder(); sb.append("SELECT "); sb.append(request.getParameter("q")); sink(sb.toString()); } }');
    assert.equal(v.tainted, true);
    const list = await sinkValue('java', 'class A { void f(HttpServletRequest request) { List<String> l = new ArrayList<>(); l.add("a"); l.add(request.getParameter("q")); sink(l.get(0)); sink(l.get(1)); } }', 0);
    assert.equal(list.tainted, false, 'element 0 is the constant');
    const list1 = await sinkValue('java', 'class A { void f(HttpServletRequest request) { List<String> l = new ArrayList<>(); l.add("a"); l.add(request.getParameter("q")); sink(l.get(0)); sink(l.get(1)); } }', 1);
    assert.equal(list1.tainted, true);
    // The constructor's text starts the builder; a chain of appends adds each part.
    const chained = await sinkValue('java', 'class A { void f(HttpServletRequest request) { StringBuilder sb = new StringBuilder("<h1>"); sb.append(request.getParameter("q")).append("</h1>"); sink(sb.toString()); } }');
    assert.equal(chained.tainted, true);
    assert.deepEqual(chained.fragments, ['<h1>', '</h1>']);
    assert.equal(chained.prefix, '<h1>');
    const cs = await sinkValue('csharp', 'class A { void F(string q) { var sb = new StringBuilder("SELECT * FROM t WHERE a = "); sb.Append(q).AppendLine(";"); sink(sb.ToString()); } }');
    assert.deepEqual(cs.fragments, ['SELECT * FROM t WHERE a = ', ';']);
    // An empty builder (no text, or a capacity): the first append leads, as input here.
    for (const made of ['new StringBuilder()', 'new StringBuilder(64)']) {
      const empty = await sinkValue('java', `class A { void f(HttpServletRequest request) { StringBuilder sb = ${made}; sb.append(request.getParameter("u")).append("/api"); sink(sb.toString()); } }`);
      assert.equal(empty.tainted, true, made);
      assert.equal(leadsWithInput(empty), true, made);
      assert.deepEqual(empty.fragments, ['/api'], made);
      const fixed = await sinkValue('java', `class A { void f(HttpServletRequest request) { StringBuilder sb = ${made}; sb.append("https://example.com/").append(request.getParameter("u")); sink(sb.toString()); } }`);
      assert.equal(fixed.prefix, 'https://example.com/', `${made}: the constant start fixes the host`);
    }
  });

  it('follows a switch on a constant to the arm that runs', async () => {
    const code = (k: number) => `class A { void f(HttpServletRequest request) { String x = "a"; switch (${k}) { case 1: x = request.getParameter("q"); break; default: x = "b"; } sink(x); } }`;
    assert.equal((await sinkValue('java', code(1))).tainted, true);
    assert.equal((await sinkValue('java', code(2))).tainted, false);
  });

  it('reads Python format strings and framework parameters', async () => {
    const v = await sinkValue('python', 'from flask import Flask\napp = Flask(__name__)\n@app.route("/u/<name>")\ndef user(name):\n    sink("SELECT * FROM u WHERE n = \'%s\'" % name)\n');
    assert.equal(v.tainted, true);
    assert.equal(v.prefix, "SELECT * FROM u WHERE n = '");
    const plain = await sinkValue('python', 'def user(name):\n    sink("hello " + name)\n');
    assert.equal(plain.tainted, false, 'no route decorator: not request input');
  });

  it('keeps what Python re-indents (textwrap.dedent, inspect.cleandoc): a constant stays one, input stays input', async () => {
    const fixed = await sinkValue('python', 'import textwrap\ndef f():\n    sink(textwrap.dedent("""\n    print(1)\n    """))\n');
    assert.equal(fixed.constant, true);
    const input = await sinkValue('python', 'import inspect\nfrom flask import request\n@app.route("/r")\ndef f():\n    sink(inspect.cleandoc(request.form["code"]))\n');
    assert.equal(input.tainted, true);
  });

  it('reads Python % with a tuple as formatting even when the template is defined elsewhere', async () => {
    const route = (expr: string) => `import queries\nfrom flask import request\n@app.route("/u")\ndef user():\n    name = request.args["n"]\n    sink(${expr})\n`;
    const filled = await sinkValue('python', route('queries.GET_USER % (name,)'));
    assert.equal(filled.tainted, true);
    assert.equal(filled.dynamic, true);
    const fixed = await sinkValue('python', route('queries.GET_USER % ("users", 3)'));
    assert.equal(fixed.tainted, false);
    assert.equal(fixed.dynamic, false, 'constant arguments build nothing at run time');
    const modulo = await sinkValue('python', route('queries.PAGE % name'));
    assert.equal(modulo.tainted, false, 'without a tuple `x % y` may be arithmetic');
  });

  it('reads a property of a local object as what was stored into it before (an options object filled field by field)', async () => {
    const handler = (body: string) => `app.get("/", (req, res) => { ${body} });`;
    const stored = await js(handler('const o = {}; o.url = req.query.u; sink(o.url);'));
    assert.equal(stored.tainted, true);
    assert.deepEqual(stored.trail, ['req.query.u']);
    assert.equal((await js(handler('const o = {}; o.url = req.query.u; o.url = "https://a.example/"; sink(o.url);'))).literal, 'https://a.example/', 'a later unconditional store replaces it');
    assert.equal((await js(handler('const o = { url: "x" }; if (k) o.url = req.query.u; sink(o.url);'))).tainted, true, 'a conditional store may hold');
    assert.equal((await js(handler('const o = {}; o.url = req.query.u; sink(o.name);'))).tainted, false, 'another property');
    assert.equal((await js(handler('const o = {}; sink(o.url); o.url = req.query.u;'))).tainted, false, 'a store after the read');
    assert.equal((await js('function a(req) { o.url = req.query.u; } function b() { sink(o.url); }')).tainted, false, 'a store in another function');
    const py = await sinkValue('python', 'from flask import request\ndef f():\n    cfg = Config()\n    cfg.cmd = request.args["c"]\n    sink(cfg.cmd)\n');
    assert.equal(py.tainted, true);
    const java = await sinkValue('java', 'class A { void f(HttpServletRequest request) { Req r = new Req(); r.target = request.getParameter("t"); sink(r.target); } }');
    assert.equal(java.tainted, true);
  });

  it('takes a name checked equal to a name holding a constant as that constant inside the branch the check passes', async () => {
    const handler = (body: string) => `const home = "index"; app.get("/", (req, res) => { const p = req.query.p; ${body} });`;
    assert.equal((await js(handler('if (p == home) sink(p);'))).literal, 'index');
    assert.equal((await js(handler('if (home === p) { sink(p); }'))).literal, 'index', 'the constant on either side');
    assert.equal((await js(handler('if (p != home) { other(); } else { sink(p); }'))).literal, 'index', 'the else of an inequality');
    assert.equal((await js(handler('if (p == home) other(); sink(p);'))).tainted, true, 'after the if');
    assert.equal((await js(handler('if (p != home) sink(p);'))).tainted, true, 'the branch where it differs');
    assert.equal((await js(handler('if (p == req.query.q) sink(p);'))).tainted, true, 'equal to other input');
    assert.equal((await js(handler('if (p == home) { p = req.query.q; sink(p); }'))).tainted, true, 'set again after the check');
    assert.equal((await js(handler('if (p.length == 4) sink(p);'))).tainted, true, 'a check of something else');
    const py = await sinkValue('python', 'from flask import request\nFAST = "fast"\ndef f():\n    mode = request.args["m"]\n    if mode == FAST:\n        sink(mode)\n');
    assert.equal(py.tainted, false);
  });

  it('treats annotated parameters as request input (Spring @RequestParam)', async () => {
    const v = await sinkValue('java', 'class C { public void find(@RequestParam String name) { sink("x" + name); } }');
    assert.equal(v.tainted, true);
    assert.equal(v.trail[0], 'name');
  });

  it('treats parameters of safe types as trusted, other parameters without callers as open', async () => {
    const n = await sinkValue('java', 'class C { public void find(int id) { sink("x" + id); } }');
    assert.equal(n.constant, true);
    assert.equal(n.open, false);
    const s = await sinkValue('java', 'class C { public void find(String id) { sink("x" + id); } }');
    assert.equal(s.constant, false);
    assert.equal(s.open, true);
    assert.equal(s.tainted, false);
  });

  it('cuts very deep definition chains, reporting the cut instead of recursing without bound', async () => {
    const lines = ['function h(req) {', '  let v0 = req.query.q;'];
    for (let i = 1; i <= 60; i++) lines.push(`  let v${i} = v${i - 1};`);
    lines.push('  sink(v60);', '}');
    const index = await indexOf('javascript', lines.join('\n'));
    const tracker = new ValueTracker(index, compileKnowledge('javascript'));
    const v = tracker.value(sinkArg(index));
    assert.ok(tracker.cuts.depth > 0, 'the depth cut is counted');
    assert.equal(v.tainted, false, 'beyond the cut the value is unknown');
  });

  it('keeps at most MAX_TRAIL places of a long path: the source and the latest steps', async () => {
    const lines = ['function h(req) {', '  let v0 = req.query.q;'];
    for (let i = 1; i <= 15; i++) lines.push(`  let v${i} = v${i - 1};`);
    lines.push('  sink(v15);', '}');
    const v = await js(lines.join('\n'));
    assert.equal(v.tainted, true);
    assert.equal(v.trail.length, MAX_TRAIL);
    assert.equal(v.trail[0], 'req.query.q');
    assert.equal(v.trail.at(-1), 'v15');
    assert.deepEqual(trailNodes(undefined), []);
  });

  it('answers isSource and isSanitizer from the knowledge, including a rule\'s extra entries', async () => {
    const index = await indexOf('javascript', 'function h(evt) { sink(evt.payload.x); sink(clean(evt.payload.x)); }');
    const plain = new ValueTracker(index, compileKnowledge('javascript'));
    assert.equal(plain.value(sinkArg(index, 0)).tainted, false);
    const extra = new ValueTracker(index, compileKnowledge('javascript', ['evt.payload'], ['clean()']));
    assert.equal(extra.value(sinkArg(index, 0)).tainted, true);
    assert.equal(extra.value(sinkArg(index, 1)).tainted, false);
    assert.ok(extra.isSource(sinkArg(index, 0)));
  });

  it('takes a name compared with constants as constant where the check holds, and only there', async () => {
    const handler = (body: string) => js(`app.get("/", (req, res) => { let p = req.query.p; ${body} });`);
    assert.equal((await handler("if (p === 'foo.txt') sink(p);")).tainted, false, 'inside the branch');
    assert.equal((await handler("if (p === 'foo.txt') { log(p); } sink(p);")).tainted, true, 'after the branch');
    assert.equal((await handler("if (p !== 'foo.txt') { log(p); } else { sink(p); }")).tainted, false, 'the else of a negation');
    assert.equal((await handler("if (p === 'a' || q) sink(p);")).tainted, true, 'an alternative leaves it open');
    assert.equal((await handler("if (p === 'a') { p = req.query.q; sink(p); }")).tainted, true, 'redefined after the check');
    assert.equal((await handler("const ALLOWED = ['a.txt', 'b.txt']; if (ALLOWED.includes(p)) sink(p);")).tainted, false, 'a list of literals');
    assert.equal((await handler('const ALLOWED = [req.query.x]; if (ALLOWED.includes(p)) sink(p);')).tainted, true, 'a list holding input');
    assert.equal((await handler("if (!['a', 'b'].includes(p)) return; sink(p);")).tainted, false, 'after a guard that leaves');
    assert.equal((await handler("if (!['a', 'b'].includes(p)) log(p); sink(p);")).tainted, true, 'a guard that does not leave');
    const py = await sinkValue('python', "from flask import request\ndef f():\n    p = request.args.get('p')\n    if p == 'foo' or p == 'bar':\n        sink(p)\n");
    assert.equal(py.tainted, false);
    const pyList = await sinkValue('python', "from flask import request, abort\nALLOWED = {'a', 'b'}\ndef f():\n    p = request.args.get('p')\n    if p not in ALLOWED:\n        abort(400)\n    sink(p)\n");
    assert.equal(pyList.tainted, false);
    const go = (check: string) =>
      sinkValue('go', `package m\nfunc h(w http.ResponseWriter, r *http.Request) {\n name := r.URL.Query().Get("n")\n valid := regexp.MustCompile(\`^[a-zA-Z0-9_-]+$\`)\n if ${check} {\n  log.Fatal("bad name")\n }\n sink(name)\n}\n`);
    assert.equal((await go('!valid.MatchString(name)')).tainted, false, 'an allow-list pattern guards what follows');
    assert.equal((await go('valid.MatchString(name)')).tainted, true, 'the guard leaves when the value is valid');
  });

  it('does not take the error a Go call returns last for the data it read', async () => {
    const go = (line: string) => sinkValue('go', `package m\nfunc h(w http.ResponseWriter, r *http.Request) {\n c, err := r.Cookie("c")\n ${line}\n}\n`);
    assert.equal((await go('sink(c)')).tainted, true);
    assert.equal((await go('sink(err)')).tainted, false);
  });

  it('gives a callback the elements of the collection it iterates (forEach, map, streams, LINQ, Python map)', async () => {
    const cases: [ProgramLanguage, string, boolean][] = [
      ['javascript', 'app.post("/", (req, res) => { req.body.items.forEach((item) => { sink(item); }); });', true],
      ['javascript', 'app.post("/", (req, res) => { req.query.ids.map(function (id) { return sink(id); }); });', true],
      ['javascript', 'app.post("/", (req, res) => { Object.values(req.body).forEach((v) => sink(v)); });', true],
      ['javascript', 'app.post("/", (req, res) => { req.body.items.forEach((v, i) => sink(i)); });', false],
      ['javascript', 'app.post("/", (req, res) => { ["a", "b"].forEach((v) => sink(v)); });', false],
      ['javascript', 'app.post("/", (req, res) => { run(req.body.items, (v) => sink(v)); });', false],
      ['java', 'class A { void f(HttpServletRequest request) { Arrays.stream(request.getParameterValues("a")).forEach(v -> sink(v)); } }', true],
      ['java', 'class A { void f(HttpServletRequest request) { request.getParameterMap().forEach((k, v) -> sink(v)); } }', true],
      ['csharp', 'class C { void F(HttpRequest request) { request.Query.Keys.ToList().ForEach(x => sink(x)); } }', true],
      ['python', 'from flask import request\ndef f():\n    list(map(lambda x: sink(x), request.args.getlist("a")))\n', true],
    ];
    for (const [language, code, tainted] of cases) assert.equal((await sinkValue(language, code)).tainted, tainted, code);
  });

  it('follows Go calls that fill a variable through its address, and copies of request data', async () => {
    const go = (body: string) => sinkValue('go', `package m\nfunc h(w http.ResponseWriter, r *http.Request, c *gin.Context) {\n${body}\n}\n`);
    assert.equal((await go(' var v map[string]string\n json.NewDecoder(r.Body).Decode(&v)\n sink(v["cmd"])')).tainted, true, 'a decoder over the body');
    assert.equal((await go(' var req Req\n c.ShouldBindJSON(&req)\n sink(req.Cmd)')).tainted, true, 'a framework binder');
    assert.equal((await go(' b, _ := io.ReadAll(r.Body)\n var v Req\n json.Unmarshal(b, &v)\n sink(v.Cmd)')).tainted, true, 'unmarshalled request data');
    assert.equal((await go(' var v Req\n json.Unmarshal([]byte(`{"a":1}`), &v)\n sink(v.Cmd)')).tainted, false, 'unmarshalled constants');
    assert.equal((await go(' var v Req\n sink(v.Cmd)\n c.ShouldBindJSON(&v)')).tainted, false, 'filled only after the use');
    assert.equal((await go(' buf := make([]byte, 100)\n n, _ := r.Body.Read(buf)\n sink(buf[:n])')).tainted, true, 'a slice the body is read into');
    assert.equal((await go(' buf := make([]byte, 100)\n io.ReadFull(r.Body, buf)\n sink(buf)')).tainted, true, 'io.ReadFull of the body');
    assert.equal((await go(' f, _ := os.Open("/etc/app.conf")\n buf := make([]byte, 100)\n f.Read(buf)\n sink(buf)')).tainted, false, 'a slice a local file is read into');
    assert.equal((await js('app.get("/", (req, res) => { const o = Object.assign({}, req.body); sink(o.name); });')).tainted, true);
    assert.equal((await sinkValue('python', 'from flask import request\ndef f():\n    data = dict(request.form)\n    sink(data.get("a"))\n')).tainted, true);
  });

  it('takes a URL whose host a check pins as constant (an SSRF or redirect guard)', async () => {
    const py = (check: string) => sinkValue('python', `from flask import request, abort\nALLOWED = {"a.com", "b.com"}\ndef f():\n    url = request.args["u"]\n    parsed = urlparse(url)\n    if ${check}:\n        abort(400)\n    sink(url)\n`);
    assert.equal((await py('parsed.netloc not in ALLOWED')).tainted, false);
    assert.equal((await py('not parsed.netloc.endswith(".a.com")')).tainted, true, 'a suffix check is not an allow-list');
    const go = (check: string) => sinkValue('go', `package m\nfunc h(w http.ResponseWriter, r *http.Request) {\n raw := r.URL.Query().Get("u")\n u, err := url.Parse(raw)\n if ${check} {\n  return\n }\n sink(raw)\n}\n`);
    assert.equal((await go('err != nil || u.Host != "a.com"')).tainted, false);
    assert.equal((await go('err != nil')).tainted, true);
  });

  it('reads an object filled member by member as carrying what was stored, each member as its own', async () => {
    const js = (code: string) => sinkValue('javascript', `app.get('/', (req, res) => { const q = {}; q.status = req.query.s; q.kind = 'a'; ${code} });`);
    assert.equal((await js('sink(q);')).tainted, true);
    assert.equal((await js('sink(q.kind);')).tainted, false, 'another member');
    assert.equal((await sinkValue('javascript', `app.get('/', (req, res) => { const q = {}; sink(q); q.status = req.query.s; });`)).tainted, false, 'stored after the use');
  });

  it('keeps a bounded part of the text of many long constants', async () => {
    const items = Array.from({ length: 400 }, (_, i) => `'${'x'.repeat(2000)}${i}'`).join(', ');
    const v = await sinkValue('javascript', `const table = [${items}];\nsink(table);\nsink(cond ? table[0] + 'a' : table[1] + 'b');`);
    assert.ok(v.fragments.length <= 256, `${v.fragments.length} fragments`);
  });

  it('follows what Go writes into a strings.Builder or bytes.Buffer (WriteString, fmt.Fprintf(&b, ...))', async () => {
    const go = (body: string) => sinkValue('go', `package main\nimport ("bytes"; "fmt"; "net/http"; "strings")\nfunc h(w http.ResponseWriter, r *http.Request) {\n${body}\n}\n`);
    const built = await go('var sb strings.Builder\nsb.WriteString("SELECT * FROM t WHERE id = ")\nsb.WriteString(r.URL.Query().Get("id"))\nsink(sb.String())');
    assert.equal(built.tainted, true);
    assert.equal(built.prefix, 'SELECT * FROM t WHERE id = ');
    assert.equal((await go('var b bytes.Buffer\nfmt.Fprintf(&b, "name = \'%s\'", r.FormValue("n"))\nsink(b.String())')).tainted, true);
    const fixed = await go('var sb strings.Builder\nsb.WriteString("SELECT * FROM t WHERE id = $1")\nsink(sb.String())');
    assert.equal(fixed.tainted, false);
    assert.equal(fixed.dynamic, false, 'the zero value is empty, not unknown');
  });

  it('takes Java/C# members the framework binds from the request as input (JAX-RS fields, [BindProperty], [BindProperties])', async () => {
    assert.equal((await sinkValue('java', 'class R { @QueryParam("q") private String q; void get() { sink(q); } }')).tainted, true);
    assert.equal((await sinkValue('java', 'class R { @QueryParam("q") private String q; void get() { sink(this.q); } }')).tainted, true);
    assert.equal((await sinkValue('java', 'class R { @QueryParam("n") private long n; void get() { sink(n); } }')).tainted, false, 'a number');
    assert.equal((await sinkValue('csharp', 'class M : PageModel { [BindProperty(SupportsGet = true)] public string Q { get; set; } void OnGet() { sink(Q); } }')).tainted, true);
    assert.equal((await sinkValue('csharp', '[BindProperties] class M : PageModel { public string Q { get; set; } void OnPost() { sink(this.Q); } }')).tainted, true);
    assert.equal((await sinkValue('csharp', '[BindProperties] class M : PageModel { public string Q { get; } = "x"; void OnPost() { sink(Q); } }')).tainted, false, 'not settable');
    assert.equal((await sinkValue('csharp', 'class M : PageModel { public string Q { get; set; } void OnGet() { sink(Q); } }')).tainted, false, 'not bound');
  });

  it('gives a Java or C# array what a stream read into it', async () => {
    const java = (body: string) => sinkValue('java', `class A { void f(HttpServletRequest request, java.net.Socket sock) throws Exception { ${body} } }`);
    assert.equal((await java('byte[] b = new byte[1024]; request.getInputStream().read(b); sink(new String(b));')).tainted, true, 'the request body read into an array');
    assert.equal((await java('char[] c = new char[64]; java.io.Reader r = request.getReader(); int n = r.read(c, 0, c.length); sink(new String(c, 0, n));')).tainted, true, 'with an offset and a length');
    assert.equal((await java('byte[] b = new byte[16]; new java.io.DataInputStream(request.getInputStream()).readFully(b); sink(new String(b));')).tainted, true, 'readFully');
    assert.equal((await java('byte[] b = new byte[16]; java.io.InputStream in = new java.io.FileInputStream("/etc/app.conf"); in.read(b); sink(new String(b));')).tainted, false, 'a local file');
    assert.equal((await java('byte[] b = new byte[16]; sink(new String(b)); request.getInputStream().read(b);')).tainted, false, 'read only after the use');
    assert.equal((await java('byte[] b = new byte[16]; request.getInputStream().read(b); b = new byte[16]; sink(new String(b));')).tainted, false, 'read into an array the name no longer holds');
    assert.equal((await java('byte[] b = new byte[16]; b = new byte[8]; request.getInputStream().read(b); sink(new String(b));')).tainted, true, 'read into the array that reaches the use');
    assert.equal((await java('byte[] b = new byte[16]; byte[] o = new byte[16]; request.getInputStream().read(o); sink(new String(b));')).tainted, false, 'another array');
    assert.equal((await sinkValue('java', 'class A { private byte[] buf = new byte[64]; void f(HttpServletRequest request) throws Exception { request.getInputStream().read(this.buf); sink(new String(this.buf)); } }')).tainted, true, 'a field read into');
    assert.equal((await sinkValue('java', 'class A { private byte[] buf = new byte[64]; void f(HttpServletRequest request) throws Exception { request.getInputStream().read(buf); } void g() { sink(new String(buf)); } }')).tainted, true, 'a field read into in another method');
    assert.equal((await sinkValue('java', 'class A { private byte[] buf = new byte[64]; void f() throws Exception { new java.io.FileInputStream("app.conf").read(this.buf); sink(new String(this.buf)); } }')).tainted, false, 'a field filled from a local file');
    const cs = (body: string) => sinkValue('csharp', `class C { void F(HttpRequest request) { ${body} } }`);
    assert.equal((await cs('var buf = new byte[1024]; int n = request.Body.Read(buf, 0, buf.Length); sink(Encoding.UTF8.GetString(buf, 0, n));')).tainted, true, 'the request body read into an array');
    assert.equal((await cs('var buf = new byte[1024]; int n = await request.Body.ReadAsync(buf.AsMemory(0, buf.Length)); sink(Encoding.UTF8.GetString(buf, 0, n));')).tainted, true, 'through AsMemory');
    assert.equal((await cs('var buf = new byte[1024]; int n = request.Body.Read(buf.AsSpan()); sink(Encoding.UTF8.GetString(buf));')).tainted, true, 'through AsSpan');
    assert.equal((await cs('var buf = new byte[1024]; int n = await request.Body.ReadAsync(new Memory<byte>(buf)); sink(Encoding.UTF8.GetString(buf));')).tainted, true, 'through new Memory<byte>');
    assert.equal((await cs('var buf = new byte[1024]; var o = new byte[8]; int n = await request.Body.ReadAsync(o.AsMemory()); sink(Encoding.UTF8.GetString(buf));')).tainted, false, 'a view of another array');
    assert.equal((await cs('var buf = new byte[1024]; using var f = File.OpenRead("app.conf"); f.Read(buf, 0, buf.Length); sink(Encoding.UTF8.GetString(buf));')).tainted, false, 'a local file');
    assert.equal((await cs('var ms = new MemoryStream(); await request.Body.CopyToAsync(ms); sink(Encoding.UTF8.GetString(ms.ToArray()));')).tainted, true, 'the body copied into a stream');
    assert.equal((await java('java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(); request.getInputStream().transferTo(out); sink(out.toString());')).tainted, true, 'transferTo');
  });

  it('follows Java helpers that read a whole stream (Spring StreamUtils, Commons IO, Guava)', async () => {
    const java = (expr: string) => sinkValue('java', `class A { void f(HttpServletRequest request) throws Exception { sink(${expr}); } }`);
    assert.equal((await java('StreamUtils.copyToString(request.getInputStream(), StandardCharsets.UTF_8)')).tainted, true);
    assert.equal((await java('new String(IOUtils.toByteArray(request.getInputStream()), "UTF-8")')).tainted, true);
    assert.equal((await java('ByteStreams.toByteArray(request.getInputStream())')).tainted, true);
    assert.equal((await java('SAXSource.sourceToInputSource(new StreamSource(request.getInputStream()))')).tainted, true);
    assert.equal((await java('IOUtils.toByteArray(new java.io.FileInputStream("app.conf"))')).tainted, false, 'a local file');
    assert.equal((await java('StringUtils.trim(request.getParameter("u"))')).tainted, true, 'Commons Lang keeps the text');
    assert.equal((await java('StringUtils.trim(System.getProperty("user.home"))')).tainted, false);
  });

  it('gives a C# out argument of TryGetValue what the collection holds', async () => {
    const cs = (body: string) => sinkValue('csharp', `class C { void F(HttpRequest request, IDictionary<string, string> cache) { ${body} } }`);
    assert.equal((await cs('if (request.Query.TryGetValue("u", out var u)) sink(u);')).tainted, true);
    assert.equal((await cs('StringValues h; request.Headers.TryGetValue("Origin", out h); sink(h.ToString());')).tainted, true);
    assert.equal((await cs('if (cache.TryGetValue("k", out string v)) sink(v);')).tainted, false);
    assert.equal((await cs('if (int.TryParse(request.Query["n"], out var n)) sink(n);')).tainted, false, 'only the keyed reads');
    assert.equal((await cs('request.Query.TryGetValue("u", out var u); sink(other);')).tainted, false, 'another name');
  });

  it('gives a Java or C# constructor parameter what the class is made with (new T(...))', async () => {
    const java = 'class R { String d; R(String d) { this.d = d; } void run() { sink(d); } }\n';
    assert.equal((await sinkValue('java', java + 'class H { void h(HttpServletRequest request) { new R(request.getParameter("d")).run(); } }')).tainted, true);
    const made = await sinkValue('java', java + 'class H { void h() { new R("/tmp").run(); } }');
    assert.equal(made.tainted, false);
    assert.equal(made.constant, false, 'a field: code elsewhere may set it');
    const cs = 'class F { readonly string _u; F(string u) { _u = u; } void Run() { sink(_u); } }\n';
    assert.equal((await sinkValue('csharp', cs + 'class H { void Get(HttpRequest request) { new F(request.Query["u"]).Run(); } }')).tainted, true);
    assert.equal((await sinkValue('csharp', cs + 'class H { void Get(HttpRequest request) { new F(request.Query["u"], 2).Run(); } }')).tainted, false, 'another arity: another constructor');
  });

  it('reads this.x / self.x as what the class stores there, in the same method first', async () => {
    const cases: [ProgramLanguage, string, Partial<Val>][] = [
      ['javascript', 'class C { handle(req, res) { this.name = req.query.name; this.run(); } run() { sink(this.name); } }', { tainted: true }],
      ['python', 'from flask import request\nclass Job:\n    def load(self):\n        self.cmd = request.args["c"]\n    def run(self):\n        sink(self.cmd)\n', { tainted: true }],
      ['java', 'class A { String n; void f(HttpServletRequest request) { this.n = request.getParameter("n"); } void g() { sink(this.n); } }', { tainted: true }],
      ['csharp', 'class C { string n; void F(HttpRequest request) { this.n = request.Query["n"]; } void G() { sink(this.n); } }', { tainted: true }],
      ['java', 'class A { String n; void f(HttpServletRequest request) { this.n = request.getParameter("n"); this.n = "x"; sink(this.n); } }', { tainted: false, constant: true }],
      ['javascript', 'class A { f(req) { this.x = req.query.x; } } class B { g() { sink(this.x); } }', { tainted: false }],
      ['javascript', 'class C { constructor() { this.cmd = "ls"; } run() { sink(this.cmd); } }', { tainted: false, constant: false }],
      // A field named without `this.` (Java, C#) is the same field; a local of that name is not.
      ['java', 'class A { String n; void f(HttpServletRequest request) { this.n = request.getParameter("n"); } void g() { sink(n); } }', { tainted: true }],
      ['csharp', 'class C { string n; void F(HttpRequest request) { this.n = request.Query["n"]; } void G() { sink(n); } }', { tainted: true }],
      ['java', 'class A { String n; void f(HttpServletRequest request) { this.n = request.getParameter("n"); } void g() { String n = "x"; sink(n); } }', { tainted: false, constant: true }],
      ['java', 'class A { String n = "x"; void g() { sink(n); } }', { tainted: false, constant: true }],
      // ... and so is a store without `this.` (a setter, a constructor), unless a local or
      // parameter of that name takes it.
      ['csharp', 'class C { string _u; void Set(HttpRequest request) { _u = request.Query["u"]; } void G() { sink(_u); } }', { tainted: true }],
      ['java', 'class A { String n; void f(HttpServletRequest request) { n = request.getParameter("n"); } void g() { sink(this.n); } }', { tainted: true }],
      ['java', 'class A { String n; void f(HttpServletRequest request) { String n; n = request.getParameter("n"); } void g() { sink(n); } }', { tainted: false }],
      ['csharp', 'class C { string _u; void Set(HttpRequest request, string _u) { _u = request.Query["u"]; } void G() { sink(_u); } }', { tainted: false }],
    ];
    for (const [language, code, want] of cases) {
      const v = await sinkValue(language, code);
      for (const [k, x] of Object.entries(want)) assert.equal(v[k as keyof Val], x, `${k}: ${code}`);
    }
  });

  it('reads a shell-escape helper: quoted unless made of shell word characters', async () => {
    const helper = 'function q(s) { if (/[^A-Za-z0-9_\\/:=-]/.test(s)) { s = "\'" + s.replace(/\'/g, "\'\\\\\'\'") + "\'"; } return s; }\n';
    assert.equal((await js(helper + 'app.get("/", (req, res) => { sink("ls " + q(req.query.d)); });')).tainted, false);
    const spaced = helper.replace('=-]', '= -]');
    assert.equal((await js(spaced + 'app.get("/", (req, res) => { sink("ls " + q(req.query.d)); });')).tainted, true, 'a space left unquoted');
  });

  it('reads an argument parser (minimist, yargs-parser) as the list it parses: constant for constants or none', async () => {
    const pre = 'const minimist = require("minimist"); ';
    const none = await js(pre + 'sink("git status " + minimist().mode);');
    assert.equal(none.constant, true, 'no list: nothing parsed');
    const fixed = await js(pre + 'const d = minimist(["--branch", "main"]); sink("git checkout " + d.branch);');
    assert.equal(fixed.constant, true, 'a field of a constant result');
    const cli = await js(pre + 'const a = minimist(process.argv.slice(2)); sink("git checkout " + a.branch);');
    assert.equal(cli.constant, false, 'the command line');
    const req = await js('const parse = require("yargs-parser"); app.get("/", (req, res) => { sink(parse(req.query.line).script); });');
    assert.equal(req.tainted, true);
    // A local filled after the call is not the call's result alone.
    const filled = await js(pre + 'const d = minimist([]); d.branch = process.argv[2]; sink("git checkout " + d.branch);');
    assert.equal(filled.constant, false);
  });

  it('starts the page URL fragment read whole with #, also in the part of it before a separator', async () => {
    assert.equal((await js('sink(window.location.hash);')).prefix, '#');
    const head = await js('const parts = location.hash.split("?"); sink(parts[0] + "?" + q);');
    assert.equal(head.tainted, true);
    assert.equal(head.prefix, '#');
    assert.equal((await js('sink(location.hash.split("?")[1]);')).prefix, null, 'not the part after the separator');
    assert.equal((await js('sink(location.hash.substring(1));')).prefix, null, 'nor the fragment without its #');
    assert.equal((await js('sink(location.hash.split("#")[0]);')).prefix, null, 'a separator in the known start');
    // URI decoders change %-escapes only: the '#' stays; a start cut at its first '%'.
    assert.equal((await js('sink(decodeURIComponent(window.location.hash));')).prefix, '#');
    assert.equal((await js('sink(decodeURI("/a%2Fb" + location.search));')).prefix, '/a');
    assert.equal((await js('sink(decodeURIComponent(location.hash.slice(1)));')).prefix, null);
  });
});
