import assert from 'node:assert/strict';
import { conditionPins, conditionRejectsOthers, isLiteralCollection, leaves, parsedFrom, runsBefore, skipsRest, unsafeCharTest } from '../../../../tasks/engine/code/guards';
import { indexOf } from '../../../support/codeIndex';

const DEFINITIONS: Record<string, string[]> = {
  ALLOWED: ["['a.txt', 'b.txt']"],
  ALLOWED_FILES: ['new HashSet<string> { "a", "b" }'],
  OTHERS: ['loadOthers()'],
  SAFE: ["re.compile(r'^[A-Za-z0-9_-]+$')"],
  SAFE_JS: ['/^[\\w-]{1,64}$/'],
  LOOSE: ['regexp.MustCompile(`^[a-z./]+$`)'],
  allowed: ['map[string]bool{"name": true, "email": true}'],
  mixed: ['map[string]bool{"name": true, "email": false}'],
  ROUTES: ["{ home: '/', about: '/about', 'contact-us': '/contact' }"],
  PY_ROUTES: ["{'home': '/', 'about': '/about'}"],
  built: ['{ ...defaults, extra: 1 }'],
  computed: ["{ [key]: '/', home: '/' }"],
  target: ['request.args.get("target", "")', 'target.replace("\\\\", "/")'],
  raw: ['request.args.get("target", "")'],
};
const isList = (name: string): readonly string[] => DEFINITIONS[name] ?? [];

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
      'allowed[p]',
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
      'mixed[p]',
      'OTHERS[p]',
    ]) {
      assert.equal(conditionPins(c, 'p', isList), false, c);
    }
  });

  it('reads negated checks: failing them pins the name', () => {
    for (const c of ["p !== 'a'", "p != 'a' && p != 'b'", "err != nil || p != 'a'", '!ALLOWED.includes(p)', 'p not in ALLOWED', "p not in ('a', 'b')", 'not p in ALLOWED', '!"a".equals(p)', '!allowed[p]']) {
      assert.equal(conditionRejectsOthers(c, 'p', isList), true, c);
    }
    for (const c of ["p === 'a'", "p === 'a' || q", "!ALLOWED.includes(p) && other", 'p not in OTHERS', "p != q"]) {
      assert.equal(conditionRejectsOthers(c, 'p', isList), false, c);
    }
  });

  it('pins a name checked against an anchored pattern of letters, digits, _ and - only', () => {
    for (const c of [
      "re.match(r'^[a-zA-Z0-9_-]+$', p)",
      "re.fullmatch('[a-z0-9]{1,32}', p)",
      "re.match(r'[A-Za-z]+$', p) is not None",
      '/^[\\w-]+$/.test(p)',
      '/^[a-f0-9]{40}$/i.test(p)',
      'p.matches("[A-Za-z0-9]+")',
      'Pattern.matches("\\\\w+", p)',
      'regexp.MustCompile(`^[a-z0-9\\-]+$`).MatchString(p)',
      'Regex.IsMatch(p, @"^\\d+$")',
      'SAFE.match(p)',
      'SAFE_JS.test(p)',
    ]) {
      assert.equal(conditionPins(c, 'p', isList), true, c);
    }
    for (const c of [
      "re.match(r'^[a-zA-Z0-9_-]+', p)",
      "re.search(r'[a-z]+$', p)",
      '/^[\\w-]+$/m.test(p)',
      '/[\\w-]+$/.test(p)',
      '/^[\\w.-]+$/.test(p)',
      '/^[A-z]+$/.test(p)',
      '/^[^<>]+$/.test(p)',
      '/^\\S+$/.test(p)',
      "re.match(r'^(a|b)+$', p)",
      'LOOSE.MatchString(p)',
      'OTHERS.test(p)',
      '/^[a-z]+$/.test(q)',
    ]) {
      assert.equal(conditionPins(c, 'p', isList), false, c);
    }
    assert.equal(conditionRejectsOthers('!SAFE_JS.test(p)', 'p', isList), true);
    assert.equal(conditionRejectsOthers("re.match(r'^[a-z]+$', p) is None", 'p', isList), true);
    assert.equal(conditionRejectsOthers('!validImageName.MatchString(p)', 'p', isList), false, 'a pattern with no definition');
  });

  it('pins a name to the keys of a constant object or dict, and to a constant named elsewhere', () => {
    const js = (c: string): boolean => conditionPins(c, 'p', isList, true);
    for (const c of ['ROUTES.hasOwnProperty(p)', 'Object.hasOwn(ROUTES, p)', 'Object.prototype.hasOwnProperty.call(ROUTES, p)', 'p in ROUTES', 'SAFE_TARGETS.hasOwnProperty(p)', 'config.ALLOWED_HOSTS.includes(p)', 'ALLOWED_ORIGINS.has(p)']) {
      assert.equal(js(c), true, c);
    }
    for (const c of ['p in built', 'p in computed', 'built.hasOwnProperty(p)', 'p in options', 'OTHERS.hasOwnProperty(p)', 'Object.hasOwn(req.body, p)']) {
      assert.equal(js(c), false, c);
    }
    // Python dicts key by the value of a bare name: only quoted keys are constants there.
    assert.equal(conditionPins('p in PY_ROUTES', 'p', isList), true);
    assert.equal(conditionPins('p in ROUTES', 'p', isList), false);
    assert.equal(conditionRejectsOthers('!ROUTES.hasOwnProperty(p)', 'p', isList, true), true);
  });

  it('pins a name tested empty, and a URL whose host is empty only once its backslashes are slashes', () => {
    for (const c of ['!p', 'not p', '(!p)', 'ready && !p', 'not p and ready']) assert.equal(conditionPins(c, 'p', isList), true, c);
    for (const c of ['!p.length', '!q', 'p', '!p || ready']) assert.equal(conditionPins(c, 'p', isList), false, c);
    assert.equal(conditionPins('not urlparse(target).netloc', 'target', isList), true);
    assert.equal(conditionPins('urlparse(target).netloc == ""', 'target', isList), true);
    // `/\\evil.example` has no host for the parser, and the browser's host is evil.example.
    assert.equal(conditionPins('not urlparse(raw).netloc', 'raw', isList), false);
    assert.equal(conditionPins('urlparse(raw).netloc == ""', 'raw', isList), false);
    assert.equal(conditionPins('urlparse(raw).netloc == "a.com"', 'raw', isList), true);
  });

  it('reads a URL\'s host in a check as the URL, and knows what a parsed URL was parsed from', () => {
    for (const [c, name] of [
      ['u.Host != "api.example.com"', 'u'],
      ['u.getHost().equals("a.com")', 'u'],
      ['parsed.netloc in ("a.com", "b.com")', 'parsed'],
      ['urlparse(target).netloc == "a.com"', 'target'],
      ["new URL(next).hostname === 'a.com'", 'next'],
      ["new URL(next, 'https://a.com').origin === 'https://a.com'", 'next'],
      ["u.origin !== 'https://a.com'", 'u'],
    ]) {
      const pins = conditionPins(c, name, isList) || conditionRejectsOthers(c, name, isList);
      assert.equal(pins, true, c);
    }
    assert.equal(conditionPins('u.host.endsWith(".a.com")', 'u', isList), false, 'a suffix is not a host');
    assert.equal(conditionPins('u.path == "/a"', 'u', isList), false, 'the path is not the host');
    assert.equal(parsedFrom('urlparse(target)'), 'target');
    assert.equal(parsedFrom('new Uri(url, UriKind.Absolute)'), 'url');
    assert.equal(parsedFrom('url.Parse(raw)'), 'raw');
    assert.equal(parsedFrom('parse(raw)'), undefined);
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

  it('knows branches that skip the rest of a loop iteration (continue, break), as well as those that leave', async () => {
    const go = await indexOf('go', 'package m\nfunc f(xs []string) {\n for _, x := range xs {\n  if x == "" {\n   continue\n  }\n  if x == "a" {\n   break\n  }\n  if x == "b" {\n   return\n  }\n  if x == "c" {\n   fmt.Println(x)\n  }\n  sink(x)\n }\n}\n');
    const ifs = go.ofTypes(go.adapter.ifTypes).map((i) => i.childForFieldName('consequence')!);
    assert.deepEqual(ifs.map((b) => skipsRest(b)), [true, true, true, false]);
    assert.equal(leaves(ifs[0]), false, 'continue does not leave the function');
    const java = await indexOf('java', 'class A { void f(String[] xs) { for (String x : xs) { if (x.isEmpty()) continue; sink(x); } } }');
    assert.equal(skipsRest(java.ofTypes(java.adapter.ifTypes)[0].childForFieldName('consequence')!), true, 'a bare continue');
  });

  it('reads a test for characters outside a class: what the value holds where it failed', () => {
    assert.equal(unsafeCharTest('/[^A-Za-z0-9_-]/.test(s)', 's'), 'token');
    assert.equal(unsafeCharTest('(!/^[\\w-]+$/.test(s))', 's'), 'token');
    assert.equal(unsafeCharTest('/[^A-Za-z0-9_\\/:=-]/.test(s)', 's'), 'shell-word');
    assert.equal(unsafeCharTest('/[^A-Za-z0-9_\\/:=-]/.test(t)', 's'), undefined, 'another name');
    assert.equal(unsafeCharTest('/[^A-Za-z0-9_ -]/.test(s)', 's'), undefined, 'a space splits a shell word');
    assert.equal(unsafeCharTest('/[^+-=]/.test(s)', 's'), undefined, 'a range that takes in ; and <');
    assert.equal(unsafeCharTest('/[^\\w~]/.test(s)', 's'), undefined, 'a tilde expands');
    assert.equal(unsafeCharTest('/^[\\w-]+$/.test(s)', 's'), undefined, 'holds for harmless values');
    assert.equal(unsafeCharTest('/[^\\w]/m.test(s)', 's'), undefined);
  });
});
