import assert from 'node:assert/strict';
import { templateMark } from '../../../../tasks/engine/deps/templateManifest';

describe('deps/templateManifest', () => {
  it("tells a generator's templates by their path or their tags", () => {
    assert.match(templateMark('{{cookiecutter.project_slug}}/requirements/base.txt', 'django==4.2\n') ?? '', /template field/);
    assert.match(templateMark('python/templates/new-package/pyproject.toml', 'dependencies = [\n{%- if cookiecutter.depends_on_core -%}\n"autogen-core",\n{% endif %}\n]\n') ?? '', /template tags/);
    assert.match(templateMark('templates/app/pyproject.toml', 'dependencies = [\n    "fastapi>=0.119.0",\n//#if UseRedisCache\n    "redis>=6.4.0",\n//#endif\n]\n') ?? '', /directives/);
    assert.match(templateMark('java/odsa-faas/pom.xml', '<properties>\n  <functionAppName><YOUR_AZURE_FUNCTION_APP_NAME></functionAppName>\n</properties>\n') ?? '', /placeholders/);
    assert.match(templateMark('chart/package.json', '{ "name": "{{ .Values.name }}" }') ?? '', /template tags/);
  });

  it('finds nothing in a broken manifest that is no template', () => {
    assert.equal(templateMark('pyproject.toml', '[project\nname = "x"\n'), undefined);
    assert.equal(templateMark('package-lock.json', '{ "lockfileVersion": 3, '), undefined);
    // A TOML comment that starts with #if, and braces in a JSON value, are no template.
    assert.equal(templateMark('pyproject.toml', '#if you change this, bump the version\n[project\n'), undefined);
    assert.equal(templateMark('package.json', '{ "scripts": { "x": "echo {}" }'), undefined);
  });
});
