import assert from 'node:assert/strict';
import { crossCalls, crossDefs, crossLanguageOf, jsModuleOf, normalisePath, pyModuleOf, pyModuleSuffixes, treeNameOf, treeNamesOf, type CrossLanguage } from '../../../../tasks/engine/code/crossFileNames';
import type { FileIndex } from '../../../../tasks/engine/code/fileIndex';
import { indexOf as indexOfCode } from '../../../support/codeIndex';

type Lang = 'javascript' | 'typescript' | 'python' | 'java' | 'csharp' | 'go';

const indexOf = (language: Lang, path: string, code: string): Promise<FileIndex> => indexOfCode(language, code, path);

async function defsOf(language: Lang, path: string, code: string): Promise<string[]> {
  const index = await indexOf(language, path, code);
  return crossDefs(index, path, crossLanguageOf(language) as CrossLanguage).map((d) => `${d.key}/${d.params}${d.self ? 's' : ''}`);
}

async function callsOf(language: Lang, path: string, code: string, names?: ReadonlySet<string>): Promise<string[]> {
  const index = await indexOf(language, path, code);
  return crossCalls(index, path, crossLanguageOf(language) as CrossLanguage, names).map((c) => `${c.call.node.text.slice(0, c.call.node.text.lastIndexOf('('))} -> ${c.targets.join(' | ')}${c.relative ? ' (relative)' : ''}`);
}

describe('cross-file names', () => {
  it('names modules by path, as each language imports them', () => {
    assert.equal(normalisePath('a/./b/../c'), 'a/c');
    assert.equal(normalisePath('a/../../c'), null);
    assert.equal(jsModuleOf('src/lib/shell.ts'), 'src/lib/shell');
    assert.equal(jsModuleOf('src/lib/index.js'), 'src/lib');
    assert.equal(pyModuleOf('app/helpers.py'), 'app.helpers');
    assert.equal(pyModuleOf('app/__init__.py'), 'app');
    assert.deepEqual(pyModuleSuffixes('src.app.helpers'), ['src.app.helpers', 'app.helpers', 'helpers']);
    assert.deepEqual(treeNamesOf('src/main/java/com/x/Shell.java'), ['java:Shell']);
    assert.deepEqual(treeNamesOf('Util/Shell.cs'), ['cs:Shell']);
    assert.deepEqual(treeNamesOf('lib/a.d.ts'), []);
    assert.equal(treeNameOf('java:com.x.util.Shell#run'), 'java:Shell');
    assert.equal(treeNameOf('py:app.helpers#Runner.go'), 'py:app.helpers');
    assert.deepEqual(treeNamesOf('internal/shell/shell.go'), ['go:internal/shell']);
    assert.deepEqual(treeNamesOf('main.go'), ['go:']);
    assert.equal(treeNameOf('go:internal/shell#Exec'), 'go:internal/shell');
    assert.equal(crossLanguageOf('go'), 'go');
    assert.equal(crossLanguageOf('ruby'), undefined);
  });

  it('finds the functions other files can call (JS/TS top level, Python functions and methods, Java/C# non-private methods)', async () => {
    assert.deepEqual(
      await defsOf('javascript', 'lib/a.js', `function run(a, b) {}\nexport function exported(x) {}\nconst arrow = (y) => y;\nexports.viaExports = function (z) {};\nclass K { method(q) {} }\nfunction outer() { function inner(w) {} }\n`),
      ['js:lib/a#run/2', 'js:lib/a#exported/1', 'js:lib/a#arrow/1', 'js:lib/a#viaExports/1', 'js:lib/a#outer/0'],
    );
    assert.deepEqual(await defsOf('python', 'app/h.py', `def run(cmd):\n    pass\n\nclass Runner:\n    def go(self, cmd):\n        pass\n\n    @staticmethod\n    def st(x):\n        pass\n`), [
      'py:app.h#run/1',
      'py:app.h#Runner.go/2s',
      'py:app.h#Runner.st/1',
    ]);
    assert.deepEqual(await defsOf('java', 'com/x/Shell.java', `package com.x;\npublic class Shell {\n  public void run(String c) {}\n  void pkg(String a, int b) {}\n  private void hidden(String c) {}\n  class Inner { public void no(String s) {} }\n}\n`), ['java:com.x.Shell#run/1', 'java:com.x.Shell#pkg/2']);
    assert.deepEqual(await defsOf('csharp', 'Shell.cs', `namespace App.Util {\n  public static class Shell {\n    public static void Exec(string c) {}\n    private static void Hidden(string c) {}\n  }\n}\n`), ['cs:App.Util.Shell#Exec/1']);
    assert.deepEqual(await defsOf('csharp', 'Shell.cs', `namespace App.Util;\npublic class Shell {\n  public void Exec(string c) {}\n}\n`), ['cs:App.Util.Shell#Exec/1']);
  });

  it('resolves JS/TS calls through relative imports and requires only, not shadowed ones', async () => {
    assert.deepEqual(
      await callsOf('typescript', 'src/server.ts', `import { run as go } from './lib/shell';\nimport * as q from '../q';\nimport express from 'express';\nconst { other } = require('./other');\nconst pkg = require('some-package');\ngo(1);\nq.find(2);\nexpress();\nother(3);\npkg.call(4);\nfunction f(go: any) { go(5); }\n`),
      ['go -> js:src/lib/shell#run (relative)', 'q.find -> js:q#find (relative)', 'other -> js:src/other#other (relative)'],
    );
  });

  it('resolves Python calls through from-imports (relative too), module aliases and classes', async () => {
    assert.deepEqual(
      await callsOf('python', 'app/views.py', `from .helpers import run\nfrom app import tools\nimport pkg.mod as m\nimport os\nrun(1)\ntools.Runner().go(2)\nm.f(3)\nos.system(4)\nr = tools.Runner()\nr.go(5)\n`),
      [
        'run -> py:app.helpers#run | py:app#helpers.run (relative)',
        'tools.Runner().go -> py:app.tools.Runner#go | py:app.tools#Runner.go',
        'tools.Runner -> py:app.tools#Runner | py:app#tools.Runner',
        'm.f -> py:pkg.mod#f | py:pkg#mod.f',
        'os.system -> py:os#system',
        'tools.Runner -> py:app.tools#Runner | py:app#tools.Runner',
        'r.go -> py:app.tools.Runner#go | py:app.tools#Runner.go',
      ],
    );
  });

  it('resolves Java calls by the receiver type: single-type imports, the package, wildcard and static imports', async () => {
    assert.deepEqual(
      await callsOf('java', 'com/x/web/H.java', `package com.x.web;\nimport com.x.util.Shell;\nimport com.y.*;\nimport static com.x.util.Tools.clean;\nclass H {\n  void h(Helper hp) {\n    Shell sh = new Shell();\n    sh.run("a");\n    Params.read("b");\n    hp.go("c");\n    clean("d");\n    new Shell().run("e");\n  }\n}\n`),
      [
        'sh.run -> java:com.x.util.Shell#run',
        'Params.read -> java:com.x.web.Params#read | java:com.y.Params#read',
        'hp.go -> java:com.x.web.Helper#go | java:com.y.Helper#go',
        'clean -> java:com.x.util.Tools#clean',
        'new Shell().run -> java:com.x.util.Shell#run',
      ],
    );
  });

  it('resolves C# calls by the receiver type through usings, aliases and the enclosing namespaces', async () => {
    assert.deepEqual(
      await callsOf('csharp', 'Web/C.cs', `using App.Util;\nusing S = App.Other.Shell2;\nnamespace App.Web {\n  class C {\n    void M(Helper h) {\n      Shell.Exec("a");\n      S.Run("b");\n      h.Go("c");\n    }\n  }\n}\n`),
      [
        'Shell.Exec -> cs:App.Util.Shell#Exec | cs:App.Web.Shell#Exec | cs:App.Shell#Exec | cs:Shell#Exec',
        'S.Run -> cs:App.Other.Shell2#Run',
        'h.Go -> cs:App.Util.Helper#Go | cs:App.Web.Helper#Go | cs:App.Helper#Go | cs:Helper#Go',
      ],
    );
  });

  it('finds Go top-level functions by package directory, and resolves calls of the same package and through import paths', async () => {
    assert.deepEqual(await defsOf('go', 'internal/shell/shell.go', `package shell\n\nfunc Exec(name string, args ...string) error { return nil }\nfunc quote(a, b string) string { return a }\nfunc init() {}\ntype T struct{}\nfunc (t *T) Method(x string) {}\n`), [
      'go:internal/shell#Exec/2',
      'go:internal/shell#quote/2',
    ]);
    const names = new Set(['go:web', 'go:internal/shell', 'go:shell', 'go:util']);
    assert.deepEqual(
      await callsOf(
        'go',
        'web/h.go',
        `package web\n\nimport (\n\t"fmt"\n\tsh "example.com/app/internal/shell"\n\t"example.com/app/util/v2"\n\t_ "example.com/app/db"\n\t. "example.com/app/shell"\n)\n\nfunc local(x string) {}\n\nfunc H(run func(string)) {\n\tsh.Exec("a")\n\tutil.Clean("b")\n\thelper("c")\n\tlocal("d")\n\trun("e")\n\tfmt.Println("f")\n\tlen("g")\n}\n`,
        names,
      ),
      ['sh.Exec -> go:internal/shell#Exec', 'util.Clean -> go:util#Clean', 'helper -> go:web#helper | go:shell#helper'],
    );
  });
});
