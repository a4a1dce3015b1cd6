import assert from 'node:assert/strict';
import { mapNode, parseYamlTree, topLevelKeys, type CNode } from '../../../../../tasks/engine/code/config/configTree';

describe('config tree (YAML and JSON)', () => {
  it('maps, lists and scalars with their source offsets', () => {
    const text = 'trigger:\n  - main\npool:\n  vmImage: ubuntu-latest\nretries: 3\nenabled: true\n';
    const doc = parseYamlTree(text);
    assert.ok(doc);
    const root = doc.roots[0];
    assert.deepEqual(topLevelKeys(doc), ['trigger', 'pool', 'retries', 'enabled']);
    const [trigger, pool, retries, enabled] = root.entries ?? [];
    assert.equal(trigger.value.kind, 'list');
    assert.equal(trigger.value.items?.[0].value, 'main');
    const vm = pool.value.entries?.[0].value as CNode;
    assert.equal(vm.value, 'ubuntu-latest');
    assert.equal(text.slice(vm.start, vm.end), 'ubuntu-latest');
    assert.equal(vm.text, 'ubuntu-latest');
    assert.equal(retries.value.value, 3);
    assert.equal(enabled.value.value, true);
    assert.equal(text.slice(pool.start, pool.start + 4), 'pool');
  });

  it('reads JSON, and every document of a YAML stream', () => {
    const json = parseYamlTree('{"a": {"b": [1, "x", null]}}');
    assert.deepEqual(json?.roots[0].entries?.[0].value.entries?.[0].value.items?.map((i) => i.value), [1, 'x', null]);
    const stream = parseYamlTree('kind: A\n---\nkind: B\n');
    assert.equal(stream?.roots.length, 2);
    assert.equal(stream?.roots[1].entries?.[0].value.value, 'B');
  });

  it('a key without a value is a null scalar; an alias is an expression; duplicate keys are kept', () => {
    const doc = parseYamlTree('base: &b 1\nempty:\nref: *b\nbase: 2\n');
    const entries = doc?.roots[0].entries ?? [];
    assert.deepEqual(entries.map((e) => e.key), ['base', 'empty', 'ref', 'base']);
    assert.deepEqual([entries[1].value.kind, entries[1].value.value], ['scalar', null]);
    assert.deepEqual([entries[2].value.kind, entries[2].value.text], ['expr', '*b']);
  });

  it('null for text that does not parse; no roots for an empty file; non-ASCII keys kept', () => {
    assert.equal(parseYamlTree('a: [1, 2\nb: 3'), null);
    assert.equal(parseYamlTree('{"a": '), null);
    assert.deepEqual(parseYamlTree('')?.roots, []);
    assert.deepEqual(topLevelKeys(parseYamlTree('ключ: ✓\n')!), ['ключ']);
  });

  it('topLevelKeys is empty when the first document is not a map', () => {
    assert.deepEqual(topLevelKeys(parseYamlTree('- a\n- b\n')!), []);
    assert.deepEqual(topLevelKeys({ roots: [] }), []);
  });

  it('mapNode builds a map node over its entries', () => {
    assert.deepEqual(mapNode([], 0, 5), { kind: 'map', entries: [], start: 0, end: 5 });
  });
});
