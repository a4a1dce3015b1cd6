import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuleDir, SOURCE_RULES_DIR } from '../../../../tasks/engine/ruleset/ruleLoader';
import { bundlePartFiles, kindFile, openFreshBundle, readFreshBundle, readFreshRuleList, ruleListFile, writeRuleBundle, writeRuleList } from '../../../../tasks/engine/ruleset/ruleBundle';
import { ruleSummary } from '../../../../tasks/engine/ruleset/ruleSummary';
import { ruleSummaries } from '../../../../tasks/engine/run/ruleSet';
import { makeTree, removeTree } from '../../../support/tmpTree';

const RULE = (id: string) => `id: ${id}
kind: secret
title: Test token ${id}
severity: high
cwe: [CWE-798]
keywords: [tok_]
pattern: 'tok_[a-z0-9]{20}'
help: Rotate it and keep it in a secret store.
samples:
  positive: ['x = tok_k3j9x8m2v6p5t4z7r2q1']
  negative: ['x = tok_short']
`;

describe('rule bundle', () => {
  let root: string;
  afterEach(() => root && removeTree(root));

  it('is used while its sources are unchanged and ignored once one changes', () => {
    root = makeTree({ 'src/a.yml': RULE('tok-a'), 'src/sub/b.yml': RULE('tok-b') });
    const src = join(root, 'src');
    const bundle = join(root, 'out', 'rules.bundle.json');
    writeRuleBundle(loadRuleDir(src), src, bundle);
    assert.deepEqual(readFreshBundle(bundle, src)?.map((r) => r.spec.id), ['tok-a', 'tok-b']);

    writeFileSync(join(src, 'a.yml'), RULE('tok-a').replace('Rotate it', 'Revoke it'));
    utimesSync(join(src, 'a.yml'), new Date(), new Date(Date.now() + 5000));
    assert.equal(readFreshBundle(bundle, src), null, 'an edited rule file makes the bundle stale');

    writeRuleBundle(loadRuleDir(src), src, bundle);
    writeFileSync(join(src, 'c.yml'), RULE('tok-c'));
    assert.equal(readFreshBundle(bundle, src), null, 'a new rule file makes the bundle stale');
  });

  it('reads help and samples from their own files when first asked for, the same as the YAML says', () => {
    root = makeTree({ 'src/a.yml': RULE('tok-a').replace('help: Rotate it and keep it in a secret store.', "help: '**Rotate** it \u2014 now.'") });
    const src = join(root, 'src');
    const bundle = join(root, 'out', 'rules.bundle.json');
    const fromYaml = loadRuleDir(src);
    writeRuleBundle(fromYaml, src, bundle);
    for (const f of [bundle, bundlePartFiles(bundle).help, bundlePartFiles(bundle).samples]) {
      assert.ok(/^[\x00-\x7f]*$/.test(readFileSync(f, 'latin1')), `${f} is ASCII`);
    }
    assert.ok(!readFileSync(bundle, 'latin1').includes('Rotate'), 'help is not in the bundle itself');
    const rules = readFreshBundle(bundle, src)!;
    assert.equal(rules[0].spec.help, '**Rotate** it \u2014 now.');
    assert.deepEqual(rules[0].spec, fromYaml[0].spec);
    assert.equal(ruleSummary(rules[0].spec).helpText, 'Rotate it \u2014 now.');
    rules[0].spec.help = 'changed';
    assert.equal(rules[0].spec.help, 'changed');
  });

  it('is not used when a part is missing, and names a part that went away after loading', () => {
    root = makeTree({ 'src/a.yml': RULE('tok-a') });
    const src = join(root, 'src');
    const bundle = join(root, 'out', 'rules.bundle.json');
    writeRuleBundle(loadRuleDir(src), src, bundle);
    const rules = readFreshBundle(bundle, src)!;
    rmSync(bundlePartFiles(bundle).samples);
    assert.throws(() => rules[0].spec.samples, /rules\.bundle\.samples\.json cannot be read/);
    assert.equal(readFreshBundle(bundle, src), null);
  });

  it('is trusted as built where the sources are not shipped, and ignored when unreadable', () => {
    root = makeTree({ 'src/a.yml': RULE('tok-a'), 'bad.json': '{' });
    const bundle = join(root, 'rules.bundle.json');
    writeRuleBundle(loadRuleDir(join(root, 'src')), join(root, 'src'), bundle);
    assert.equal(readFreshBundle(bundle, join(root, 'not-shipped'))?.length, 1);
    assert.equal(readFreshBundle(join(root, 'bad.json'), undefined), null);
    assert.equal(readFreshBundle(join(root, 'missing.json'), undefined), null);
  });

  it('lists the folders it was made from: an edit in place is seen with the folders unchanged, other files in them do not matter', () => {
    root = makeTree({ 'src/a.yml': RULE('tok-a'), 'src/sub/b.yml': RULE('tok-b') });
    const src = join(root, 'src');
    const bundle = join(root, 'out', 'rules.bundle.json');
    writeRuleBundle(loadRuleDir(src), src, bundle);
    const folderTime = statSync(join(src, 'sub')).mtime;
    // An editor that writes in place: the folder's time stays, the file's changes.
    writeFileSync(join(src, 'sub', 'b.yml'), RULE('tok-b').replace('Rotate it', 'Revoke it'));
    utimesSync(join(src, 'sub', 'b.yml'), new Date(), new Date(Date.now() + 5000));
    assert.equal(statSync(join(src, 'sub')).mtime.getTime(), folderTime.getTime());
    assert.equal(readFreshBundle(bundle, src), null, 'an edit in place makes the bundle stale');

    writeRuleBundle(loadRuleDir(src), src, bundle);
    writeFileSync(join(src, 'sub', '.b.yml.swp'), 'not a rule');
    assert.equal(readFreshBundle(bundle, src)?.length, 2, 'a file that is not a rule changes a folder, not the rules');
    rmSync(join(src, 'sub', 'b.yml'));
    assert.equal(readFreshBundle(bundle, src), null, 'a removed rule file makes the bundle stale');
  });

  it('writes a listing of the rules that gives what ruleSummaries gives, help read only when asked for', () => {
    root = makeTree({ 'src/a.yml': RULE('tok-a').replace('help: Rotate it and keep it in a secret store.', "help: '**Rotate** it \u2014 now.'"), 'src/b.yml': RULE('tok-b') });
    const src = join(root, 'src');
    const bundle = join(root, 'out', 'rules.bundle.json');
    const rules = loadRuleDir(src);
    const expected = ruleSummaries(rules, { disable: [], enable: ['tok-a', 'tok-b'], severity: {}, customRules: [] });
    writeRuleBundle(rules, src, bundle);
    writeRuleList(expected, src, bundle);
    assert.ok(/^[\x00-\x7f]*$/.test(readFileSync(ruleListFile(bundle), 'latin1')), 'ASCII');
    assert.ok(!readFileSync(ruleListFile(bundle), 'latin1').includes('Rotate'), 'no help in the listing');
    const listed = readFreshRuleList(bundle, src)!;
    assert.deepEqual(listed.map((r) => [r.id, r.title, r.severity]), expected.map((r) => [r.id, r.title, r.severity]));
    assert.equal(JSON.stringify(listed, null, 2), JSON.stringify(expected, null, 2), 'the same JSON, keys in the same order');
    assert.equal(listed[0].helpText, 'Rotate it \u2014 now.');

    writeFileSync(join(src, 'b.yml'), RULE('tok-b').replace('high', 'low'));
    utimesSync(join(src, 'b.yml'), new Date(), new Date(Date.now() + 5000));
    assert.equal(readFreshRuleList(bundle, src), null, 'an edited rule file makes the listing stale');
    writeRuleList(expected, src, bundle);
    assert.notEqual(readFreshRuleList(bundle, src), null);
    rmSync(bundlePartFiles(bundle).help);
    assert.equal(readFreshRuleList(bundle, src), null, 'not used without the help part');
    assert.equal(readFreshRuleList(join(root, 'missing.json'), undefined), null);
  });

  it("keeps each kind's specs in a file of its own, read when asked for, and never mixes files of two builds", () => {
    root = makeTree({ 'src/a.yml': RULE('tok-a'), 'src/b.yml': RULE('tok-b'), 'other/c.yml': RULE('tok-c'), 'other/d.yml': RULE('tok-d') });
    const src = join(root, 'src');
    const bundle = join(root, 'out', 'rules.bundle.json');
    writeRuleBundle(loadRuleDir(src), src, bundle);
    assert.ok(!readFileSync(bundle, 'latin1').includes('tok_[a-z0-9]'), 'no spec in the bundle itself');
    const open = openFreshBundle(bundle, src)!;
    assert.deepEqual(open.rules, [{ id: 'tok-a', kind: 'secret' }, { id: 'tok-b', kind: 'secret' }]);
    assert.deepEqual(open.load('code'), []);
    assert.deepEqual(open.load('secret')?.map((r) => [r.spec.id, r.source.endsWith('a.yml') || r.source.endsWith('b.yml')]), [['tok-a', true], ['tok-b', true]]);

    // Another build's file of the same kind, with as many rules: refused.
    const other = join(root, 'other-out', 'rules.bundle.json');
    writeRuleBundle(loadRuleDir(join(root, 'other')), join(root, 'other'), other);
    copyFileSync(kindFile(other, 'secret'), kindFile(bundle, 'secret'));
    assert.equal(openFreshBundle(bundle, src)?.load('secret'), null);
    assert.equal(readFreshBundle(bundle, src), null);
    rmSync(kindFile(bundle, 'code'));
    assert.equal(openFreshBundle(bundle, src), null, 'not used without every kind file');
  });

  it("reads code rules' patterns per set of languages when first asked for, each spec as the YAML says", function () {
    this.timeout(60000);
    root = makeTree({});
    const bundle = join(root, 'out', 'rules.bundle.json');
    const fromYaml = loadRuleDir(SOURCE_RULES_DIR);
    writeRuleBundle(fromYaml, SOURCE_RULES_DIR, bundle);
    const rules = openFreshBundle(bundle, SOURCE_RULES_DIR)!.load('code')!;
    const yamlById = new Map(fromYaml.map((r) => [r.spec.id, r.spec]));
    const unread = (id: string): boolean => typeof Object.getOwnPropertyDescriptor(rules.find((r) => r.spec.id === id)!.spec, 'match')?.get === 'function';
    const js = rules.find((r) => r.spec.kind === 'code' && r.spec.languages.join(',') === 'javascript,typescript')!;
    const java = rules.find((r) => r.spec.kind === 'code' && r.spec.languages.join(',') === 'java')!;
    assert.ok(unread(js.spec.id) && unread(java.spec.id), 'no pattern read at load');
    assert.deepEqual((js.spec as { match: unknown }).match, (yamlById.get(js.spec.id) as { match: unknown }).match);
    assert.ok(!unread(js.spec.id) && unread(java.spec.id), "a JavaScript rule's patterns read, not Java's");
    // Groups are read from the bytes loaded with the part: a build that replaces the file meanwhile changes nothing.
    const codeFile = kindFile(bundle, 'code');
    const text = readFileSync(codeFile, 'latin1');
    writeFileSync(codeFile, 'x'.repeat(text.length));
    assert.deepEqual((java.spec as { match: unknown }).match, (yamlById.get(java.spec.id) as { match: unknown }).match);
    writeFileSync(codeFile, text);
    // Every spec the same as from the YAML, keys in the same order (help and samples aside, read from their parts).
    const plain = (spec: object): string => JSON.stringify(spec, (k, v) => (k === 'help' || k === 'samples' ? undefined : v));
    for (const r of rules) assert.equal(plain(r.spec), plain(yamlById.get(r.spec.id)!), r.spec.id);
    const again = openFreshBundle(bundle, SOURCE_RULES_DIR)!.load('code')!;
    const spec = again.find((r) => r.spec.id === java.spec.id)!.spec;
    (spec as { match: unknown }).match = [];
    assert.deepEqual((spec as { match: unknown }).match, [], 'a pattern list set before it was read stays as set');
    // A group that does not lie within the text after the first line: the part is not used.
    const nl = text.indexOf('\n');
    const head = JSON.parse(text.slice(0, nl)) as { matchGroups: { start: number; end: number }[] };
    for (const bad of [-1, text.length]) {
      const g = { ...head, matchGroups: head.matchGroups.map((m, i) => (i === 0 ? { ...m, start: bad, end: Math.max(bad, m.end) } : m)) };
      writeFileSync(codeFile, `${JSON.stringify(g)}${text.slice(nl)}`);
      assert.equal(openFreshBundle(bundle, SOURCE_RULES_DIR)?.load('code'), null, `group start ${bad}`);
    }
  });

  it("reads only the specs of the code rules of the languages asked for, each as the YAML says, patterns in their places", function () {
    this.timeout(60000);
    root = makeTree({});
    const bundle = join(root, 'out', 'rules.bundle.json');
    const fromYaml = loadRuleDir(SOURCE_RULES_DIR);
    writeRuleBundle(fromYaml, SOURCE_RULES_DIR, bundle);
    const yamlById = new Map(fromYaml.map((r) => [r.spec.id, r.spec]));
    const plain = (spec: object): string => JSON.stringify(spec, (k, v) => (k === 'help' || k === 'samples' ? undefined : v));
    const js = (languages: readonly string[]): boolean => languages.includes('javascript');
    const some = openFreshBundle(bundle, SOURCE_RULES_DIR)!.load('code', js)!;
    const all = openFreshBundle(bundle, SOURCE_RULES_DIR)!.load('code')!;
    // The same rules as the whole part's of those languages, in its order (patterns read from
    // each rule's place among its group's: the groups also hold rules that were not asked for).
    assert.deepEqual(
      some.map((r) => r.spec.id),
      all.filter((r) => r.spec.kind === 'code' && js(r.spec.languages)).map((r) => r.spec.id),
    );
    assert.ok(some.length > 10 && some.length < all.length / 2);
    for (const r of some) assert.equal(plain(r.spec), plain(yamlById.get(r.spec.id)!), r.spec.id);
    assert.deepEqual(some.map((r) => r.source), all.filter((r) => r.spec.kind === 'code' && js(r.spec.languages)).map((r) => r.source));
    // The other languages' specs are not parsed: a part whose Java specs cannot be read still gives JavaScript's.
    const codeFile = kindFile(bundle, 'code');
    const text = readFileSync(codeFile, 'latin1');
    const nl = text.indexOf('\n');
    const head = JSON.parse(text.slice(0, nl)) as { specGroups: { languages: string; start: number; end: number }[]; entries: { id: string; group: number }[] };
    const java = head.specGroups.find((g) => g.languages === 'java')!;
    const broken = text.slice(0, nl + 1 + java.start) + 'x'.repeat(java.end - java.start) + text.slice(nl + 1 + java.end);
    writeFileSync(codeFile, broken);
    assert.equal(openFreshBundle(bundle, SOURCE_RULES_DIR)!.load('code', js)!.length, some.length);
    assert.equal(openFreshBundle(bundle, SOURCE_RULES_DIR)!.load('code'), null, 'not used for the languages whose specs cannot be read');
    // An entry out of its group's range, or naming another rule than the bundle's list: the part is not used.
    for (const entries of [head.entries.map((e, i) => (i === 0 ? { ...e, group: head.specGroups.length } : e)), head.entries.map((e, i) => (i === 0 ? { ...e, id: 'other' } : e))]) {
      writeFileSync(codeFile, `${JSON.stringify({ ...head, entries })}${text.slice(nl)}`);
      assert.equal(openFreshBundle(bundle, SOURCE_RULES_DIR)?.load('code', js), null);
    }
    writeFileSync(codeFile, text);
  });
});
