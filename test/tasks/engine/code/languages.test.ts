import assert from 'node:assert/strict';
import { CODE_LANGUAGES } from '../../../../tasks/engine/rules/codeRuleSpec';
import { grammarOf, isPipelineYaml, languageOfPath, sampleFileName } from '../../../../tasks/engine/code/languages';

describe('code/languages', () => {
  it('tells the language from the file name, case-insensitively', () => {
    const table: [string, string | undefined][] = [
      ['src/app.js', 'javascript'], ['a.MJS', 'javascript'], ['x.jsx', 'javascript'],
      ['a.ts', 'typescript'], ['ui/App.tsx', 'typescript'], ['a.cts', 'typescript'],
      ['tool.py', 'python'], ['Program.cs', 'csharp'], ['Views/Index.cshtml', 'razor'], ['C.razor', 'razor'],
      ['Main.java', 'java'], ['main.go', 'go'], ['a.yml', 'yaml'], ['a.YAML', 'yaml'], ['package.json', 'json'],
      ['main.tf', 'terraform'], ['main.bicep', 'bicep'],
      ['Dockerfile', 'dockerfile'], ['build/Dockerfile.prod', 'dockerfile'], ['api.dockerfile', 'dockerfile'], ['Containerfile', 'dockerfile'],
      ['README.md', undefined], ['Makefile', undefined], ['noext', undefined], ['dir.js/file', undefined],
    ];
    for (const [path, lang] of table) assert.equal(languageOfPath(path), lang, path);
  });

  it('leaves out minified bundles and type declarations', () => {
    assert.equal(languageOfPath('dist/app.min.js'), undefined);
    assert.equal(languageOfPath('dist/app.min.mjs'), undefined);
    assert.equal(languageOfPath('types/index.d.ts'), undefined);
    assert.equal(languageOfPath('src/min.js'), 'javascript');
  });

  it('parses each program language with its grammar (TSX files with the TSX grammar, Razor as C#)', () => {
    assert.equal(grammarOf('typescript', 'a.ts'), 'typescript');
    assert.equal(grammarOf('typescript', 'A.TSX'), 'tsx');
    assert.equal(grammarOf('razor', 'a.cshtml'), 'csharp');
    assert.equal(grammarOf('csharp', 'a.cs'), 'csharp');
    assert.equal(grammarOf('javascript', 'a.jsx'), 'javascript');
    assert.equal(grammarOf('go', 'a.go'), 'go');
  });

  it('names a sample file that maps back to its language for every code language', () => {
    for (const lang of CODE_LANGUAGES) {
      const name = sampleFileName(lang);
      if (lang === 'azure-pipelines') {
        assert.equal(languageOfPath(name), 'yaml');
        assert.ok(isPipelineYaml(name, []));
      } else assert.equal(languageOfPath(name), lang, name);
    }
  });

  it('recognises Azure Pipelines YAML by its conventional names', () => {
    for (const p of ['azure-pipelines.yml', 'ci/azure-pipelines-release.yaml', 'build.pipeline.yml', 'x-pipelines.yaml', '.pipelines/ci.yml', 'azure-pipelines/deploy.yml', 'pipelines/a/b.yml']) {
      assert.ok(isPipelineYaml(p, []), p);
    }
    for (const p of ['docker-compose.yml', 'config/app.yaml', 'pipeline.json']) assert.ok(!isPipelineYaml(p, []), p);
  });

  it('recognises other YAML as a pipeline when it has both a body key and a head key', () => {
    assert.ok(isPipelineYaml('ci.yml', ['trigger', 'steps']));
    assert.ok(isPipelineYaml('ci.yml', ['pool', 'jobs']));
    assert.ok(isPipelineYaml('ci.yml', ['resources', 'extends']));
    assert.ok(!isPipelineYaml('ci.yml', ['steps']), 'a body key alone (e.g. a GitHub workflow fragment)');
    assert.ok(!isPipelineYaml('ci.yml', ['variables', 'name']));
  });
});
