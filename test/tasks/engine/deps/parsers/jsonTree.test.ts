import assert from 'node:assert/strict';
import { elements, expectObject, lineOf, member, members, parseJsonDoc, stringValue } from '../../../../../tasks/engine/deps/parsers/jsonTree';
import { ManifestError } from '../../../../../tasks/engine/deps/types';

describe('JSON lockfile tree (jsonTree)', () => {
  const text = '{\n  "name": "app",\n  "packages": {\n    "a": { "version": "1.0.0" },\n    "ü/ß": { "version": "2.0.0" }\n  },\n  "list": [1, "x"]\n}\n';

  it('keeps the line of every node, and reads members in file order', () => {
    const doc = parseJsonDoc(text);
    const root = expectObject(doc, 'a lockfile');
    assert.equal(stringValue(member(root, 'name')), 'app');
    const pkgs = members(member(root, 'packages'));
    assert.deepEqual(pkgs.map((p) => `${p.key}:${lineOf(doc, p.keyNode)}`), ['a:4', 'ü/ß:5']);
    assert.equal(stringValue(member(pkgs[1].value, 'version')), '2.0.0');
    assert.deepEqual(elements(member(root, 'list')).map((n) => n.value), [1, 'x']);
  });

  it('answers undefined or empty for absent keys and nodes of another type', () => {
    const root = parseJsonDoc(text).root;
    assert.equal(member(root, 'missing'), undefined);
    assert.equal(member(undefined, 'name'), undefined);
    assert.equal(member(member(root, 'list'), '0'), undefined, 'an array has no members');
    assert.deepEqual(members(member(root, 'name')), []);
    assert.deepEqual(elements(member(root, 'packages')), []);
    assert.equal(stringValue(elements(member(root, 'list'))[0]), undefined, 'a number is not a string');
  });

  it('rejects comments, trailing commas and broken JSON with the line of the first error', () => {
    const failsAt = (t: string, line: number, what: RegExp) =>
      assert.throws(() => parseJsonDoc(t), (e: ManifestError) => e instanceof ManifestError && e.line === line && what.test(e.message) && e.message.startsWith(`invalid JSON at line ${line}: `));
    failsAt('{\n  "a": 1,\n}\n', 3, /property name expected|value expected/);
    failsAt('{\n  // no comments\n  "a": 1\n}', 2, /invalid comment token/);
    failsAt('{\n  "a": 1\n  "b": 2\n}', 3, /comma expected/);
  });

  it('calls an empty (or blank) file empty, not "value expected"', () => {
    for (const t of ['', '  \n\n']) assert.throws(() => parseJsonDoc(t), (e: ManifestError) => e instanceof ManifestError && e.line === 1 && e.message === 'invalid JSON at line 1: the file is empty');
  });

  it('expectObject refuses valid JSON of another shape', () => {
    for (const t of ['[]', '"x"', '42', 'null']) assert.throws(() => expectObject(parseJsonDoc(t), 'package-lock.json'), /expected a JSON object at the top level of package-lock.json/);
  });
});
