import assert from 'node:assert/strict';
import { compileChainPattern } from '../../../../tasks/engine/code/chains';
import { OwnSourceHint, requiredWord, requiredWords, SourceHint, sourcePhrases } from '../../../../tasks/engine/code/crossFileHints';
import { compileKnowledge } from '../../../../tasks/engine/code/knowledge';
import { KeywordIndex } from '../../../../tasks/engine/text/keywordIndex';

describe('cross-file source hints', () => {
  it('writes each source model as a phrase: members, words, decorators, registration calls', () => {
    const js = sourcePhrases([compileKnowledge('javascript')]);
    assert.ok(js.some((p) => p.member?.[0] === 'req' && p.member[1] === 'query' && p.name === 'query'));
    const py = sourcePhrases([compileKnowledge('python')]);
    assert.ok(py.some((p) => /route/.test(p.pattern) && p.pattern.startsWith('[@[]')), 'Flask route decorator');
    const cs = sourcePhrases([compileKnowledge('csharp')]);
    assert.ok(cs.some((p) => p.word === 'ControllerBase'), 'controller base class');
    assert.ok(cs.some((p) => p.name === 'MapGet' && /\\s\*\\\($/.test(p.pattern)), 'minimal API registration');
    // A call between the last two names (`getIntent().getStringExtra`): the last name alone.
    const extra = sourcePhrases([compileKnowledge('java', ['**.getIntent().getStringExtra()'])]);
    assert.ok(extra.some((p) => p.word === 'getStringExtra'));
    assert.ok(!extra.some((p) => p.member?.[0] === 'getIntent'));
    // A rule's own sources count too.
    assert.ok(sourcePhrases([compileKnowledge('javascript', ['**.myInput.raw'])]).some((p) => p.member?.[0] === 'myInput'));
  });

  it('finds the same phrases in a rule\'s knowledge with sanitisers of its own as in its language\'s (CodeRuleSet builds the hint from the latter)', () => {
    for (const lang of ['javascript', 'python', 'java'] as const) {
      const base = compileKnowledge(lang);
      const withSanitizers = compileKnowledge(lang, [], ['**.escapeForTest()']);
      assert.notEqual(withSanitizers, base);
      assert.deepEqual(sourcePhrases([withSanitizers]), sourcePhrases([base]), lang);
      const a = new SourceHint([base, withSanitizers]);
      const b = new SourceHint([base]);
      assert.deepEqual([a.names, a.leads, a.complete], [b.names, b.leads, b.complete], lang);
    }
  });

  it('writes a model found by the object key its functions sit under as that key opening an object', () => {
    const js = new SourceHint([compileKnowledge('javascript')]);
    assert.ok(js.complete, 'every JavaScript model has a phrase or words');
    assert.ok(js.test('const resolvers = { Mutation: { add: async (_, { url }) => fetch(url) } };'));
    assert.ok(js.mayRead('export const resolvers = { "Query" : { user(_, { id }) { return load(id); } } };'));
    assert.ok(!js.test('const q = { Queries: { a: 1 }, Mutation: 2 }; run(q);'));
  });

  it('asks for a listener of named events by the call with the event name, not the call alone', () => {
    const js = new SourceHint([compileKnowledge('javascript')]);
    assert.ok(js.test("window.addEventListener( 'message', (e) => run(e.data));"));
    assert.ok(!js.test("window.addEventListener('resize', () => layout()); el.addEventListener('click', go);"));
  });

  it('tells files that name a source from files that do not', () => {
    const js = new SourceHint([compileKnowledge('javascript')]);
    assert.ok(js.test('app.get("/", (req, res) => run(req . query.id));'));
    assert.ok(js.test('const v = req?.body;'));
    assert.ok(!js.test('db.query("select 1"); const request = 1; x.body = 2;'));
    // Request objects whose other members are input: any member read or destructuring of them.
    assert.ok(js.test('needle.get(req.vbody.url);'));
    assert.ok(js.test('sink(req["data"]);'));
    assert.ok(js.test('const { fields } = req;'));
    assert.ok(js.test('sink(ctx.request.rawBody);'));
    assert.ok(!js.test('const required = 1; prereq.x = 2;'));
    const java = new SourceHint([compileKnowledge('java')]);
    assert.ok(java.test('String p = r.getParameter("p");'));
    assert.ok(java.test('void h(@RequestParam String q) {}'));
    assert.ok(!java.test('class A { String run(String c) { return c; } }'));
    const py = new SourceHint([compileKnowledge('python')]);
    assert.ok(py.test('@app.route("/x")\ndef view(): pass'));
    assert.ok(!py.test('def helper(cmd):\n    return cmd.strip()\n'));
    assert.equal(py.confirm('x = request.args["a"]'), true);
    // Package-qualified typed roots: the type is named where the value is declared, the member on the value.
    assert.ok(py.test('def main(req: func.HttpRequest) -> func.HttpResponse:\n    name = req.params.get("name")\n'), 'Azure Functions request');
    const go = new SourceHint([compileKnowledge('go')]);
    assert.ok(go.test('func H(w http.ResponseWriter, r *http.Request) {\n\tlaunch(r.FormValue("tool"))\n}'));
    assert.ok(!go.test('func launch(tool string) {\n\t_ = exec.Command(tool).Run()\n}'));
  });

  it('writes a registration call with its object when the model names both (socket.on), not the method alone', () => {
    const js = new SourceHint([compileKnowledge('javascript')]);
    assert.ok(js.test("io.on('connection', (socket) => { socket.on('run', (data) => run(data.cmd)); });"));
    assert.ok(js.test("wss.on('connection', (ws) => { ws .on('message', (m) => run(m)); });"));
    assert.ok(js.test('this.socket?.on("msg", (d) => run(d));'));
    assert.ok(!js.test("stream.on('data', (chunk) => parse(chunk)); emitter.once('end', done);"), 'events of streams and emitters are not input');
    assert.ok(js.test("req.on('data', (chunk) => { body += chunk; });"), 'a named event of a request: with its object');
  });

  it('writes a parameter signature as the start of a parameter list, not as its common words', () => {
    const js = new SourceHint([compileKnowledge('javascript')]);
    assert.ok(js.test('const resolvers = { Query: { a: async (parent, args, context) => run(args.x) } };'));
    assert.ok(js.test('const f = (parent: Node, args: Record<string, unknown>) => run(args);'), 'TypeScript annotations between the names');
    assert.ok(!js.test('function f(args) { return args.length; }\nconst parent = node.parent;'), 'the words alone are not a resolver');
    const py = new SourceHint([compileKnowledge('python')]);
    assert.ok(py.test('def handler(event, context):\n    return event["body"]'));
    assert.ok(!py.test('event = queue.get()\ncontext = make_context()'));
  });

  it('finds the word a model\'s regular expression requires, or none when it cannot tell', () => {
    assert.equal(requiredWord(/^((module\.)?exports\.)?handler$/), 'handler');
    assert.equal(requiredWord(/^(express\.|e\.)?Request$/), 'Request');
    assert.equal(requiredWord(/^handleRequest$/), 'handleRequest');
    assert.equal(requiredWord(/^(get|post)Handler$/), 'Handler');
    assert.equal(requiredWord(/^(get|post)$/), undefined, 'alternatives: no word every match has');
    assert.equal(requiredWord(/^handler$/i), undefined, 'case-insensitive');
    assert.equal(requiredWord(/\bStreamObserver\b/), 'StreamObserver', 'one whole word anywhere');
    assert.equal(requiredWord(/StreamObserver/), undefined, 'unbounded: part of a longer name');
    assert.equal(requiredWord(/Req.*$/), undefined);
    assert.equal(requiredWord(/handler/), undefined, 'unanchored: part of a longer name');
    assert.deepEqual(requiredWords(/^(GET|POST|PUT)$/), ['GET', 'POST', 'PUT'], 'a choice of names: one of them');
    assert.deepEqual(requiredWords(/^handleRequest$/), ['handleRequest']);
    assert.equal(requiredWords(/^(GET|P.ST)$/), undefined);
    assert.equal(requiredWord(/^on(Click)?Item$/), 'Item', 'the parts either side of a group are separate words');
    assert.equal(requiredWord(/^a|handler$/), undefined);
  });

  it('says a file may read input wherever a source model could make a parameter input, models without a phrase included', () => {
    for (const lang of ['javascript', 'typescript', 'python', 'java', 'csharp', 'go'] as const) assert.ok(new SourceHint([compileKnowledge(lang)]).complete, lang);
    const js = new SourceHint([compileKnowledge('javascript')]);
    // A Lambda handler's event (a model by function name) and an Express request by its type: no source's name in either.
    const lambda = "const fs = require('fs');\nexports.handler = async (event) => fs.readFileSync(event.path);\n";
    assert.ok(!js.test(lambda) && js.mayRead(lambda));
    const typed = "export function show({ params }: Request, res: Response) { fs.readFileSync(params.file); }";
    assert.ok(js.mayRead(typed));
    const ts = new SourceHint([compileKnowledge('typescript')]);
    assert.ok(ts.mayRead('export async function handler(event: APIGatewayProxyEvent) { return open(event.path); }'));
    assert.ok(js.mayRead("app.get('/', (req, res) => f(req.query.a));"));
    assert.ok(!js.mayRead("const p = require('path');\nexports.read = (name) => fs.readFileSync(p.join(root, name));\n"));
    assert.ok(!js.mayRead('function handler(e) { return e; }'), 'a handler without the parameter the model names');
    // A Next.js route handler (a model by a choice of function names).
    assert.ok(js.mayRead('export async function POST(request) { return run(await request.text()); }'));
    const java = new SourceHint([compileKnowledge('java')]);
    assert.ok(java.mayRead('class H implements RequestHandler { public String handleRequest(String input, Context c) { return run(input); } }'));
    // An ASP.NET controller found by its name's ending (a model by class name), and a Server
    // Action by its directive.
    const cs = new SourceHint([compileKnowledge('csharp')]);
    assert.ok(cs.mayRead('public class ReportsController : AppBase { public IActionResult Get(string f) { return Run(f); } }'));
    assert.ok(!cs.mayRead('public class Reports : AppBase { public string Get(string f) { return Run(f); } }'));
    assert.ok(js.mayRead("'use server';\nexport async function save(form) { await db.run(form.get('q')); }"));
    // A model no word decides makes the hint incomplete: then every file may read input.
    const odd = compileKnowledge('javascript');
    const loose = new SourceHint([{ ...odd, parameters: [...odd.parameters, { functionName: /^on[A-Z]\w*$/, params: 'all' }] }]);
    assert.equal(loose.complete, false);
    assert.ok(loose.mayRead('const x = 1;'));
  });
});

describe('a source hint after a keyword pass that records its leads', () => {
  /** confirmAt as the scan calls it: one pass with the hint's names as keywords and its leads as anchors. */
  const confirmAt = (h: SourceHint, text: string, leads: readonly string[] = h.leads): boolean => {
    const index = new KeywordIndex(h.names, leads);
    const starts = index.anchors.map((): number[] => []);
    const present = index.scan(text, starts);
    return h.confirmAt(
      text,
      (lead) => (index.anchors.includes(lead) ? starts[index.anchors.indexOf(lead)] : undefined),
      (name) => present.has(index.keywords.indexOf(name)),
    );
  };

  it('agrees with the one expression of all phrases, for every language', () => {
    const texts = [
      'app.get("/", (req, res) => run(req . query.id));',
      'const v = req?.body;',
      'const { body } = req;',
      'myreq.query; Req.query; req_query; $req.query',
      "window.addEventListener( 'message', (e) => run(e.data));",
      "el.addEventListener('click', go); socket.on('x', f); ws .once(",
      '"use server"; export async function f(a) {}',
      'const resolvers = { Mutation: { add: async (_, { url }) => fetch(url) } };',
      '@app.route("/x")\ndef f(): return request.args.get("a")',
      'class A { @GetMapping("/x") String f(@RequestParam String a) { return a; } }',
      'public IActionResult Get([FromQuery] string q) => Ok(q);',
      'func h(w http.ResponseWriter, r *http.Request) { r.FormValue("a") }',
      'def handler(event, context):\n  return event["body"]',
      'const x = 1; // nothing here',
      'location.hash; document.cookie',
    ];
    for (const lang of ['javascript', 'typescript', 'python', 'java', 'csharp', 'go'] as const) {
      const h = new SourceHint([compileKnowledge(lang)]);
      assert.ok(h.leads.length > 0, lang);
      for (const t of texts) {
        assert.equal(confirmAt(h, t), h.confirm(t), `${lang}: ${t}`);
        // A pass that did not look for the leads: the phrases are searched for as a whole.
        assert.equal(confirmAt(h, t, []), h.confirm(t), `${lang} without anchors: ${t}`);
      }
    }
    const js = new SourceHint([compileKnowledge('javascript')]);
    assert.ok(confirmAt(js, 'const v = req?.body;'));
    assert.ok(!confirmAt(js, 'myreq.query; xreq.body; req_query;'), 'a lead inside a longer word');
    assert.ok(confirmAt(js, '"use server"; export async function f(a) {}'), 'a phrase that starts at no name');
  });
});

describe('a rule\'s own source hint', () => {
  it('asks for every call of a chain written as a call and for its last name, not for a root that imports may rename', () => {
    const h = new OwnSourceHint(['$().val()', 'document.getElementById().value', 'getSelection().toString()', 'java.lang.Runtime.getRuntime().exec()'].map(compileChainPattern));
    assert.deepEqual(h.names, ['val', 'getElementById', 'getSelection', 'getRuntime']);
    assert.ok(h.test("$('#a').val()"));
    assert.ok(h.test("const el = $ ('#a');\nel.val();"));
    assert.ok(h.test("const v = document.getElementById('q').value;"));
    assert.ok(h.test('const s = window.getSelection?.().toString();'));
    assert.ok(h.test('Runtime.getRuntime().exec(c);'), 'the qualified root is not written');
    assert.ok(!h.test('const v = item.value.toString(); const re = /a$/; node.val = 1;'), 'the common words alone');
    assert.ok(!h.test('const t = `${x}`; x.val(1);'), 'a template\'s ${ is no call of $');
    // A member after a wildcard or a call is asked for too, with the name read from it:
    // `value` alone, or `target` and `value` apart, are in most DOM code.
    const member = new OwnSourceHint(['*.target.value', 'useForm().getState().values'].map(compileChainPattern));
    assert.ok(member.test('form.onsubmit = (e) => show(e.target.value);'));
    assert.ok(member.test('const { target } = ev; show(target.value);'));
    assert.ok(!member.test('if (e.target === el) show(input.value);'), 'the two names apart');
    assert.ok(member.test('const s = useForm().getState(); show(s.values);'));
    assert.ok(!member.test('const v = item.value; const values = [];'), 'the common last names alone');
    // After a keyword pass: a chain whose name it did not find is not tried.
    assert.ok(!h.test("$('#a').val()", (n) => n !== 'val'));
    assert.ok(h.test("$('#a').val()", (n) => n === 'val'));
    // Hints share their expressions' results on one text.
    const memo = new Map<RegExp, boolean>();
    assert.ok(h.test("$('#a').val()", undefined, memo));
    assert.ok(new OwnSourceHint(['$().val()'].map(compileChainPattern)).test('no call here', undefined, memo), 'the first text\'s results, shared');
    // A chain that names nothing to look for: any text may hold it.
    const any = new OwnSourceHint(['**.[]'].map(compileChainPattern));
    assert.equal(any.names, null);
    assert.ok(any.test('x'));
  });
});
