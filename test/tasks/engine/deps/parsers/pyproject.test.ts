import assert from 'node:assert/strict';
import { parsePyproject, pep508, pyprojectDeclared, siblingPyproject } from '../../../../../tasks/engine/deps/parsers/pyproject';
import { ManifestError } from '../../../../../tasks/engine/deps/types';
import { pkgs, siblings, unchecked } from '../support/parsed';

describe('pyproject.toml', () => {
  it('PEP 621 == pins and Poetry exact pins count, at their line; ranges are unchecked', () => {
    const text = [
      '[project]',
      'name = "app"',
      'dependencies = [',
      '  "Django==2.2.20",',
      '  "requests>=2",',
      '  "urllib3 == 1.26.4 ; python_version >= \'3.8\'",',
      ']',
      '',
      '[project.optional-dependencies]',
      'yaml = ["PyYAML===5.3"]',
      '',
      '[dependency-groups]',
      'test = ["pytest==7.0.0"]',
      '',
      '[tool.poetry.dependencies]',
      'python = "^3.9"',
      'flask = "1.0"',
      'click = "^8.0"',
      '',
      '[tool.poetry.group.dev.dependencies]',
      'black = { version = "==22.1.0" }',
      '',
    ].join('\n');
    const m = parsePyproject(text);
    assert.deepEqual(pkgs(m), ['Django@2.2.20:4', 'urllib3@1.26.4:6', 'PyYAML@5.3:10', 'pytest@7.0.0:13:dev', 'flask@1.0:17', 'black@22.1.0:21:dev']);
    assert.deepEqual(unchecked(m), ['requests:5', 'click:18']);
    assert.ok(m.packages.every((p) => p.direct));
    assert.throws(() => parsePyproject('[project\nname = 1\n'), ManifestError);
  });

  it('never repeats a direct URL reference, which may carry credentials', () => {
    const m = parsePyproject('[project]\ndependencies = [\n  "lib @ https://user:s3cret@example.com/lib-1.0.whl",\n]\n');
    assert.deepEqual(m.unchecked, [{ name: 'lib', reason: 'direct URL reference', line: 3 }]);
    assert.ok(!JSON.stringify(m).includes('s3cret'));
  });

  it('points a parenthesised PEP 508 pin at its own line', () => {
    const m = parsePyproject('[project]\nname = "app"\ndependencies = [\n  "Django (==2.2.20)",\n]\n');
    assert.deepEqual(pkgs(m), ['Django@2.2.20:4']);
  });

  it('an empty file declares nothing', () => {
    assert.deepEqual(parsePyproject(''), { packages: [], unchecked: [] });
  });

  it('pep508 splits a requirement into name and spec, dropping extras and markers', () => {
    assert.deepEqual(pep508('  requests [security,socks] >=2.8.1, ==2.8.* ; python_version < "2.7"'), { name: 'requests', spec: '>=2.8.1, ==2.8.*' });
    assert.deepEqual(pep508('Django (==2.2)'), { name: 'Django', spec: '==2.2' });
    assert.deepEqual(pep508('zope.interface'), { name: 'zope.interface', spec: '' });
    assert.equal(pep508('-e .'), undefined);
    assert.equal(pep508(''), undefined);
  });

  it('pyprojectDeclared: PEP 621, PEP 735 and Poetry sections, main group production, python skipped', () => {
    const declared = pyprojectDeclared({
      project: { dependencies: ['a==1', 42], 'optional-dependencies': { x: ['b>=2'] } },
      'dependency-groups': { lint: ['c'] },
      tool: { poetry: { dependencies: { Python: '^3.9', d: '1.0' }, 'dev-dependencies': { e: { version: '^2' } }, group: { main: { dependencies: { f: { git: 'x' } } }, docs: { dependencies: { g: '*' } } } } },
    });
    assert.deepEqual(declared.map((d) => `${d.name} ${d.spec}|${d.dev ? 'dev' : 'prod'}|${d.section}`), [
      'a ==1|prod|project',
      'b >=2|prod|project.optional-dependencies',
      'c |dev|dependency-groups',
      'd 1.0|prod|tool.poetry.dependencies',
      'e ^2|dev|tool.poetry.dev-dependencies',
      'f |prod|tool.poetry.group.main.dependencies',
      'g *|dev|tool.poetry.group.docs.dependencies',
    ]);
    assert.deepEqual(pyprojectDeclared({ project: 'not a table', tool: [] }), []);
  });

  it('siblingPyproject reads the pyproject.toml beside a lockfile, and is undefined when absent or broken', () => {
    assert.deepEqual(siblingPyproject(siblings({ 'pyproject.toml': '[project]\ndependencies = ["a==1"]\n' })), [{ name: 'a', spec: '==1', dev: false, section: 'project' }]);
    assert.equal(siblingPyproject(siblings()), undefined);
    assert.equal(siblingPyproject(undefined), undefined);
    assert.equal(siblingPyproject(siblings({ 'pyproject.toml': '[project\n' })), undefined);
  });
});
