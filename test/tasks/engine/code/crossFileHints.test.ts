import assert from 'node:assert/strict';
import { SourceHint, sourcePhrases } from '../../../../tasks/engine/code/crossFileHints';
import { compileKnowledge } from '../../../../tasks/engine/code/knowledge';

describe('cross-file source hints', () => {
  it('writes each source model as a phrase: members, words, decorators, registration calls', () => {
    const js = sourcePhrases([compileKnowledge('javascript')]);
    assert.ok(js.some((p) => p.member?.[0] === 'req' && p.member[1] === 'query' && p.name === 'query'));
    const py = sourcePhrases([compileKnowledge('python')]);
    assert.ok(py.some((p) => /route/.test(p.pattern) && p.pattern.startsWith('[@[]')), 'Flask route decorator');
    const cs = sourcePhrases([compileKnowledge('csharp')]);
    assert.ok(cs.some((p) => p.word === 'ControllerBase'), 'controller base class');
    assert.ok(cs.some((p) => p.name === 'MapGet' && /\\s\*\\\($/.test(p.pattern)), 'minimal API registration');
    // A rule's own sources count too.
    assert.ok(sourcePhrases([compileKnowledge('javascript', ['**.myInput.raw'])]).some((p) => p.member?.[0] === 'myInput'));
  });

  it('tells files that name a source from files that do not', () => {
    const js = new SourceHint([compileKnowledge('javascript')]);
    assert.ok(js.test('app.get("/", (req, res) => run(req . query.id));'));
    assert.ok(js.test('const v = req?.body;'));
    assert.ok(!js.test('db.query("select 1"); const request = 1; x.body = 2;'));
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

  it('writes a parameter signature as the start of a parameter list, not as its common words', () => {
    const js = new SourceHint([compileKnowledge('javascript')]);
    assert.ok(js.test('const resolvers = { Query: { a: async (parent, args, context) => run(args.x) } };'));
    assert.ok(js.test('const f = (parent: Node, args: Record<string, unknown>) => run(args);'), 'TypeScript annotations between the names');
    assert.ok(!js.test('function f(args) { return args.length; }\nconst parent = node.parent;'), 'the words alone are not a resolver');
    const py = new SourceHint([compileKnowledge('python')]);
    assert.ok(py.test('def handler(event, context):\n    return event["body"]'));
    assert.ok(!py.test('event = queue.get()\ncontext = make_context()'));
  });
});
