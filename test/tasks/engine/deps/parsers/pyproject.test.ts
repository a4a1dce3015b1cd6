import assert from 'node:assert/strict';
import { parsePyproject } from '../../../../../tasks/engine/deps/parsers/pyproject';
import { ManifestError } from '../../../../../tasks/engine/deps/types';
import { pkgs, unchecked } from '../support/parsed';

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
});
