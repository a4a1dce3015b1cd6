import assert from 'node:assert/strict';
import { compileParameterModel, isFrameworkInput, type CompiledParameterModel } from '../../../../tasks/engine/code/frameworkParams';
import type { ParameterModel } from '../../../../tasks/engine/code/sourceModels';
import type { ProgramLanguage } from '../../../../tasks/engine/rules/codeRuleSpec';
import type { FileIndex } from '../../../../tasks/engine/code/fileIndex';
import { indexOf, nodeWithText, sinkArg } from '../../../support/codeIndex';

let key = 0;

/** For each `sink(name)` call in order: is `name` a parameter the models make request input? */
async function inputs(language: ProgramLanguage, code: string, models: ParameterModel[]): Promise<boolean[]> {
  const index = await indexOf(language, code);
  const compiled = models.map(compileParameterModel);
  const k = `t${key++}`;
  const out: boolean[] = [];
  for (let i = 0; ; i++) {
    let arg;
    try {
      arg = sinkArg(index, i);
    } catch {
      return out;
    }
    out.push(isFrameworkInput(index, compiled, k, arg.text, arg));
  }
}

describe('code/frameworkParams', () => {
  it('compiles a model: chain patterns, regexes, parameter choice (all by default)', () => {
    const m = compileParameterModel({ decorators: ['**.route'], classes: { extends: ['Controller'], annotated: ['RestController'], nameMatches: 'Controller$' }, functionName: '^handle', headerMatches: '\\bpublic\\b', params: ['id'], exceptTypes: '^Model$', exceptText: '@Value' });
    assert.deepEqual(m.decorators?.map((d) => d.segments), [['**', 'route']]);
    assert.ok(m.classExtends?.has('Controller'));
    assert.ok(m.classAnnotated?.has('RestController'));
    assert.ok(m.className?.test('UserController'));
    assert.ok(m.functionName?.test('handleGet'));
    assert.ok(m.header?.test('public void'));
    assert.deepEqual([...(m.params as Set<string>)], ['id']);
    assert.equal(compileParameterModel({}).params, 'all');
    assert.equal(compileParameterModel({ params: 'afterSignature', signature: ['req'] }).params, 'afterSignature');
  });

  it('refuses bad chain patterns and regexes when compiling', () => {
    assert.throws(() => compileParameterModel({ decorators: ['a b'] }), /chain pattern "a b"/);
    assert.throws(() => compileParameterModel({ functionName: '(' }), /Invalid regular expression/);
  });

  it('knows nothing without models', async () => {
    const index: FileIndex = await indexOf('python', 'def f(x):\n    sink(x)\n');
    const arg = sinkArg(index);
    assert.equal(isFrameworkInput(index, [] as CompiledParameterModel[], 'none', 'x', arg), false);
  });

  it('matches Python route decorators (through import aliases), requiring the imports named', async () => {
    const flask = { decorators: ['**.route'], imports: ['flask'] };
    const code = 'from flask import Flask\napp = Flask(__name__)\n@app.route("/u/<name>")\ndef user(name):\n    sink(name)\n\ndef helper(name):\n    sink(name)\n';
    assert.deepEqual(await inputs('python', code, [flask]), [true, false]);
    assert.deepEqual(await inputs('python', code.replace('from flask import Flask', 'from other import Flask'), [flask]), [false, false], 'no flask import');
  });

  it('matches functions opening with a directive, and the exports of a file that opens with it', async () => {
    const actions = { directives: ['use server'] };
    const inline = 'export function Page() {\n  async function save(formData) {\n    "use server";\n    sink(formData);\n  }\n  function local(x) { sink(x); }\n}\n';
    assert.deepEqual(await inputs('javascript', inline, [actions]), [true, false]);
    const file = "// actions\n'use server';\nexport async function a(id) { sink(id); }\nexport const b = async (id) => { sink(id); };\nfunction helper(id) { sink(id); }\n";
    assert.deepEqual(await inputs('javascript', file, [actions]), [true, true, false]);
    assert.deepEqual(await inputs('javascript', file.replace("'use server'", "'use client'"), [actions]), [false, false, false]);
    assert.deepEqual(await inputs('javascript', "const x = 1;\n'use server';\nexport async function a(id) { sink(id); }\n", [actions]), [false], 'not a directive after a statement');
  });

  it('leaves out route parts the framework converts to numbers or ids before the handler runs', async () => {
    const flask = { decorators: ['**.route'], imports: ['flask'] };
    const code = 'from flask import Flask\napp = Flask(__name__)\n@app.route("/f/<int:foo_id>/<name>/<uuid:ref>")\ndef f(foo_id, name, ref):\n    sink(foo_id)\n    sink(name)\n    sink(ref)\n';
    assert.deepEqual(await inputs('python', code, [flask]), [false, true, false]);
    const aspnet = { decorators: ['HttpGet'] };
    const cs = 'class C : Controller {\n  [HttpGet("items/{id:int}/{slug}")]\n  public IActionResult Get(int id, string slug) { sink(id); sink(slug); return Ok(); }\n}\n';
    assert.deepEqual(await inputs('csharp', cs, [aspnet]), [false, true]);
  });

  it('matches function literals passed to a call, directly or inside an object argument', async () => {
    const m = { passedTo: ['app.get()', 'router.route()'] };
    const code = 'app.get("/", (req, res) => { sink(req); });\nrouter.route({ handler: function (q) { sink(q); } });\nother((z) => { sink(z); });\n';
    assert.deepEqual(await inputs('javascript', code, [m]), [true, true, false]);
  });

  it('matches function literals assigned to a matching target (a jQuery plugin), not other assignments', async () => {
    const m = { assignedTo: ['$.fn.*', 'jQuery.fn.*'] };
    const code = '$.fn.tip = function (options) { sink(options); };\njQuery.fn.menu = (function (o) { sink(o); });\nwidgets.tip = function (w) { sink(w); };\nvar f = function (v) { sink(v); };\n';
    assert.deepEqual(await inputs('javascript', code, [m]), [true, true, false, false]);
  });

  it('takes only the parameters a model names, or those after its signature', async () => {
    const named = { passedTo: ['on()'], params: ['body'] };
    assert.deepEqual(await inputs('javascript', 'on((ctx, body) => { sink(ctx); sink(body); });', [named]), [false, true]);
    const after = { passedTo: ['on()'], signature: ['ctx'], params: 'afterSignature' as const };
    assert.deepEqual(await inputs('javascript', 'on((ctx, a, b) => { sink(ctx); sink(a); sink(b); });\non((x, a) => { sink(a); });', [after]), [false, true, true, false]);
  });

  it('matches methods of classes by base, annotation or name, and by method name and header', async () => {
    const java = 'class UserController extends BaseController { public String get(String id) { sink(id); return id; } private String help(String id) { sink(id); return id; } }';
    assert.deepEqual(await inputs('java', java, [{ classes: { extends: ['BaseController'] }, headerMatches: '\\bpublic\\b' }]), [true, false]);
    assert.deepEqual(await inputs('java', java, [{ classes: { nameMatches: 'Controller$' }, functionName: '^get$' }]), [true, false]);
    assert.deepEqual(await inputs('java', java, [{ classes: { extends: ['Other'] } }]), [false, false]);
    // A base by pattern (generated names), on its last segment.
    assert.deepEqual(await inputs('java', java, [{ classes: { extendsMatches: '^\\w+Controller$' }, headerMatches: '\\bpublic\\b' }]), [true, false]);
    assert.deepEqual(await inputs('java', java, [{ classes: { extendsMatches: '^\\w+Servicer$' } }]), [false, false]);
    const annotated = '@RestController\nclass A { @GetMapping("/x") public String g(String q) { sink(q); return q; } }';
    assert.deepEqual(await inputs('java', annotated, [{ classes: { annotated: ['RestController'] } }]), [true]);
    assert.deepEqual(await inputs('java', annotated, [{ decorators: ['**.GetMapping'] }]), [true]);
    assert.deepEqual(await inputs('java', annotated, [{ decorators: ['**.PostMapping'] }]), [false]);
  });

  it('leaves out parameters by declared type or declaration text', async () => {
    const m = { decorators: ['**.GetMapping'], exceptTypes: '^(Model|\\w*Service)$', exceptText: '@Value\\b' };
    const code = 'class A { @GetMapping("/") public String g(String q, Model model, UserService users, @Value("x") String conf) { sink(q); sink(model); sink(users); sink(conf); return q; } }';
    assert.deepEqual(await inputs('java', code, [m]), [true, false, false, false]);
  });

  it('takes only parameters of the types a model names (a destructured `Request`)', async () => {
    const m = { types: '^(express\\.)?Request$', params: ['params', 'query', 'body'] };
    const code = 'export const show = ({ params, query }: Request, res: Response) => { sink(params); sink(query); sink(res); };\nfunction other(params: Options) { sink(params); }\nfunction plain(params) { sink(params); }';
    assert.deepEqual(await inputs('typescript', code, [m]), [true, true, false, false, false]);
  });

  it('answers for a name used in a nested function by the function that declares it', async () => {
    const code = 'app.get("/", (req) => { [1].forEach((n) => { sink(req); sink(n); }); });';
    assert.deepEqual(await inputs('javascript', code, [{ passedTo: ['app.get()'] }]), [true, false]);
  });

  it('takes a listener only for the events a model names, and not a function whose body matches exceptBody', async () => {
    const m = { passedTo: ['window.addEventListener()', '$().on()'], eventNames: ['message'], exceptBody: "origin\\s*!==\\s*'https://" };
    const code = [
      "window.addEventListener('message', (e) => { sink(e); });",
      "window.addEventListener('resize', (e) => { sink(e); });",
      "window.addEventListener(name, (e) => { sink(e); });",
      "$(window).on(`message`, function (e) { sink(e); });",
      "window.addEventListener('message', (e) => { if (e.origin !== 'https://a.example') return; sink(e); });",
    ].join('\n');
    assert.deepEqual(await inputs('javascript', code, [m]), [true, false, false, true, false]);
  });

  it('takes a named function registered for a model\'s event by name', async () => {
    const m = { passedTo: ['window.addEventListener()'], eventNames: ['message'] };
    const code = "function a(e) { sink(e); }\nfunction b(e) { sink(e); }\nconst c = (e) => { sink(e); };\nwindow.addEventListener('message', a);\nwindow.addEventListener('click', b);\nworker.addEventListener('message', c);";
    assert.deepEqual(await inputs('javascript', code, [m]), [true, false, false]);
  });

  it('is false for a name that is not a parameter', async () => {
    const index = await indexOf('javascript', 'app.get("/", (req) => { const x = 1; sink(x); });');
    const arg = nodeWithText(index.root, 'x', 'identifier');
    assert.equal(isFrameworkInput(index, [compileParameterModel({ passedTo: ['app.get()'] })], 'k', 'x', arg), false);
  });
});
