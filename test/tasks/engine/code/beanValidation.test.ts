import assert from 'node:assert/strict';
import { BeanConstraints, fieldDeclaration, formalParameter, mayConstrain, methodsOf } from '../../../../tasks/engine/code/beanValidation';
import { compileKnowledge } from '../../../../tasks/engine/code/knowledge';
import type { Node } from '../../../../tasks/engine/code/syntax';
import { ValueTracker } from '../../../../tasks/engine/code/values';
import { indexOf, sinkArg } from '../../../support/codeIndex';

const JAVAX = 'import javax.validation.constraints.Pattern;\n';
const TOKEN = '@Pattern(regexp = "[a-zA-Z0-9_-]+")';

/** Whether the argument of the `n`th `sink(...)` of a Java file carries request input. */
async function sinkTainted(code: string, n = 0): Promise<boolean> {
  const index = await indexOf('java', code);
  return new ValueTracker(index, compileKnowledge('java')).value(sinkArg(index, n)).tainted;
}

/** A servlet method reading `u` from the request, with `body` after it, in class A, then `rest`. */
const servlet = (body: string, rest = '', imports = JAVAX): string =>
  `${imports}class A {\n void get(HttpServletRequest request) {\n String u = request.getParameter("u");\n ${body}\n }\n ${rest}\n}`;

async function constraints(code: string): Promise<{ bean: BeanConstraints; root: Node }> {
  const index = await indexOf('java', code);
  const stringOf = (n: Node): string | undefined => (n.type === 'string_literal' ? JSON.parse(n.text) : undefined);
  return { bean: new BeanConstraints(index.root, index.text, stringOf), root: index.root };
}

describe('code/beanValidation (@Pattern constraints as allow-list checks)', () => {
  it('reads a token-only regexp as clearing, imported or fully qualified, javax or jakarta', async () => {
    const { bean, root } = await constraints(`${JAVAX}class A {
      String a(${TOKEN} String p) { return p; }
      String b(@javax.validation.constraints.Pattern(regexp = "^\\\\w{1,32}$") String p) { return p; }
      String c(@jakarta.validation.constraints.Pattern(regexp = "[a-z]+", message = "bad") String p) { return p; }
      String d(@Pattern.List({@Pattern(regexp = ".*"), ${TOKEN}}) String p) { return p; }
    }`);
    const cls = root.namedChildren.find((c) => c?.type === 'class_declaration') as Node;
    for (const m of ['a', 'b', 'c', 'd']) assert.equal(bean.parameterClears(formalParameter(methodsOf(cls, m, 1)[0], 'p') as Node), true, m);
  });

  it('does not clear a loose regexp, a simple name not imported from the validation package, or no regexp', async () => {
    const loose = await constraints(`${JAVAX}class A {
      String a(@Pattern(regexp = ".*") String p) { return p; }
      String b(@Pattern(regexp = "[a-z/.]+") String p) { return p; }
      String c(@Pattern(regexp = "[a-z]+|.*") String p) { return p; }
      String d(@Pattern(message = "x") String p) { return p; }
      String e(@NotNull String p) { return p; }
    }`);
    const cls = loose.root.namedChildren.find((c) => c?.type === 'class_declaration') as Node;
    for (const m of ['a', 'b', 'c', 'd', 'e']) assert.equal(loose.bean.parameterClears(formalParameter(methodsOf(cls, m, 1)[0], 'p') as Node), false, m);
    const other = await constraints(`import com.example.Pattern;\nclass A { String a(${TOKEN} String p) { return p; } }`);
    const cls2 = other.root.namedChildren.find((c) => c?.type === 'class_declaration') as Node;
    assert.equal(other.bean.parameterClears(formalParameter(methodsOf(cls2, 'a', 1)[0], 'p') as Node), false);
  });

  it('does not clear a constraint of named validation groups, which the default validation skips', async () => {
    const { bean, root } = await constraints(`${JAVAX}class A {
      String a(@Pattern(regexp = "[a-z]+", groups = Strict.class) String p) { return p; }
      String b(@Pattern(regexp = "[a-z]+", groups = { Strict.class, Default.class }) String p) { return p; }
      String c(@Pattern(regexp = "[a-z]+", groups = Default.class) String p) { return p; }
      String d(@Pattern(regexp = "[a-z]+", groups = {}) String p) { return p; }
    }`);
    const cls = root.namedChildren.find((c) => c?.type === 'class_declaration') as Node;
    const clears = (m: string): boolean => bean.parameterClears(formalParameter(methodsOf(cls, m, 1)[0], 'p') as Node);
    assert.deepEqual(['a', 'b', 'c', 'd'].map(clears), [false, false, true, true]);
  });

  it('clears type uses whose every string is constrained, fields and methods', async () => {
    const { bean, root } = await constraints(`${JAVAX}class A {
      ${TOKEN} String field;
      List<${TOKEN} String> ids;
      Map<String, ${TOKEN} String> byName;
      Map<Integer, ${TOKEN} String> byId;
      ${TOKEN} public String m() { return x; }
      public String n() { return x; }
    }`);
    const cls = root.namedChildren.find((c) => c?.type === 'class_declaration') as Node;
    assert.equal(bean.fieldDeclarationClears(fieldDeclaration(cls, 'field') as Node), true);
    assert.equal(bean.fieldDeclarationClears(fieldDeclaration(cls, 'ids') as Node), true);
    assert.equal(bean.fieldDeclarationClears(fieldDeclaration(cls, 'byName') as Node), false, 'the keys are open');
    assert.equal(bean.fieldDeclarationClears(fieldDeclaration(cls, 'byId') as Node), true, 'numbers as keys');
    assert.equal(bean.methodClears(methodsOf(cls, 'm', 0)[0]), true);
    assert.equal(bean.methodClears(methodsOf(cls, 'n', 0)[0]), false);
  });

  it('is skipped cheaply in files that name no @Pattern', async () => {
    const index = await indexOf('java', 'class A { void f() {} }');
    assert.equal(mayConstrain(index.root, index.text), false);
  });

  it('clears input read through a constrained field, getter, parameter, method or type use', async () => {
    const cases: [string, string][] = [
      ['B b = new B(u); sink(b.uri);', `class B { ${TOKEN} String uri; B(String uri) { this.uri = uri; } }`],
      ['B b = new B(u); sink(b.getUri());', `class B { ${TOKEN} String uri; B(String uri) { this.uri = uri; } String getUri() { return uri; } }`],
      ['var b = new B(u); sink(b.getUri());', `class B { String uri; B(${TOKEN} String uri) { this.uri = uri; } String getUri() { return this.uri; } }`],
      ['B b = new B(u); sink(b.uri);', `class B { String uri; B(${TOKEN} String uri) { this.uri = uri; } }`],
      ['sink(id(u));', `String id(${TOKEN} String s) { return s; }`],
      ['sink(id(u));', `${TOKEN} String id(String s) { return s; }`],
      ['sink(first(List.of(u)));', `String first(List<${TOKEN} String> l) { return l.get(0); }`],
      ['R r = new R(u); sink(r.id());', `record R(${TOKEN} String id) {}`],
    ];
    for (const [body, rest] of cases) assert.equal(await sinkTainted(servlet(body, rest)), false, `${body} / ${rest}`);
  });

  it('keeps input that a constraint does not clear', async () => {
    const cases: [string, string, string?][] = [
      ['sink(id(u));', 'String id(@Pattern(regexp = ".*") String s) { return s; }'],
      ['sink(first(List.of(u)));', `String first(List<String> l) { return l.get(0); }`],
      // Set again after construction, or by another class: the constrained constructor is not the only writer.
      ['B b = new B(u); b.uri = u; sink(b.uri);', `class B { String uri; B(${TOKEN} String uri) { this.uri = uri; } }`],
      ['B b = new B(u); sink(b.getUri());', `class B { String uri; B(${TOKEN} String uri) { this.uri = uri; } void set(String v) { uri = v; } String getUri() { return uri; } }`],
      ['B b = new B(u); sink(b.uri);', `class B { String uri; B(String uri) { this.uri = uri; } }`],
      // Not imported: another library's annotation of that name.
      ['sink(id(u));', `String id(${TOKEN} String s) { return s; }`, ''],
    ];
    for (const [body, rest, imports] of cases) assert.equal(await sinkTainted(servlet(body, rest, imports ?? JAVAX)), true, `${body} / ${rest}`);
  });
});
