import assert from 'node:assert/strict';
import { packageJsonRoots } from '../../../../../tasks/engine/deps/parsers/packageJson';
import { siblings } from '../support/parsed';

describe('package.json beside a lockfile (packageJson)', () => {
  it('lists every declared dependency, devDependencies marked dev', () => {
    const pkg = JSON.stringify({
      name: 'app',
      dependencies: { lodash: '^4.17.0' },
      optionalDependencies: { fsevents: '2.x' },
      peerDependencies: { react: '>=17' },
      devDependencies: { mocha: '10.0.0' },
    });
    assert.deepEqual(packageJsonRoots(siblings({ 'package.json': pkg })), [
      { name: 'lodash', range: '^4.17.0', dev: false },
      { name: 'fsevents', range: '2.x', dev: false },
      { name: 'react', range: '>=17', dev: false },
      { name: 'mocha', range: '10.0.0', dev: true },
    ]);
  });

  it('reads the package.json of a workspace folder', () => {
    const ctx = siblings({ 'packages/a/package.json': '{"dependencies":{"x":"1.0.0"}}' });
    assert.deepEqual(packageJsonRoots(ctx, 'packages/a'), [{ name: 'x', range: '1.0.0', dev: false }]);
    assert.equal(packageJsonRoots(ctx), undefined);
  });

  it('skips sections and ranges of the wrong type (an array section names no packages)', () => {
    const pkg = '{"dependencies": ["x"], "devDependencies": {"a": 1, "b": "2.0.0", "c": null}}';
    assert.deepEqual(packageJsonRoots(siblings({ 'package.json': pkg })), [{ name: 'b', range: '2.0.0', dev: true }]);
    assert.deepEqual(packageJsonRoots(siblings({ 'package.json': '{}' })), []);
  });

  it('is undefined without a context, without a package.json, or when it is not a JSON object', () => {
    assert.equal(packageJsonRoots(undefined), undefined);
    assert.equal(packageJsonRoots(siblings()), undefined);
    for (const bad of ['{ broken', 'null', '"text"', '["lodash"]', '']) assert.equal(packageJsonRoots(siblings({ 'package.json': bad })), undefined, JSON.stringify(bad));
  });
});
