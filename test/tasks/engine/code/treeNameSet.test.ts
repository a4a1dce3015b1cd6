import assert from 'node:assert/strict';
import { deserialize, serialize } from 'node:v8';
import { nameLanguages, TreeNameSet } from '../../../../tasks/engine/code/treeNameSet';

describe('code/treeNameSet', () => {
  // Enough names that the table's probes run past occupied slots, with near neighbours
  // (prefixes, one character apart) and non-ASCII paths.
  const names = [
    ...Array.from({ length: 3000 }, (_, i) => `js:src/module${i}/index`),
    ...Array.from({ length: 500 }, (_, i) => `py:pkg.mod${i}`),
    'java:UserController',
    'cs:HomeController',
    'go:cmd/server',
    'js:lib/café/ünïcode',
    'js:a',
  ];
  const set = TreeNameSet.of([...names, ...names.slice(0, 100)]);
  const absent = ['js:src/module3000/index', 'js:src/module1/inde', 'js:src/module1/index/', 'js:', '', 'js:lib/cafe/unicode', 'py:pkg.mod', 'java:usercontroller', 'js:b'];

  it('answers has() as a Set of the same names does', () => {
    for (const n of names) assert.ok(set.has(n), n);
    for (const n of absent) assert.ok(!set.has(n), n);
  });

  it('holds each name once, in the order first given', () => {
    assert.equal(set.size, names.length);
    assert.deepEqual([...set], names);
    assert.deepEqual([...set.keys()].slice(0, 2), names.slice(0, 2));
    assert.deepEqual([...set.entries()][0], [names[0], names[0]]);
    let seen = 0;
    set.forEach((v, k) => {
      assert.equal(v, k);
      seen++;
    });
    assert.equal(seen, names.length);
  });

  it('names its languages', () => {
    assert.deepEqual([...set.languages].sort(), ['cs', 'go', 'java', 'js', 'py']);
    assert.deepEqual([...nameLanguages(set)].sort(), ['cs', 'go', 'java', 'js', 'py']);
    assert.deepEqual([...nameLanguages(new Set(['js:a', 'py:b']))].sort(), ['js', 'py']);
  });

  it('crosses to another thread as its data and answers the same there', () => {
    const copy = TreeNameSet.from(deserialize(serialize(set.data)) as typeof set.data);
    for (const n of names) assert.ok(copy.has(n), n);
    for (const n of absent) assert.ok(!copy.has(n), n);
    assert.equal(copy.size, set.size);
  });

  it('an empty set holds nothing', () => {
    const empty = TreeNameSet.of([]);
    assert.equal(empty.size, 0);
    assert.ok(!empty.has(''));
    assert.ok(!empty.has('js:a'));
    assert.deepEqual([...empty], []);
  });
});
