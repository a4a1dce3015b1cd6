import { batchSummaries } from '../../../../tasks/engine/run/fileBatch';
import assert from 'node:assert/strict';
import type { Finding } from '../../../../tasks/contract/findings';
import { EMPTY_CONFIG } from '../../../../tasks/engine/config/palisadeConfig';
import { scan } from '../../../../tasks/engine/index';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { crossFileFindings, MAX_ROUNDS, spansFiles, treeNames } from '../../../../tasks/engine/run/crossFile';
import { activeRules } from '../../../../tasks/engine/run/ruleSet';
import { scanWithPool } from '../../../../tasks/engine/run/scanPool';
import { walk } from '../../../../tasks/engine/run/walker';
import { toSarif } from '../../../../tasks/engine/sarif/sarifExport';
import { makeTree, removeTree } from '../../../support/tmpTree';

// Small trees where request input is read in one file and reaches a sink in another (and
// counterparts where it is sanitised, constant, or the import is ambiguous or missing).
const JS: Record<string, string> = {
  'app.js': `const { run, runFixed } = require('./lib/shell');
const { quoteArg, fixedArg } = require('./lib/args');
const cp = require('child_process');
const dup = require('./dup');
const gone = require('./missing');
const { relay } = require('./lib/relay');
const express = require('express');
const app = express();
app.get('/x', (req, res) => {
  run(req.query.cmd);
  runFixed(parseInt(req.query.n, 10));
  dup.go(req.query.d);
  gone.go(req.query.e);
  relay(req.query.r);
  cp.spawn(quoteArg(req.query.q));
  cp.spawn(fixedArg(req.query.f));
  res.send('ok');
});
`,
  'dup.js': `const cp = require('child_process');
exports.go = function (c) { cp.spawn(c); };
`,
  'dup/index.js': `const cp = require('child_process');
exports.go = function (c) { cp.spawn(c); };
`,
  'lib/args.js': `function quoteArg(v) {
  return '"' + v + '"';
}
function fixedArg(v) {
  return 'ls';
}
module.exports = { quoteArg, fixedArg };
`,
  'lib/launcher.js': `const cp = require('child_process');
function launch(what) {
  cp.execFile(what);
}
module.exports = { launch };
`,
  'lib/relay.js': `const { launch } = require('./launcher');
function relay(value) {
  launch('prefix-' + value);
}
module.exports = { relay };
`,
  'lib/shell.js': `const cp = require('child_process');
function run(cmd) {
  cp.spawn(cmd);
}
function runFixed(cmd) {
  cp.spawn(cmd);
}
module.exports = { run, runFixed };
`,
};

const TS: Record<string, string> = {
  'src/lib/query.ts': `import { db } from './db';
export function find(id: string) {
  return db.query(id);
}
export function userName(): string {
  return 'x';
}
`,
  'src/lib/shell.ts': `import { spawn } from 'child_process';
export function runCommand(cmd: string): void {
  spawn(cmd);
}
export function listFiles(n: number): void {
  spawn(\`ls -\${n}\`);
}
`,
  'src/server.ts': `import express from 'express';
import { runCommand, listFiles } from './lib/shell';
import * as q from './lib/query';
const app = express();
app.get('/run', (req, res) => {
  runCommand(String(req.query.cmd));
  listFiles(Number(req.query.n));
  q.find(req.params.id);
  res.send(q.userName());
});
`,
};

const PY: Record<string, string> = {
  'app/__init__.py': ``,
  'app/helpers.py': `import subprocess

def run(cmd):
    subprocess.call(cmd)

def run_quoted(cmd):
    subprocess.call(cmd)
`,
  'app/tools.py': `import subprocess

class Runner:
    def go(self, cmd):
        subprocess.check_output(cmd)
`,
  'app/views.py': `import shlex
from flask import Flask, request
from .helpers import run, run_quoted
from app import tools
app = Flask(__name__)

@app.route('/x')
def view():
    run(request.args.get('c'))
    run_quoted(shlex.quote(request.args.get('d')))
    tools.Runner().go(request.args.get('e'))
    return 'ok'
`,
};

const JAVA: Record<string, string> = {
  'src/main/java/com/x/util/Shell.java': `package com.x.util;

public class Shell {
    public void run(String c) throws Exception {
        Runtime.getRuntime().exec(c);
    }
    public void runFixed(String c) throws Exception {
        Runtime.getRuntime().exec(c);
    }
}
`,
  'src/main/java/com/x/web/Handler.java': `package com.x.web;

import com.x.util.Shell;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class Handler extends HttpServlet {
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        Shell sh = new Shell();
        sh.run(req.getParameter("c"));
        sh.runFixed("ls");
        String v = Params.read(req);
        Runtime.getRuntime().exec(v);
        String k = Params.fixed(req);
        Runtime.getRuntime().exec(k);
    }
}
`,
  'src/main/java/com/x/web/Params.java': `package com.x.web;

import javax.servlet.http.HttpServletRequest;

public class Params {
    public static String read(HttpServletRequest r) {
        return r.getParameter("p");
    }
    public static String fixed(HttpServletRequest r) {
        return "ls";
    }
}
`,
};

const CS: Record<string, string> = {
  'Util/Shell.cs': `using System.Diagnostics;

namespace App.Util
{
    public static class Shell
    {
        public static void Exec(string c)
        {
            Process.Start(c);
        }

        public static void ExecFixed(string c)
        {
            Process.Start(c);
        }
    }
}
`,
  'Web/HomeController.cs': `using App.Util;
using Microsoft.AspNetCore.Mvc;

namespace App.Web
{
    public class HomeController : Controller
    {
        public IActionResult Run(string cmd)
        {
            Shell.Exec(cmd);
            Shell.ExecFixed("ls");
            return Ok();
        }
    }
}
`,
};

const GO: Record<string, string> = {
  'go.mod': 'module example.com/shop\n\ngo 1.22\n',
  'web/handler.go': `package web

import (
\t"net/http"

\t"example.com/shop/internal/shell"
)

func Run(w http.ResponseWriter, r *http.Request) {
\tshell.Exec(r.URL.Query().Get("cmd"))
\tshell.Exec("uptime")
\tlaunch(r.FormValue("tool"))
\tw.WriteHeader(http.StatusNoContent)
}
`,
  'web/launch.go': `package web

import "os/exec"

func launch(tool string) {
\t_ = exec.Command(tool).Run()
}
`,
  'internal/shell/shell.go': `package shell

import "os/exec"

func Exec(name string) error {
\treturn exec.Command(name).Run()
}
`,
  'other/shell/shell.go': `package shell

import "os/exec"

func Exec(name string) error {
\treturn exec.Command(name).Run()
}
`,
};

/** A flow that passes through another file than the finding's. */
function crossesFiles(f: Finding): boolean {
  return !!f.flow?.some((s) => s.path && s.path !== f.path);
}

/** Findings whose flow crosses files, as `rule path:line <- source path:line`. */
function crossed(fs: readonly Finding[]): string[] {
  return fs
    .filter(crossesFiles)
    .map((f) => `${f.ruleId} ${f.path}:${f.region.startLine} <- ${f.flow![0].path ?? f.path}:${f.flow![0].region.startLine}`)
    .sort();
}

describe('data flow across files', () => {
  let root = '';
  afterEach(() => removeTree(root));

  const run = async (files: Record<string, string>, workers = 1) => {
    root = makeTree(files);
    return scan({ root, scanners: ['code'], workers });
  };

  it('JavaScript: require of relative modules, through a relay module, not through a sanitiser; ambiguous and missing modules are counted', async () => {
    const r = await run(JS);
    assert.deepEqual(crossed(r.findings), ['js-command-injection app.js:15 <- app.js:15', 'js-command-injection lib/launcher.js:3 <- app.js:14', 'js-command-injection lib/shell.js:3 <- app.js:10']);
    // Input that goes through a function of another file and back: `cp.spawn(quoteArg(req.query.q))`.
    const back = r.findings.find((f) => f.path === 'app.js' && f.region.startLine === 15)!;
    assert.deepEqual(back.flow!.map((s) => `${s.path ?? back.path}:${s.region.startLine} ${s.preview}`), ['app.js:15 req.query.q', 'lib/args.js:2 v', 'app.js:15 quoteArg(req.query.q)', 'app.js:15 cp.spawn(quoteArg(req.query.q))']);
    // `runFixed(parseInt(...))`, `fixedArg(...)` and `dup.go(...)` / `gone.go(...)` report nothing.
    assert.equal(r.findings.filter((f) => f.ruleId === 'js-command-injection').length, 3);
    const relay = r.findings.find((f) => f.path === 'lib/launcher.js')!;
    assert.deepEqual(
      relay.flow!.map((s) => `${s.path ?? relay.path}:${s.region.startLine} ${s.preview}`),
      ['app.js:14 req.query.r', 'lib/relay.js:3 value', "lib/relay.js:3 'prefix-' + value", 'lib/launcher.js:3 what', 'lib/launcher.js:3 cp.execFile(what)'],
    );
    const diag = r.diagnostics.map((d) => d.message).join('\n');
    assert.match(diag, /1 call\(s\) match functions in several files and were not followed, e\.g\. app\.js:12 \(dup\/index\.js, dup\.js\)/);
    assert.match(diag, /1 call\(s\) pass input to a relative module that is not among the scanned files .* app\.js:13/);
  });

  it('TypeScript: named and namespace imports; a number is not input', async () => {
    const r = await run(TS);
    assert.deepEqual(crossed(r.findings), ['js-command-injection src/lib/shell.ts:3 <- src/server.ts:6', 'js-sql-injection src/lib/query.ts:3 <- src/server.ts:8']);
    assert.ok(!r.findings.some((f) => f.path === 'src/lib/shell.ts' && f.region.startLine === 6));
  });

  it('Python: relative from-imports, a module imported from its package, a method of an imported class; shlex.quote sanitises', async () => {
    const r = await run(PY);
    assert.deepEqual(crossed(r.findings), ['py-command-injection app/helpers.py:4 <- app/views.py:9', 'py-command-injection app/tools.py:5 <- app/views.py:11']);
    assert.ok(!r.findings.some((f) => f.path === 'app/helpers.py' && f.region.startLine === 7), 'run_quoted gets quoted input only');
  });

  it('Java: an imported class, a class of the same package returning input; constants are not reported', async () => {
    const r = await run(JAVA);
    assert.deepEqual(crossed(r.findings), [
      'java-command-injection src/main/java/com/x/util/Shell.java:5 <- src/main/java/com/x/web/Handler.java:11',
      'java-command-injection src/main/java/com/x/web/Handler.java:14 <- src/main/java/com/x/web/Params.java:7',
    ]);
    assert.equal(r.findings.filter((f) => f.ruleId === 'java-command-injection').length, 2, 'runFixed("ls") and Params.fixed() stay silent');
  });

  it('C#: a class of a namespace named by `using`; a constant argument is not reported', async () => {
    const r = await run(CS);
    assert.deepEqual(crossed(r.findings), ['cs-command-injection Util/Shell.cs:9 <- Web/HomeController.cs:10']);
    // ExecFixed("ls") passes no input; its own parameter naming the program is reported within its file.
    const fixed = r.findings.filter((f) => f.ruleId === 'cs-command-injection' && f.region.startLine === 14);
    assert.equal(fixed.length, 1);
    assert.equal(fixed[0].flow, undefined);
    assert.equal(r.findings.filter((f) => f.ruleId === 'cs-command-injection').length, 2, 'one finding per sink: the cross-file path is added to it');
  });

  it('Go: a function of another package by its import path, and of another file of the same package; a constant is not reported', async () => {
    const r = await run(GO);
    assert.deepEqual(crossed(r.findings), ['go-command-injection internal/shell/shell.go:6 <- web/handler.go:10', 'go-command-injection web/launch.go:6 <- web/handler.go:12']);
    // The import path names internal/shell, not other/shell (same package name, same function):
    // other/shell is reported for its own parameter naming the program, with no path from web/.
    assert.ok(r.findings.filter((f) => f.path === 'other/shell/shell.go').every((f) => !f.flow));
    assert.equal(r.findings.filter((f) => f.ruleId === 'go-command-injection').length, 3, 'one finding per sink; shell.Exec("uptime") adds none');
  });

  it('writes the path across files into SARIF codeFlows, each place with its own file', async () => {
    const r = await run(JAVA);
    const sarif = toSarif(r) as unknown as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; codeFlows?: { threadFlows: { locations: { location: { physicalLocation: { artifactLocation: { uri: string } } } }[] }[] }[] }[] }[] };
    const res = sarif.runs[0].results.find((x) => x.locations[0].physicalLocation.artifactLocation.uri.endsWith('util/Shell.java'))!;
    const uris = res.codeFlows![0].threadFlows[0].locations.map((l) => l.location.physicalLocation.artifactLocation.uri);
    assert.equal(uris[0], 'src/main/java/com/x/web/Handler.java');
    assert.equal(uris[uris.length - 1], 'src/main/java/com/x/util/Shell.java');
  });

  it('finds the same across files when worker threads scan', async () => {
    root = makeTree(JAVA);
    const rules = activeRules(loadBuiltinRules(), EMPTY_CONFIG);
    const files = walk({ root, excludes: [], maxFileSize: 1 << 20 }).files;
    rules.code.crossFile = { names: treeNames(files) };
    const known = new Set(rules.specs.map((s) => s.id));
    const threads = await scanWithPool(files, rules, { workers: 2, collectSecrets: false, knownRuleIds: known, mainThreadScans: false });
    const here = await scanWithPool(files, rules, { workers: 1, collectSecrets: false, knownRuleIds: known });
    const sort = (s: { path: string }[]) => [...s].sort((a, b) => (a.path < b.path ? -1 : 1));
    // Other threads send their summaries packed (see packSummaries): read back, the same.
    assert.deepEqual(threads.summaries, []);
    assert.deepEqual(sort(batchSummaries(threads)), sort(batchSummaries(here)));
    const cross = await crossFileFindings(batchSummaries(threads), { files, code: rules.code, detector: rules.detector, knownRuleIds: known, existing: threads.findings });
    assert.equal(crossed(cross.findings).length, 2);
  });

  it('reports nothing across files for a file scanned alone; a tree adds only findings whose path crosses files', async () => {
    for (const tree of [JS, TS, PY, JAVA, CS, GO]) {
      const whole = await run(tree);
      const alone: Finding[] = [];
      for (const path of Object.keys(tree)) {
        const one = await scan({ root, scanners: ['code'], workers: 1, paths: [path] });
        assert.deepEqual(crossed(one.findings), []);
        alone.push(...one.findings);
      }
      const key = (f: Finding) => `${f.ruleId} ${f.path}:${f.region.startLine}:${f.region.startColumn}`;
      const aloneKeys = new Set(alone.map(key));
      // Every finding of a file alone is in the tree's scan (with the path from another file when one reaches it) ...
      assert.deepEqual(alone.map(key).filter((k) => !whole.findings.some((f) => key(f) === k)), []);
      // ... and what the tree adds crosses files.
      assert.deepEqual(whole.findings.filter((f) => !aloneKeys.has(key(f)) && !crossesFiles(f)).map(key), []);
      removeTree(root);
    }
  });

  it('finds input reaching a sink in files left unparsed because they name no source (parsed once a caller passes input)', async () => {
    // lib/files.js, lib/open.js and dup/index.js hold only path-traversal sinks and name no
    // source: the first scan leaves them unparsed (checked below); input from server.js must still
    // reach them, and the call with two candidate modules stays ambiguous although one was parsed.
    const files: Record<string, string> = {
      'server.js': `const files = require('./lib/files');
const { openIt } = require('./lib/open');
const dup = require('./dup');
const app = require('express')();
app.get('/f', (req, res) => res.json(files.read(req.query.name)));
app.get('/o', (req, res) => openIt(req.params.p));
app.get('/d', (req, res) => dup.get(req.query.d));
`,
      'lib/files.js': `const fs = require('fs');
const path = require('path');
exports.read = function (name) {
  return fs.readFileSync(path.join('/srv', name));
};
`,
      'lib/open.js': `const fs = require('fs');
function openIt(p) {
  return fs.createReadStream(p);
}
module.exports = { openIt };
`,
      // Names a source (in a comment), so the first scan parses it; dup/index.js it does not.
      'dup.js': `const fs = require('fs');
// not req.query
exports.get = function (p) { return fs.readFileSync(p); };
`,
      'dup/index.js': `const fs = require('fs');
exports.get = function (p) { return fs.readFileSync(p); };
`,
    };
    const r = await run(files);
    assert.deepEqual(crossed(r.findings), ['js-path-traversal lib/files.js:4 <- server.js:5', 'js-path-traversal lib/open.js:3 <- server.js:6']);
    assert.match(r.diagnostics.map((d) => d.message).join('\n'), /1 call\(s\) match functions in several files and were not followed, e\.g\. server\.js:7 \((dup\/index\.js, dup\.js|dup\.js, dup\/index\.js)\)/);
    // The first scan did not parse them (no summary), so the findings above came from the on-demand parse.
    const rules = activeRules(loadBuiltinRules(), EMPTY_CONFIG);
    rules.code.crossFile = { names: treeNames(Object.keys(files).map((path) => ({ path }))) };
    for (const path of ['lib/files.js', 'lib/open.js', 'dup/index.js']) {
      const first = await rules.code.scanTreeFile(files[path], path, []);
      assert.equal(first.summary, undefined, path);
    }
    for (const path of ['server.js', 'dup.js']) assert.ok((await rules.code.scanTreeFile(files[path], path, [])).summary, path);
  });

  it('stops after its rounds and says so', async () => {
    // A chain longer than the rounds: each module passes its input to the next.
    const files: Record<string, string> = {
      'app.js': `const { f0 } = require('./m0');\nconst app = require('express')();\napp.get('/', (req, res) => f0(req.query.x));\n`,
    };
    const n = MAX_ROUNDS + 2;
    for (let i = 0; i < n; i++) {
      files[`m${i}.js`] = i < n - 1
        ? `const { f${i + 1} } = require('./m${i + 1}');\nfunction f${i}(v) { f${i + 1}(v); }\nmodule.exports = { f${i} };\n`
        : `const cp = require('child_process');\nfunction f${i}(v) { cp.spawn(v); }\nmodule.exports = { f${i} };\n`;
    }
    const r = await run(files);
    assert.deepEqual(crossed(r.findings), []);
    assert.match(r.diagnostics.map((d) => d.message).join('\n'), /cross-file data flow: stopped after 4 round\(s\)/);
  });
});

describe('spansFiles', () => {
  const files = (...paths: string[]) => paths.map((path) => ({ path }));
  it('is false for one source file, or one per language, so such a scan skips the cross-file index', () => {
    assert.equal(spansFiles(files('src/app.ts')), false);
    assert.equal(spansFiles(files('app.py', 'Main.java', 'Program.cs', 'main.go', 'README.md', 'package.json', 'types.d.ts')), false);
  });
  it('is true once two files of one language may call each other', () => {
    assert.equal(spansFiles(files('src/app.ts', 'src/lib.js')), true);
    assert.equal(spansFiles(files('a/one.py', 'b/two.py')), true);
    assert.equal(spansFiles(files('cmd/main.go', 'cmd/util.go')), true);
  });
});
