import assert from 'node:assert/strict';
import { conditionPins, conditionRejectsOthers, isLiteralCollection, leaves, runsBefore } from '../../../../tasks/engine/code/guards';
import { indexOf } from '../../../support/codeIndex';

const lists = new Set(['ALLOWED', 'ALLOWED_FILES']);
const isList = (name: string): boolean => lists.has(name);

describe('code/guards (checks read from the syntax)', () => {
  it('pins a name compared for equality with a literal, in any language form', () => {
    for (const c of [
      "p === 'foo.txt'",
      '(p == "foo.txt")',
      "'foo.txt' === p",
      'p == 42',
      'p in ("a", "b")',
      "p in ['a', 'b',]",
      '"a".equals(p)',
      'p.equalsIgnoreCase("a")',
      'string.Equals(p, "a", StringComparison.Ordinal)',
      "['a', 'b'].includes(p)",
      'List.of("a", "b").contains(p)',
      'slices.Contains([]string{"a", "b"}, p)',
      'p in ALLOWED',
      'ALLOWED.includes(p)',
      'ALLOWED_FILES.Contains(p)',
      "p === 'a' && ready",
      "ready and p == 'a'",
      "p == 'foo' or p == 'bar'",
      "(p === 'a') || (p === 'b' && ready)",
    ]) {
      assert.equal(conditionPins(c, 'p', isList), true, c);
    }
  });

  it('does not pin what the check leaves open', () => {
    for (const c of [
      "p !== 'foo.txt'",
      "p === 'a' || q === 'b'",
      "p == 'a' or ready",
      'p === other',
      'p.startsWith("a")',
      'p in OTHERS',
      'OTHERS.includes(p)',
      'p in ("a", b)',
      "path === 'a'",
      "p === `a${x}`",
      "(p === 'a'",
      'q.equals(p)',
    ]) {
      assert.equal(conditionPins(c, 'p', isList), false, c);
    }
  });

  it('reads negated checks: failing them pins the name', () => {
    for (const c of ["p !== 'a'", "p != 'a' && p != 'b'", '!ALLOWED.includes(p)', 'p not in ALLOWED', "p not in ('a', 'b')", 'not p in ALLOWED', '!"a".equals(p)']) {
      assert.equal(conditionRejectsOthers(c, 'p', isList), true, c);
    }
    for (const c of ["p === 'a'", "p !== 'a' || p !== 'b'", "!ALLOWED.includes(p) && other", 'p not in OTHERS', "p != q"]) {
      assert.equal(conditionRejectsOthers(c, 'p', isList), false, c);
    }
  });

  it('recognises collections written out of literals', () => {
    for (const t of ["['a', 'b']", '("a", "b")', "{'a', 'b'}", "new Set(['a', 'b'])", 'Set.of("a", "b")', 'Arrays.asList("a", "b")', "frozenset({'a', 'b'})", 'new[] { "a", "b" }', 'new HashSet<string> { "a", "b" }', '[]string{"a", "b"}']) {
      assert.equal(isLiteralCollection(t), true, t);
    }
    for (const t of ["['a', b]", 'loadAllowed()', 'new Set(names)', "['a', 'b'].concat(extra)"]) {
      assert.equal(isLiteralCollection(t), false, t);
    }
  });

  it('knows branches that leave the function, Go and Java exits included', async () => {
    const go = await indexOf('go', 'package m\nfunc f(x string) {\n if x == "" {\n  log.Fatal("no")\n }\n if x == "a" {\n  fmt.Println(x)\n }\n sink(x)\n}\n');
    const ifs = go.ofTypes(go.adapter.ifTypes);
    assert.equal(leaves(ifs[0].childForFieldName('consequence')!), true, 'log.Fatal ends the program');
    assert.equal(leaves(ifs[1].childForFieldName('consequence')!), false);
    const sink = go.ofTypes(go.adapter.callTypes).find((c) => c.text.startsWith('sink('))!;
    assert.equal(runsBefore(ifs[0], sink), true);
    const js = await indexOf('javascript', 'function f(x) { for (;;) { if (!x) return; } sink(x); }');
    const inLoop = js.ofTypes(js.adapter.ifTypes)[0];
    const jsSink = js.ofTypes(js.adapter.callTypes).find((c) => c.text.startsWith('sink('))!;
    assert.equal(runsBefore(inLoop, jsSink), false, 'a guard inside a loop may not run');
  });
});
