import assert from 'node:assert/strict';
import { FileIndex } from '../../../../tasks/engine/code/fileIndex';
import { callsOf, indexOf, nodeWithText, sinkArg } from '../../../support/codeIndex';

const chainsOf = (index: FileIndex, text: string, type?: string) => index.chains(nodeWithText(index.root, text, type)).map((c) => c.join('.'));

describe('code/fileIndex', () => {
  it('reads import aliases and roots chains at the module they name', async () => {
    const index = await indexOf('javascript', "const cp = require('child_process');\nconst { exec: run } = require('child_process');\ncp.exec(x);\n");
    assert.equal(index.imports.get('cp'), 'child_process');
    assert.deepEqual(chainsOf(index, 'cp.exec(x)', 'call_expression'), ['child_process.exec()']);
  });

  it('names expressions as chains: members, calls and indexes', async () => {
    const index = await indexOf('javascript', 'f(req.query.id, db.query(x), a[i].b, this.x);');
    assert.deepEqual(chainsOf(index, 'req.query.id'), ['req.query.id']);
    assert.deepEqual(chainsOf(index, 'db.query(x)', 'call_expression'), ['db.query()']);
    assert.deepEqual(chainsOf(index, 'a[i].b'), ['a.[].b']);
    assert.deepEqual(chainsOf(index, 'this.x'), ['this.x']);
    const dynamic = await indexOf('javascript', 'async function f(m) { await import(m); }');
    assert.deepEqual(chainsOf(dynamic, 'import(m)', 'call_expression'), ['import()'], 'a dynamic import is a call named import');
  });

  it('names this in a jQuery plugin as a jQuery object, and this in a nested function as itself', async () => {
    const direct = await indexOf('javascript', '$.fn.tip = function () { this.html(a); this.each(function () { this.title = b; }); };');
    assert.deepEqual(chainsOf(direct, 'this.html'), ['$().html']);
    assert.deepEqual(chainsOf(direct, 'this.title'), ['this.title'], 'the callback of each has a DOM element for this');
    const named = await indexOf('javascript', 'var p = function () { this.html(a); };\nfunction q() { this.text(b); }\njQuery.fn[n] = p;\n$.fn.extend({ q: q, r: function () { this.hide(); } });');
    assert.deepEqual(chainsOf(named, 'this.html'), ['$().html']);
    assert.deepEqual(chainsOf(named, 'this.text'), ['$().text']);
    assert.deepEqual(chainsOf(named, 'this.hide'), ['$().hide']);
    const method = await indexOf('javascript', '$.extend($.fn, { tip() { this.html(a); } });\nclass C { tip() { this.html(b); } }');
    assert.deepEqual(chainsOf(method, 'this.html(a)', 'call_expression'), ['$().html()']);
    assert.deepEqual(chainsOf(method, 'this.html(b)', 'call_expression'), ['this.html()'], 'a class method is not a plugin');
    const arrow = await indexOf('javascript', '$.fn.tip = function () { this.each((i, e) => this.html(e)); };');
    assert.deepEqual(chainsOf(arrow, 'this.html'), ['$().html'], 'an arrow function keeps the plugin\'s this');
    const other = await indexOf('javascript', 'var p = function () { this.html(a); };\nobj.fn.p = p;');
    assert.deepEqual(chainsOf(other, 'this.html'), ['this.html'], 'not a jQuery plugin');
  });

  it('adds a @Type-rooted chain for a typed parameter, unless typed roots are off', async () => {
    const code = 'class A { void f(HttpServletRequest r) { sink(r.getParameter("q")); } }';
    const index = await indexOf('java', code);
    assert.deepEqual(index.chains(sinkArg(index)).map((c) => c.join('.')), ['r.getParameter()', '@HttpServletRequest.getParameter()']);
    const plain = new FileIndex(index.root, index.adapter, 'java', code, false);
    assert.deepEqual(plain.chains(sinkArg(plain)).map((c) => c.join('.')), ['r.getParameter()']);
  });

  it('types `this.name` by the field or constructor parameter property that declares it (TypeScript)', async () => {
    const code = 'class C {\n  private cache: Cache;\n  constructor(private readonly http: HttpService, @Inject(T) protected t: Tpl, plain: Other) {}\n  f(u) { sink(this.http.get(u), this.cache.get(u), this.t.run(u), this.plain.get(u)); }\n}\nfunction g(u) { sink(this.http.get(u)); }\n';
    const index = await indexOf('typescript', code, 'a.ts');
    const args = callsOf(index, 'sink')[0].args.map((a) => index.chains(a.node).map((c) => c.join('.')));
    assert.ok(args[0].includes('@HttpService.get()'), args[0].join(' '));
    assert.ok(args[1].includes('@Cache.get()'), args[1].join(' '));
    assert.ok(args[2].includes('@Tpl.run()'), args[2].join(' '));
    assert.ok(!args[3].some((c) => c.startsWith('@')), 'a plain constructor parameter is not a field');
    const outside = callsOf(index, 'sink')[1].args[0];
    assert.ok(!index.chains(outside.node).some((c) => c.join('.').startsWith('@')), 'outside a class: no field types');
  });

  it('types a name by its last declaration before the use (the same name declared again in another branch)', async () => {
    const code = 'class A { void f(Message m) { if (a) { TextMessage msg = (TextMessage) m; one(msg.getText()); } else { ObjectMessage msg = (ObjectMessage) m; sink(msg.getObject()); } } }';
    const index = await indexOf('java', code);
    assert.ok(index.chains(sinkArg(index)).some((c) => c.join('.') === '@ObjectMessage.getObject()'));
    const first = index.chains(nodeWithText(index.root, 'msg.getText()', 'method_invocation')).map((c) => c.join('.'));
    assert.ok(first.includes('@TextMessage.getText()'), first.join(' '));
  });

  it('stands a local defined once from a call for that call (`r = Runtime.getRuntime(); r.exec(x)`)', async () => {
    const index = await indexOf('java', 'class A { void f(String c) { Runtime r = Runtime.getRuntime(); r.exec(c); } }');
    const exec = callsOf(index, 'exec')[0];
    assert.ok(index.callChains(exec).some((c) => c.join('.') === 'Runtime.getRuntime().exec()'));
    const twice = await indexOf('java', 'class A { void f(String c) { Runtime r = Runtime.getRuntime(); r = other(); r.exec(c); } }');
    assert.ok(!twice.callChains(callsOf(twice, 'exec')[0]).some((c) => c.join('.').startsWith('Runtime')), 'redefined: not an alias');
    const rebound = await indexOf('go', 'package p\nimport "text/template"\nfunc f(s string) { t := template.New("x"); t, err := t.Parse(s); _ = err; t.Execute(nil, nil) }');
    assert.ok(index.adapter && rebound.callChains(callsOf(rebound, 'Parse')[0]).some((c) => c.join('.') === 'text/template.New().Parse()'), 'rebound by the call itself: still the first value there');
    assert.ok(!rebound.callChains(callsOf(rebound, 'Execute')[0]).some((c) => c.join('.').startsWith('text/template')), 'after the rebinding: not an alias');
    const remade = await indexOf('python', 'from http.client import HTTPConnection\ndef f(h):\n    c = HTTPConnection("a")\n    c.request("GET", "/")\n    c = HTTPConnection(h)\n    c.send(b"x")\n');
    assert.ok(remade.callChains(callsOf(remade, 'send')[0]).some((c) => c.join('.') === 'http.client.HTTPConnection().send()'), 'made each time by the same callee: still that callee\'s object');
    const mixed = await indexOf('python', 'from http.client import HTTPConnection\ndef f(h):\n    c = HTTPConnection(h)\n    c = other(h)\n    c.send(b"x")\n');
    assert.ok(!mixed.callChains(callsOf(mixed, 'send')[0]).some((c) => c.join('.').startsWith('http')), 'made by different callees: not an alias');
  });

  it('stands a name destructured once from a name or member for that member (`const { headers } = request`)', async () => {
    const index = await indexOf('javascript', 'function f(request) { const { headers } = request; const { body: { name: n } } = request; sink(headers.authorization, n); }');
    const call = callsOf(index, 'sink')[0];
    assert.equal(index.chains(call.args[0].node)[0].join('.'), 'request.headers.authorization');
    assert.equal(index.chains(call.args[1].node)[0].join('.'), 'request.body.name');
    const fromCall = await indexOf('javascript', 'async function f() { const { data } = await load(); sink(data); }');
    assert.deepEqual(fromCall.chains(sinkArg(fromCall)).map((c) => c.join('.')), ['data'], 'a call result is a value, not a handle');
  });

  it('sees through wrappers that return the same function (promisify, bind), directly and through a local', async () => {
    const index = await indexOf('javascript', "const cp = require('child_process');\nconst { promisify } = require('util');\nconst run = promisify(cp.exec);\nrun(a);\nrequire('util').promisify(cp.execFile)(b);\ncp.spawn.bind(cp)(c);\nlater(d)(e);\n");
    assert.ok(chainsOf(index, 'run(a)', 'call_expression').includes('child_process.exec()'));
    assert.deepEqual(chainsOf(index, "require('util').promisify(cp.execFile)(b)", 'call_expression'), ['child_process.execFile()']);
    assert.deepEqual(chainsOf(index, 'cp.spawn.bind(cp)(c)', 'call_expression'), ['child_process.spawn()']);
    assert.deepEqual(chainsOf(index, 'later(d)(e)', 'call_expression'), ['later()()'], 'another function returning a function is not a wrapper');
  });

  it('names Python modules and attributes reached by name: __import__, import_module, getattr', async () => {
    const code = [
      'import os, importlib',
      'from importlib import import_module',
      '__import__("os").system(a)',
      '__import__("os.path").join(b)',
      'importlib.import_module("os.path").join(c)',
      'import_module("subprocess").run(d)',
      'getattr(os, "system")(e)',
      'getattr(__import__("os"), "popen", None)(f)',
      'run = getattr(os, "system")',
      'run(g)',
      'getattr(os, name)(h)',
      'importlib.import_module(mod).run(i)',
    ].join('\n');
    const index = await indexOf('python', code);
    assert.deepEqual(chainsOf(index, '__import__("os").system(a)', 'call'), ['os.system()']);
    assert.deepEqual(chainsOf(index, '__import__("os.path").join(b)', 'call'), ['os.join()'], '__import__ returns the top-level package');
    assert.deepEqual(chainsOf(index, 'importlib.import_module("os.path").join(c)', 'call'), ['os.path.join()']);
    assert.deepEqual(chainsOf(index, 'import_module("subprocess").run(d)', 'call'), ['subprocess.run()']);
    assert.deepEqual(chainsOf(index, 'getattr(os, "system")(e)', 'call'), ['os.system()']);
    assert.deepEqual(chainsOf(index, 'getattr(__import__("os"), "popen", None)(f)', 'call'), ['os.popen()']);
    assert.ok(chainsOf(index, 'run(g)', 'call').includes('os.system()'), 'a local bound to getattr(...) is the attribute');
    assert.deepEqual(chainsOf(index, 'getattr(os, name)(h)', 'call'), ['getattr()()'], 'a name chosen at run time stays unknown');
    assert.deepEqual(chainsOf(index, 'importlib.import_module(mod).run(i)', 'call'), ['importlib.import_module().run()']);
    const shadowed = await indexOf('python', 'from helpers import getattr\ngetattr(os, "system")(e)\n');
    assert.deepEqual(chainsOf(shadowed, 'getattr(os, "system")(e)', 'call'), ['helpers.getattr()()'], 'an imported getattr is not the built-in');
  });

  it('sees through a wrapper module called where it is required (pify, thenify, util.promisify)', async () => {
    const index = await indexOf('javascript', "const fs = require('fs');\nrequire('pify')(fs.readFileSync)(a);\nrequire('thenify')(fs.readFile)(b);\nrequire('util.promisify')(fs.readFile)(c);\nrequire('pify')(fs).readFileSync(d);\nrequire('other')(fs.readFile)(e);\n");
    assert.deepEqual(chainsOf(index, "require('pify')(fs.readFileSync)(a)", 'call_expression'), ['fs.readFileSync()']);
    assert.deepEqual(chainsOf(index, "require('thenify')(fs.readFile)(b)", 'call_expression'), ['fs.readFile()']);
    assert.deepEqual(chainsOf(index, "require('util.promisify')(fs.readFile)(c)", 'call_expression'), ['fs.readFile()']);
    assert.deepEqual(chainsOf(index, "require('pify')(fs).readFileSync(d)", 'call_expression'), ['fs.readFileSync()'], 'pify given a module wraps its methods');
    assert.deepEqual(chainsOf(index, "require('other')(fs.readFile)(e)", 'call_expression'), ['other()()'], 'another module is not a wrapper');
  });

  it('knows wrapper packages by module name, a wrapped bound function, options after the function, and thenify-all\'s method list', async () => {
    const index = await indexOf('javascript', [
      "const cp = require('child_process');",
      "const es6Promisify = require('es6-promisify');",
      "const gar = require('@gar/promisify');",
      "const thenifyAll = require('thenify-all');",
      "const { promisify } = require('util');",
      'const a1 = es6Promisify(cp.exec, { multiArgs: true });',
      'a1(a);',
      'const p2 = gar(cp);',
      'p2.exec(b);',
      'promisify(cp.exec.bind(cp))(c);',
      "const t = thenifyAll(cp, {}, ['exec']);",
      't.exec(d);',
      't.execFile(e);',
      "require('util-promisify')(cp.execSync)(f);",
    ].join('\n'));
    assert.ok(chainsOf(index, 'a1(a)', 'call_expression').includes('child_process.exec()'));
    assert.ok(chainsOf(index, 'p2.exec(b)', 'call_expression').includes('child_process.exec()'), '@gar/promisify given a module wraps its methods');
    assert.deepEqual(chainsOf(index, 'promisify(cp.exec.bind(cp))(c)', 'call_expression'), ['child_process.exec()']);
    assert.ok(chainsOf(index, 't.exec(d)', 'call_expression').includes('child_process.exec()'));
    assert.ok(!chainsOf(index, 't.execFile(e)', 'call_expression').includes('child_process.execFile()'), 'a method thenify-all was not given is not copied');
    assert.deepEqual(chainsOf(index, "require('util-promisify')(cp.execSync)(f)", 'call_expression'), ['child_process.execSync()']);
  });

  it('sees through promisifyAll: the same methods, also under their name with Async added (Bluebird)', async () => {
    const index = await indexOf('javascript', [
      "const Promise = require('bluebird');",
      "const cp = Promise.promisifyAll(require('child_process'));",
      "const fs = require('fs');",
      'Promise.promisifyAll(fs);',
      "const other = require('child_process');",
      'cp.execAsync(a); cp.exec(b); fs.readFileAsync(c); other.execAsync(d); cp.Async(e);',
    ].join('\n'));
    assert.ok(chainsOf(index, 'cp.execAsync(a)', 'call_expression').includes('child_process.exec()'));
    assert.ok(chainsOf(index, 'cp.exec(b)', 'call_expression').includes('child_process.exec()'));
    assert.deepEqual(chainsOf(index, 'fs.readFileAsync(c)', 'call_expression'), ['fs.readFile()'], 'promisified in place');
    assert.ok(chainsOf(index, 'other.execAsync(d)', 'call_expression').includes('child_process.execAsync()'), 'a module not promisified keeps the name');
    assert.ok(!chainsOf(index, 'other.execAsync(d)', 'call_expression').includes('child_process.exec()'));
    assert.ok(chainsOf(index, 'cp.Async(e)', 'call_expression').includes('child_process.Async()'));
  });

  it('lists the stores into a local object\'s property before a place, in its function and scope only', async () => {
    const code = [
      'function f(req) { const o = {}; o.host = a; o.path = b; o.host = c; sink(o); }',
      'function g() { const o = {}; o.host = d; }',
      'function h() { o.host = e; sink(o); o.host = z; }',
    ].join('\n');
    const index = await indexOf('javascript', code);
    assert.deepEqual(index.memberStores('o').map((s) => `${s.key}=${s.binding.value?.text}`), ['host=a', 'path=b', 'host=c', 'host=d', 'host=e', 'host=z']);
    assert.deepEqual(index.memberStoresBefore('o', 'host', sinkArg(index, 0)).map((b) => b.value?.text), ['a', 'c'], 'not those of another function');
    assert.deepEqual(index.memberStoresBefore('o', 'host', sinkArg(index, 1)).map((b) => b.value?.text), ['e'], 'not those after the place');
    assert.deepEqual(index.memberStoresBefore('o', 'port', sinkArg(index, 0)), []);
  });

  it('lets a callback see the stores the function it is handed from made before it, not those of a shadowing local, a nested declaration or the top level', async () => {
    const code = [
      'function f(req) { const q = {}; q.title = a; connect(url, (err, db) => { sink(q); }); q.title = z; }',
      'function g(req) { const q = {}; q.title = b; run(() => { const q = {}; sink(q); }); }',
      'const q = {}; q.title = c; function h() { sink(q); }',
      'function k(req) { const q = {}; q.title = d; function inner() { sink(q); } connect(url, () => run(() => sink(q))); }',
    ].join('\n');
    const index = await indexOf('javascript', code);
    assert.deepEqual(index.memberStoresBefore('q', 'title', sinkArg(index, 0)).map((b) => b.value?.text), ['a'], 'the enclosing function\'s store before the callback');
    assert.deepEqual(index.memberStoresBefore('q', 'title', sinkArg(index, 1)), [], 'a local of the callback that shadows the outer one');
    assert.deepEqual(index.memberStoresBefore('q', 'title', sinkArg(index, 2)), [], 'top-level stores stay out of functions');
    assert.deepEqual(index.memberStoresBefore('q', 'title', sinkArg(index, 3)), [], 'a nested declaration may run before the stores');
    assert.deepEqual(index.memberStoresBefore('q', 'title', sinkArg(index, 4)), [], 'one callback level only');
  });

  it('roots a chain at the module an inline require() names (JavaScript)', async () => {
    const index = await indexOf('javascript', "require('vm').runInThisContext(a);\nrequire('node:child_process').exec(b);\nrequire(name).exec(c);\n");
    assert.deepEqual(chainsOf(index, "require('vm').runInThisContext(a)", 'call_expression'), ['vm.runInThisContext()']);
    assert.deepEqual(chainsOf(index, "require('node:child_process').exec(b)", 'call_expression'), ['child_process.exec()']);
    assert.deepEqual(chainsOf(index, 'require(name).exec(c)', 'call_expression'), ['require().exec()'], 'a module chosen at run time is not named');
  });

  it('names a constructed object by its type', async () => {
    const index = await indexOf('java', 'class A { void f() { sink(new java.net.URL(u)); } }');
    assert.deepEqual(index.chains(sinkArg(index)).map((c) => c.join('.')), ['java.net.URL()']);
  });

  it('finds scopes, functions and the definitions a name refers to', async () => {
    const code = 'const x = 1;\nfunction f(a) {\n  const y = a;\n  return () => sink(x + y + a);\n}\n';
    const index = await indexOf('javascript', code);
    const use = sinkArg(index);
    const fn = index.functionOf(use)!;
    assert.equal(fn.type, 'arrow_function');
    assert.equal(index.functionOf(fn)?.type, 'function_declaration');
    assert.equal(index.functionOf(nodeWithText(index.root, 'const x = 1;')), null, 'top level');
    const x = nodeWithText(use, 'x', 'identifier');
    const lx = index.lookup('x', x)!;
    assert.equal(lx.scope.id, index.root.id);
    assert.equal(lx.bindings.length, 1);
    assert.equal(lx.bindings[0].value?.text, '1');
    const la = index.lookup('a', x)!;
    assert.equal(la.param?.name, 'a');
    assert.equal(la.scope.type, 'function_declaration');
    assert.equal(index.lookup('nowhere', x), undefined);
    assert.deepEqual([...index.paramsOf(la.scope).keys()], ['a']);
    assert.deepEqual([...index.paramsOf(index.root).keys()], [], 'the file has no parameters');
  });

  it('files a JavaScript closure\'s write to an outer variable under the scope that declares it', async () => {
    const code = "function h(req, res) {\n  let body = '';\n  req.on('data', (c) => { body += c; });\n  req.on('end', () => sink(body));\n  g = 1;\n  function k() { let own = 1; own = 2; }\n}\n";
    const index = await indexOf('javascript', code);
    const use = nodeWithText(sinkArg(index), 'body', 'identifier');
    const l = index.lookup('body', use)!;
    assert.equal(l.scope.type, 'function_declaration');
    assert.deepEqual(l.bindings.map((b) => b.node.text), ["body = ''", 'body += c'], 'the declaration and the callback\'s write, in text order');
    const inside = index.lookup('body', nodeWithText(index.root, 'body += c', 'augmented_assignment_expression'))!;
    assert.equal(inside.scope.type, 'function_declaration', 'read in the writing callback: the declaring scope');
    const own = index.lookup('own', nodeWithText(index.root, 'own = 2', 'assignment_expression'))!;
    assert.equal(own.bindings.length, 2, 'a name the function declares keeps its writes');
    const g = index.lookup('g', nodeWithText(index.root, 'g = 1', 'assignment_expression'))!;
    assert.equal(g.scope.type, 'function_declaration', 'an implicit global stays where it is written');
    const py = await indexOf('python', 'def h(x):\n    body = 1\n    def cb():\n        body = x\n    sink(body)\n');
    assert.equal(py.lookup('body', sinkArg(py))!.bindings.length, 1, 'Python: an assignment in a nested function is a local of its own');
  });

  it('finds functions by name and the expressions they return', async () => {
    const index = await indexOf('javascript', 'function g(a) { if (a) { return 1; } const h = () => 3; return a + 2; }\nconst k = (b) => b * 2;\n');
    const [g] = index.functionsNamed('g');
    assert.deepEqual(index.returnsOf(g).map((r) => r.text), ['1', 'a + 2'], 'not the nested arrow function\'s');
    const [k] = index.functionsNamed('k');
    assert.deepEqual(index.returnsOf(k).map((r) => r.text), ['b * 2'], 'an expression body');
    assert.deepEqual(index.functionsNamed('missing'), []);
  });

  it('indexes calls by the called name, leaving out constructors', async () => {
    const index = await indexOf('javascript', 'a.run(1); run(2); new run(3); x.y.run(4); other();');
    assert.deepEqual(callsOf(index, 'run').map((c) => c.node.text), ['a.run(1)', 'run(2)', 'x.y.run(4)']);
    assert.equal(index.calledName(callsOf(index, 'other')[0]), 'other');
  });

  it('lists the conditional code around a node and the enclosing ifs, innermost first', async () => {
    const code = 'function f(a) { if (a) { for (const x of a) { if (x) { sink(x); } } } sink(1); }';
    const index = await indexOf('javascript', code);
    const inner = sinkArg(index, 0);
    assert.deepEqual(index.enclosingIfs(inner).map((n) => n.text.slice(0, 6)), ['if (x)', 'if (a)']);
    assert.ok(index.conditionalAncestors(inner).some((n) => n.type === 'for_in_statement'));
    assert.deepEqual(index.conditionalAncestors(sinkArg(index, 1)), []);
    assert.deepEqual(index.enclosingIfs(sinkArg(index, 1)), []);
  });

  it('gives nodes of given types in document order, and the same list when asked again', async () => {
    const index = await indexOf('python', 'def a():\n    pass\nclass B:\n    def c(self):\n        return lambda: 1\n');
    const fns = index.ofTypes(['function_definition']);
    assert.deepEqual(fns.map((n) => n.text.split('(')[0]), ['def a', 'def c']);
    assert.equal(index.ofTypes(['function_definition']), fns);
    const mixed = index.ofTypes(['lambda', 'function_definition']);
    assert.deepEqual(mixed.filter((n) => n.isNamed).map((n) => n.type), ['function_definition', 'function_definition', 'lambda']);
    assert.deepEqual(mixed.map((n) => n.startIndex), [...mixed.map((n) => n.startIndex)].sort((a, b) => a - b));
    assert.deepEqual(index.ofTypes(['pass_statement']).map((n) => n.text), ['pass'], 'a type the index does not track');
  });

  it('stops naming a chain too deep to follow: its root becomes "?" rather than recursing without bound', async () => {
    const deep = 'sink(' + 'a' + '.b'.repeat(40) + ');';
    const index = await indexOf('javascript', deep);
    const [chain] = index.chains(sinkArg(index));
    assert.equal(chain[0], '?');
    assert.ok(chain.length < 40);
    assert.ok(chain.slice(1).every((s) => s === 'b'));
  });

  it('lists stores into this.x / self.x by key, and knows the class a node\'s function is in', async () => {
    const index = await indexOf('javascript', 'class A { f(v) { this.x = v; this.y = 1; } g() { return this.x; } }\nfunction h() { this.x = 2; }\n');
    assert.deepEqual(index.fieldStores('x').map((b) => b.value?.text), ['v', '2']);
    assert.deepEqual(index.fieldStores('z'), []);
    const [store, outside] = index.fieldStores('x');
    assert.equal(index.classOf(store.node)?.type, 'class_declaration');
    assert.equal(index.classOf(outside.node), null);
  });

  it('lists a store through a dereference or a parenthesised object as a store into that local (`(*p).Name = v`)', async () => {
    const index = await indexOf('go', 'package p\nfunc f(v string) { p := &T{}; (*p).Name = v; p.Other = v }');
    assert.deepEqual(index.memberStores('p').map((s) => s.key), ['Name', 'Other']);
  });

  it('gives a node\'s parent, the same node when asked again, and null at the root', async () => {
    const index = await indexOf('javascript', 'f(a.b);');
    const member = nodeWithText(index.root, 'a.b', 'member_expression');
    const parent = index.parentOf(member);
    assert.equal(parent?.type, 'arguments');
    assert.equal(parent?.id, member.parent?.id);
    assert.equal(index.parentOf(nodeWithText(index.root, 'a.b', 'member_expression')), parent, 'read once per node');
    assert.equal(index.parentOf(index.root), null);
  });

  it('keeps a typed chain that differs from the plain one only where its text differs', async () => {
    const index = await indexOf('typescript', 'function f(u: Url) { u.open(); v.open(); }');
    assert.deepEqual(chainsOf(index, 'u.open()', 'call_expression'), ['u.open()', '@Url.open()']);
    assert.deepEqual(chainsOf(index, 'v.open()', 'call_expression'), ['v.open()'], 'an untyped root gives one chain');
  });

  it('lists nodes of several types in document order, outer first at one start', async () => {
    const index = await indexOf('javascript', 'new A(f(1)(g(2)), `t`).m("s")(new B());\nh("x", `y${z("w")}`);\n');
    const calls = index.ofTypes(['call_expression', 'new_expression']);
    assert.deepEqual(calls.map((n) => n.text), ['new A(f(1)(g(2)), `t`).m("s")(new B())', 'new A(f(1)(g(2)), `t`).m("s")', 'new A(f(1)(g(2)), `t`)', 'f(1)(g(2))', 'f(1)', 'g(2)', 'new B()', 'h("x", `y${z("w")}`)', 'z("w")']);
    const strings = index.ofTypes(['template_string', 'string']);
    assert.deepEqual(strings.map((n) => n.text), ['`t`', '"s"', '"x"', '`y${z("w")}`', '"w"']);
    // Taken from the shared walk in its order: the order the types are asked in does not matter.
    assert.deepEqual(index.ofTypes(['new_expression', 'string', 'call_expression']).map((n) => n.text), ['new A(f(1)(g(2)), `t`).m("s")(new B())', 'new A(f(1)(g(2)), `t`).m("s")', 'new A(f(1)(g(2)), `t`)', 'f(1)(g(2))', 'f(1)', 'g(2)', '"s"', 'new B()', 'h("x", `y${z("w")}`)', '"x"', 'z("w")', '"w"']);
  });

  it('names what a called call returns only when its chain ends with a name', async () => {
    const index = await indexOf('javascript', "require('cross-spawn')(cmd);\nf(1)(x);\nutil.promisify(cp.exec)(y);\n");
    const callee = (text: string) => nodeWithText(index.root, text, 'call_expression');
    assert.equal(index.calledResultName(callee("require('cross-spawn')")), 'cross-spawn');
    assert.equal(index.calledResultName(callee('f(1)')), undefined);
    assert.equal(index.calledResultName(callee('util.promisify(cp.exec)')), 'exec');
  });
});
